"""Corrections: people's fixes to extracted facts, kept as a CSV file apart from the database.

One row per change: `source,line,quote,value_base,unit_base,field,new_value,comment,created_at`. The first
five columns are the fact as it was *extracted* (they find it again after a re-ingest or a rebuild);
`field` says what the row changes. The file is the truth; the store loads it at every ingest
(`parsing.store.corrections_apply`), so a rebuild re-applies every correction and deleting a row undoes it.

Reading validates every row and reports each bad one by its line in the file, with the reason; nothing
is merged while any row is bad. Writers hold `<file>.lock` and replace the file atomically, so a reader
(the ingest, another dashboard session) sees the old file or the new one, never half of one.
"""
from __future__ import annotations

import csv
import datetime as dt
import fcntl
import io
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path

from ..fact import COMPARATORS, KINDS
from .paths import DATA_DIR

DEFAULT_CORRECTIONS = DATA_DIR / "corrections.csv"

FIELDS = ("region", "year", "kind", "indicator", "value_base", "comparator", "reject")
REJECT_VALUE = "true"
# A spreadsheet runs a cell starting with one of these as a formula; such cells are written with a
# leading apostrophe (as parsing.store.export does) and read back without it, so quotes round-trip exactly.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
YEAR_RANGE = (1949, 2100)


@dataclass(frozen=True)
class Correction:
    source: str
    line: int
    quote: str
    value_base: float
    unit_base: str
    field: str
    new_value: str
    comment: str = ""
    created_at: str = ""      # ISO 8601, UTC, seconds

    @property
    def fact_key(self) -> tuple:
        """What finds the extracted fact (with value_base compared within 0.5%, see corrections_apply)."""
        return self.source, self.line, self.quote, self.value_base, self.unit_base

    @property
    def slot(self) -> tuple:
        """One correction per fact and field: a new one for the same slot replaces the old."""
        return *self.fact_key, self.field


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Correction))


class CorrectionsInvalid(ValueError):
    """A corrections file with bad rows; `problems` lists "line N: reason" for each."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path, self.problems = Path(path), problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass(frozen=True)
class Vocabulary:
    """Allowed new values for the fields that name something in the catalogs."""
    regions: frozenset[str]
    indicators: frozenset[str]


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0).isoformat()


def read_corrections(path: Path | str, vocabulary: Vocabulary | None = None) -> list[Correction]:
    """Every row of a corrections file, validated; a missing file is an empty set.

    Raises CorrectionsInvalid listing each bad row by its line in the file (header = line 1).
    """
    path = Path(path)
    if not path.exists():
        return []
    return parse_corrections(path.read_bytes(), path, vocabulary)


def parse_corrections(data: bytes, path: Path | str, vocabulary: Vocabulary | None = None) -> list[Correction]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorrectionsInvalid(path, [f"not UTF-8 text ({error.reason} at byte {error.start})"]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    if missing or extra:
        raise CorrectionsInvalid(path, [f"line 1: columns must be {','.join(COLUMNS)}"
                                        + (f"; missing {', '.join(missing)}" if missing else "")
                                        + (f"; unknown {', '.join(extra)}" if extra else "")])
    corrections, problems, slots = [], [], {}
    for record in reader:
        line = reader.line_num
        try:
            correction = _row_to_correction(record, vocabulary)
        except ValueError as error:
            problems.append(f"line {line}: {error}")
            continue
        if correction.slot in slots:
            problems.append(f"line {line}: corrects the same fact and field as line {slots[correction.slot]}")
            continue
        slots[correction.slot] = line
        corrections.append(correction)
    if problems:
        raise CorrectionsInvalid(path, problems)
    return corrections


def validate(correction: Correction, vocabulary: Vocabulary | None = None) -> Correction:
    """The correction with its new value in canonical form; ValueError says what is wrong."""
    if not correction.source.strip():
        raise ValueError("source is empty")
    if correction.line < 1:
        raise ValueError(f"line must be a positive number, not {correction.line}")
    if not correction.quote.strip():
        raise ValueError("quote is empty")
    if not math.isfinite(correction.value_base):
        raise ValueError("value_base is not a finite number")
    if not correction.unit_base.strip():
        raise ValueError("unit_base is empty")
    if correction.field not in FIELDS:
        raise ValueError(f"field {correction.field!r} is not one of {', '.join(FIELDS)}")
    new_value = _CHECKS[correction.field](correction.new_value.strip(), vocabulary)
    return replace(correction, new_value=new_value, created_at=_canonical_time(correction.created_at))


def _canonical_time(text: str) -> str:
    """An ISO date and time as UTC to the second ("2026-01-02T03:04:05"); empty: now."""
    if not text.strip():
        return now_iso()
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"created_at {text!r} is not an ISO date and time") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat()


def _row_to_correction(record: dict, vocabulary: Vocabulary | None) -> Correction:
    if None in record:
        raise ValueError("more cells than columns")
    cells = {name: _unescape(record.get(name) or "") for name in COLUMNS}
    try:
        line = int(cells["line"])
    except ValueError:
        raise ValueError(f"line {cells['line']!r} is not a whole number") from None
    try:
        value_base = float(cells["value_base"])
    except ValueError:
        raise ValueError(f"value_base {cells['value_base']!r} is not a number") from None
    return validate(Correction(**{**cells, "line": line, "value_base": value_base}), vocabulary)


def _check_region(value: str, vocabulary: Vocabulary | None) -> str:
    if vocabulary is not None and value not in vocabulary.regions:
        raise ValueError(f"region {value!r} is not in the regions catalog")
    return _non_empty(value, "region")


def _check_indicator(value: str, vocabulary: Vocabulary | None) -> str:
    if vocabulary is not None and value not in vocabulary.indicators:
        raise ValueError(f"indicator {value!r} is not in the indicators catalog")
    return _non_empty(value, "indicator")


def _check_year(value: str, _vocabulary) -> str:
    if not value.isdigit() or not YEAR_RANGE[0] <= int(value) <= YEAR_RANGE[1]:
        raise ValueError(f"year {value!r} is not a year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}")
    return str(int(value))


def _check_value_base(value: str, _vocabulary) -> str:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"value_base {value!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"value_base {value!r} is not a finite number")
    return repr(number)


def _one_of(name: str, allowed: tuple[str, ...]) -> Callable[[str, object], str]:
    def check(value: str, _vocabulary) -> str:
        if value not in allowed:
            raise ValueError(f"{name} {value!r} is not one of {', '.join(allowed)}")
        return value
    return check


def _check_reject(value: str, _vocabulary) -> str:
    if value.lower() not in ("", REJECT_VALUE):
        raise ValueError(f"a reject row's new_value is empty or {REJECT_VALUE!r}, not {value!r}")
    return REJECT_VALUE


def _non_empty(value: str, name: str) -> str:
    if not value:
        raise ValueError(f"new {name} is empty")
    return value


_CHECKS = {"region": _check_region, "year": _check_year, "kind": _one_of("kind", KINDS),
           "indicator": _check_indicator, "value_base": _check_value_base,
           "comparator": _one_of("comparator", COMPARATORS), "reject": _check_reject}


# --- writing --------------------------------------------------------------------------------------------

def corrections_csv_bytes(corrections: Iterable[Correction]) -> bytes:
    """The file's bytes: UTF-8 with BOM (Excel reads the Chinese), formula-like cells escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for correction in corrections:
        writer.writerow([_escape(cell) for cell in astuple(correction)])
    return buffer.getvalue().encode("utf-8-sig")


@contextmanager
def locked(path: Path | str):
    """Hold the file's write lock (`<file>.lock`, blocking) for a read-modify-write."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def update_corrections(path: Path | str, change: Callable[[list[Correction]], list[Correction]],
                       vocabulary: Vocabulary | None = None) -> list[Correction]:
    """Read, change and atomically rewrite the file under its lock; returns the new set."""
    path = Path(path)
    with locked(path):
        new = change(read_corrections(path, vocabulary))
        _atomic_write(path, corrections_csv_bytes(new))
    return new


def merged(current: list[Correction], incoming: Iterable[Correction]) -> list[Correction]:
    """`current` with `incoming` added; an incoming row replaces the row for the same fact and field."""
    by_slot = {c.slot: c for c in current}
    for correction in incoming:
        by_slot[correction.slot] = correction
    return list(by_slot.values())


def add_correction(path: Path | str, correction: Correction) -> list[Correction]:
    correction = validate(correction)
    return update_corrections(path, lambda current: merged(current, [correction]))


def remove_correction(path: Path | str, correction: Correction) -> list[Correction]:
    """Undo: drop the row (it is matched whole, so a row changed meanwhile by someone else stays)."""
    return update_corrections(path, lambda current: [c for c in current if c != correction])


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # mkstemp makes the file private; the corrections are meant to be read and shared.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _escape(cell) -> str:
    text = cell if isinstance(cell, str) else (repr(cell) if isinstance(cell, float) else str(cell))
    return "'" + text if text.startswith(_FORMULA_TRIGGERS) or text.startswith("'") else text


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell
