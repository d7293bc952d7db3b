"""Charts as PNG or SVG files made on the server, for the download buttons beside the CSV.

kaleido (plotly's static export) draws the figure with the plotly.js that the plotly package ships, in a
headless Chromium it finds on the PATH (Debian's /usr/bin/chromium) or at $BROWSER_PATH. Nothing leaves the
machine: MathJax (fetched from a CDN by default) is off, and geo maps get the empty inline base map
(charts.OFFLINE_MAP_CONFIG). The file carries what the screen shows around the chart: its title and the
note naming its sources. No Streamlit here.
"""
from __future__ import annotations

import os
import shutil
from functools import lru_cache

import plotly.graph_objects as go

from .charts import EMPTY_TOPOLOGY_URL

IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
# Layout pixels of a downloaded chart; PNGs are drawn at twice that for sharp print.
WIDTH, HEIGHT, PNG_SCALE = 1000, 650, 2
# Room under the plot for the axis title and the legend (charts.series_figure puts it below), with the
# source note on the last line.
BOTTOM_MARGIN, NOTE_FROM_BOTTOM = 190, 20
# Chromium executables kaleido's browser search knows on Linux, in its order.
BROWSER_NAMES = ("google-chrome", "chromium", "chromium-browser", "chrome")


class ChartImageUnavailable(RuntimeError):
    """Static export cannot run here (kaleido or a Chromium missing)."""


@lru_cache(maxsize=1)
def browser_path() -> str | None:
    """The Chromium kaleido would start: $BROWSER_PATH, else the first one on the PATH."""
    return os.environ.get("BROWSER_PATH") or next(filter(None, map(shutil.which, BROWSER_NAMES)), None)


def available() -> bool:
    """Whether charts can be exported here (so a view offers the buttons only when they work)."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False
    return browser_path() is not None


def with_caption(figure: go.Figure, title: str, note: str) -> go.Figure:
    """A copy of `figure` with `title` above and `note` (its sources) below, as the page shows them."""
    framed = go.Figure(figure)
    framed.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        margin={"t": 60, "b": BOTTOM_MARGIN, "l": 60, "r": 30},
        annotations=[*framed.layout.annotations, go.layout.Annotation(
            text=note, showarrow=False, xref="paper", yref="paper", x=0, y=0, xanchor="left",
            yanchor="bottom", yshift=NOTE_FROM_BOTTOM - BOTTOM_MARGIN, align="left",
            font={"size": 11, "color": "#555555"})],
    )
    return framed


def chart_image(figure: go.Figure, image_format: str, title: str = "", note: str = "") -> bytes:
    """The figure with its title and source note as PNG or SVG bytes; ChartImageUnavailable when kaleido or a
    Chromium is missing, ValueError for another format."""
    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"image format must be one of {', '.join(IMAGE_FORMATS)}, not {image_format!r}")
    if not available():
        raise ChartImageUnavailable("chart export needs kaleido and Chromium (apt-get install chromium)")
    import kaleido
    opts = {"format": image_format, "width": WIDTH, "height": HEIGHT,
            "scale": PNG_SCALE if image_format == "png" else 1}
    # path: the browser `available` found, so kaleido starts that one
    return kaleido.calc_fig_sync(with_caption(figure, title, note).to_dict(), opts=opts,
                                 topojson=EMPTY_TOPOLOGY_URL, kopts={"mathjax": False, "path": browser_path()})
