"""Bytes on disk → decoded document text: the first step of the pipeline.

`read_document(path)` accepts plain text (`.txt`, `.md`) in the common Chinese encodings, text PDFs and
HTML pages, and returns a `SourceText`. Anything it cannot turn into trustworthy text raises
`UnreadableDocument` naming the file and the reason; it never returns mojibake silently.

Line breaks are normalised to `\\n` (CRLF and lone CR count as one break each, as editors count them), so
the 1-based line numbers facts carry match what a person sees when opening the file.
"""
from __future__ import annotations

import io
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

import charset_normalizer
import regex

if TYPE_CHECKING:
    from bs4 import Tag

MAX_BYTES = 50 * 1024 * 1024
"""Largest file accepted (50 MiB). The corpus newsletters are 40–170 KB as text and a few MB as PDF;
anything far larger is almost certainly not a newsletter and would stall the ingest of everything else."""

TEXT_SUFFIXES = frozenset({".txt", ".md"})
PDF_SUFFIXES = frozenset({".pdf"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | HTML_SUFFIXES

# Encodings tried for text without a BOM, in order. UTF-8 first: it is strict enough that a successful
# decode of non-ASCII text is almost never an accident. GB18030 is a superset of GBK and GB2312; cp950 is
# Microsoft's Big5 (a superset of Python's plain `big5`).
_LEGACY_CHINESE = ("gb18030", "cp950")

# Characters that never occur in real prose (whitespace controls excepted); C-speed counting via `regex`.
_CONTROLS = regex.compile(r"[\p{Cc}--[\t\n\r\f\v]]", regex.V1)
_MESS = regex.compile(r"[[\p{Cc}\p{Co}\p{Cn}\p{Cs}\uFFFD]--[\t\n\r\f\v]]", regex.V1)
# Dropped from accepted text: control characters are no prose, and the layout ones (form feed, vertical
# tab, U+001C–U+001E, U+0085) would count as line breaks downstream where no editor shows one.
_NOT_PROSE = regex.compile(r"[\p{Cc}--[\t\n\r]]", regex.V1)
# Every line break becomes "\n": CRLF and CR (one break each, as editors count them) and the Unicode
# line and paragraph separators.
_LINE_BREAKS = regex.compile("\r\n?|[\u2028\u2029]")

# Characters that are none of the above (neither mess, control nor line break): printable ASCII, tab and
# \n, Latin-1, general punctuation, CJK symbols, unified ideographs and full-width forms — nearly all of a
# Chinese text. The patterns above are run only over what is left (`_unusual`): `regex` tests each
# character's Unicode properties one by one, and on a whole newsletter that took a tenth of extracting it.
# tests/extraction/test_reader.py checks that no character of these ranges matches those patterns.
_USUAL_RANGES = "\t\n\x20-\x7e\xa0-\xff\u2010-\u2027\u3000-\u303f\u4e00-\u9fef\uff01-\uff5e"
_UNUSUAL = re.compile(f"[^{_USUAL_RANGES}]+")

# Share of "mess" characters (controls, private use, unassigned, U+FFFD) tolerated in decoded text.
_MAX_MESS_RATIO = 0.002

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v") + b"\x7f"

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Elements whose text is never article text.
_HTML_DROP = ("script", "style", "nav", "aside", "noscript", "template", "form", "iframe", "svg", "button",
              "select")
# Page banners and footers are dropped, but an article's own <header> holds its title and is kept.
_HTML_PAGE_FRAME = ("header", "footer")
# Where a page states its publication date, and how a site name trails a <title> (标题_新华网, 标题 - 新华网).
_HTML_DATE_META = frozenset({"article:published_time", "og:published_time", "pubdate", "publishdate", "publish_date",
                             "publish-date", "date", "dc.date", "dc.date.issued", "datepublished"})
_HTML_DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_HTML_TITLE_SITE = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s)\s*")
# Elements that start a new paragraph.
_HTML_BLOCKS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
                          "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr",
                          "figure", "figcaption", "address", "hr", "body"})


class UnreadableDocument(Exception):
    """A file that cannot be turned into trustworthy text; `str(e)` is "<file name>: <reason>"."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass
class SourceText:
    """A document's decoded text and how it was obtained.

    `encoding` is the codec used for text/HTML files (e.g. 'utf-8', 'gb18030', 'utf-16') and 'pdf' for PDFs;
    `format` is 'text', 'pdf' or 'html'.
    """
    path: Path
    text: str
    encoding: str
    format: str


def read_document(path: Path | str) -> SourceText:
    """Read and decode one document; raise `UnreadableDocument` with the reason when that is impossible."""
    path = Path(path)
    return decode_document(path, load_bytes(path))


def load_bytes(path: Path | str) -> bytes:
    """Read a file's raw bytes after the checks that need no decoding: extension, kind of file, size, emptiness.

    Split from `decode_document` so the ingest can hash the bytes and skip unchanged files without decoding.
    Only regular files are read: a FIFO would block forever and a device (/dev/zero) never ends. At most
    MAX_BYTES + 1 bytes are read whatever the file system says its size is (/proc files say 0).
    """
    path = Path(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnreadableDocument(path, f"unsupported file type '{path.suffix or '(none)'}' "
                                       f"(accepted: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    try:
        _require_regular_file(path, os.stat(path).st_mode)
        # O_NONBLOCK: a FIFO swapped in after the check above still cannot block the open.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            _require_regular_file(path, info.st_mode)
            if info.st_size > MAX_BYTES:
                raise UnreadableDocument(path, f"file too large: {info.st_size} bytes, limit is {MAX_BYTES} bytes")
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise UnreadableDocument(path, f"cannot read file: {error.strerror or error}") from error
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(path, f"file too large: more than {MAX_BYTES} bytes, limit is {MAX_BYTES} bytes")
    if not data.strip():
        raise UnreadableDocument(path, "empty file")
    return data


_SPECIAL_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                  (stat.S_ISSOCK, "a socket"))


def _require_regular_file(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "a special file")
    raise UnreadableDocument(path, f"not a regular file: {kind}")


def decode_document(path: Path | str, data: bytes) -> SourceText:
    """Decode the bytes of `path` (already loaded) according to its extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        text, encoding, fmt = _pdf_text(path, data), "pdf", "pdf"
    elif suffix in HTML_SUFFIXES:
        text, encoding = _html_text(path, data)
        fmt = "html"
    else:
        text, encoding = decode_text(path, data)
        fmt = "text"
    if not text.strip():
        raise UnreadableDocument(path, "no text in document")
    return SourceText(path=path, text=text, encoding=encoding, format=fmt)


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode plain-text bytes in any common Chinese encoding; return (text, encoding name)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _accept(path, _strict(data, codec), codec)
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return _accept(path, *utf16)
        if data.count(0) / len(data) > _MAX_MESS_RATIO:
            raise UnreadableDocument(path, "binary file, not text")
        # else a few stray NUL bytes in text (a bad copy, a truncated write): dropped below like any control
    if _control_byte_ratio(data) > _MAX_MESS_RATIO:
        raise UnreadableDocument(path, "binary file, not text")
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return _accept(path, utf8, "utf-8")
    candidates = {codec: text for codec in _LEGACY_CHINESE
                  if (text := _strict(data, codec)) is not None and _is_clean(text)}
    if len(candidates) == 1:
        (codec, text), = candidates.items()
        return _accept(path, text, codec)
    if len(candidates) > 1:
        # Big5 bytes usually also decode as GBK (and vice versa) into valid but meaningless characters:
        # let charset-normalizer's language model pick the reading that looks like Chinese.
        best = charset_normalizer.from_bytes(data, cp_isolation=list(candidates)).best()
        if best is not None and best.encoding in candidates:
            return _accept(path, candidates[best.encoding], best.encoding)
    raise UnreadableDocument(path, "undecodable text: not UTF-8, UTF-16, GB18030/GBK or Big5")


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """NUL bytes may be UTF-16 without a BOM (ASCII characters leave a zero byte): (text, codec) or None."""
    if len(data) % 2 == 0:
        even_zeros = data[0::2].count(0)
        odd_zeros = data[1::2].count(0)
        codec = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
        text = _strict(data, codec)
        if text is not None and _is_clean(text):
            return text, codec
    return None


def _control_byte_ratio(data: bytes) -> float:
    """ASCII control bytes: in GBK, Big5 and UTF-8 text they can only stand for themselves."""
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / max(len(data), 1)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _accept(path: Path, text: str | None, codec: str) -> tuple[str, str]:
    """Return decoded text only if it is clean; a failed or messy decode is an error, not mojibake.
    The few control characters tolerated (stray NULs, a form of escape) are dropped: they are no prose."""
    if text is None:
        raise UnreadableDocument(path, f"undecodable text: invalid {codec} byte sequence")
    if not _is_clean(text):
        if "\x00" in text or _control_ratio(text) > _MAX_MESS_RATIO:
            raise UnreadableDocument(path, "binary file, not text")
        raise UnreadableDocument(path, f"undecodable text: decodes as {codec} only into garbled characters")
    return _normalise_newlines(text), codec


def _is_clean(text: str) -> bool:
    return _mess_ratio(text) <= _MAX_MESS_RATIO


def _unusual(text: str) -> str:
    """The characters of `text` outside `_USUAL_RANGES`, the only ones that can be mess, controls or breaks."""
    return "".join(_UNUSUAL.findall(text))


def _mess_ratio(text: str) -> float:
    """Share of characters that never occur in real prose: controls, private use, unassigned, U+FFFD."""
    return len(_MESS.findall(_unusual(text))) / len(text) if text else 0.0


def _control_ratio(text: str) -> float:
    return len(_CONTROLS.findall(_unusual(text))) / max(len(text), 1)


def _normalise_newlines(text: str) -> str:
    """Line breaks as "\n" and control characters dropped, so `text.split("\n")` are the lines."""
    unusual = _unusual(text)
    if not _NOT_PROSE.search(unusual) and not _LINE_BREAKS.search(unusual):
        return text
    return _LINE_BREAKS.sub("\n", _NOT_PROSE.sub("", text))


def _pdf_text(path: Path, data: bytes) -> str:
    """Text layer of a PDF, pages separated by a blank line."""
    if not data.lstrip().startswith(b"%PDF-"):
        raise UnreadableDocument(path, "corrupt PDF: no PDF header")
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableDocument(path, "truncated PDF: no end-of-file marker")
    import pypdf                             # here, not at the top: most runs read no PDF (start-up time)
    try:
        pdf = pypdf.PdfReader(io.BytesIO(data))
        if pdf.is_encrypted and not pdf.decrypt(""):
            raise UnreadableDocument(path, "encrypted PDF needs a password")
        pages = [page.extract_text() or "" for page in pdf.pages]
    except UnreadableDocument:
        raise
    except Exception as error:  # pypdf raises many exception types for damaged files
        raise UnreadableDocument(path, f"corrupt PDF: {error}") from error
    text = _normalise_newlines("\n\n".join(page.rstrip() for page in pages))
    if not text.strip():
        raise UnreadableDocument(path, f"PDF has no text layer ({len(pages)} pages, scanned images?)")
    return text


def _html_text(path: Path, data: bytes) -> tuple[str, str]:
    """Article text of an HTML page: boilerplate elements dropped, paragraphs kept as blank-line breaks."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning   # here: most runs read no HTML (start-up)
    from bs4.dammit import EncodingDetector
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    html, encoding = _decode_html(path, data, declared)
    # lxml (libxml2) builds the tree in linear time whatever the markup; the standard library's parser is
    # quadratic on some malformed pages (an unclosed <!-- followed by many <a href=').
    with warnings.catch_warnings():  # a page whose whole text looks like a file name is still a page
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "lxml")
    title, date = _page_title(soup), _page_date(soup)
    for element in soup.find_all(_HTML_DROP):
        element.decompose()
    for element in soup.find_all(_HTML_PAGE_FRAME):
        if element.find_parent("article") is None:
            element.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    parts: list[str] = []
    _collect_text(root, parts)
    # The page's own title and date as the metadata lines a saved page opens with (标题: / 日期:), so
    # the extractor reads them like any document's header; an article with its own heading keeps it.
    header = ([f"标题: {title}"] if title and root.find("h1") is None else []) + ([f"日期: {date}"] if date else [])
    text = _tidy_paragraphs("".join(parts))
    return ("\n".join(header) + "\n\n" + text if header else text), encoding


def _page_title(soup) -> str | None:
    """The page's title: its og:title, else <title> with the site name after a separator dropped."""
    meta = soup.find("meta", attrs={"property": "og:title"})
    title = meta.get("content") if meta else (soup.title.get_text() if soup.title else None)
    title = _HTML_TITLE_SITE.split(title.strip())[0].strip() if title else None
    return title or None


def _page_date(soup) -> str | None:
    """The publication date a page declares (<meta name=pubdate…>, <time datetime>), as YYYY-MM-DD."""
    candidates = [m.get("content") for m in soup.find_all("meta")
                  if (m.get("name") or m.get("property") or m.get("itemprop") or "").lower() in _HTML_DATE_META]
    candidates += [t.get("datetime") for t in soup.find_all("time")]
    for value in filter(None, candidates):
        found = _HTML_DATE.search(value)
        if found:
            return "-".join(found.groups())
    return None


def _decode_html(path: Path, data: bytes, declared: str | None) -> tuple[str, str]:
    if declared:
        codec = _widen_codec(declared)
        text = _strict(data, codec)
        if text is not None and _is_clean(text):
            return _NOT_PROSE.sub("", text), codec
    return decode_text(path, data)


def _widen_codec(declared: str) -> str:
    """Pages that declare GB2312/GBK routinely use characters only their supersets have."""
    name = declared.lower().replace("_", "-")
    if name in ("gb2312", "gbk", "x-gbk", "gb-2312", "euc-cn"):
        return "gb18030"
    if name in ("big5", "big5-hkscs", "x-x-big5"):
        return "cp950"
    return name


_PARAGRAPH_END = object()
"""Marks on the work stack where a block element ends."""


def _collect_text(root: Tag, parts: list[str]) -> None:
    """Text of `root` in document order, a paragraph break around every block element and a line break
    for <br>. Walked with an explicit stack, not recursion: a page of 1,000 unclosed <li> nests that deep."""
    from bs4 import NavigableString, Tag
    stack: list = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if node is _PARAGRAPH_END:
            parts.append("\n\n")
        elif isinstance(node, NavigableString):
            if type(node) is NavigableString:  # skip comments, doctypes, CDATA
                parts.append(re.sub(r"\s+", " ", str(node)))
        elif isinstance(node, Tag):
            if node.name == "br":
                parts.append("\n")
                continue
            if node.name in _HTML_BLOCKS:
                parts.append("\n\n")
                stack.append(_PARAGRAPH_END)
            stack.extend(reversed(node.contents))


def _tidy_paragraphs(text: str) -> str:
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
