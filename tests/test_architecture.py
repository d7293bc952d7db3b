"""The layout's promises, read from the import statements of parsing/ (ast, nothing is imported):
no import cycles; the extraction stages know nothing of the store, goal tracking, the dashboard, pandas or
DuckDB; the store knows nothing of the dashboard."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path, top_level_only: bool) -> set[str]:
    """Absolute names of the modules `path` imports (a `from X import y` counts as X.y when that is a module)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _is_module(candidate, root) else base)
    return found


def _is_module(name: str, root: Path) -> bool:
    path = root.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module → the modules of `package` it imports at import time (module level)."""
    graph = {}
    for path in sorted((root / package).rglob("*.py")):
        graph[module_name(path, root)] = {m for m in imports_of(path, root, top_level_only=True)
                                          if m == package or m.startswith(package + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, done, stack = [], set(), []

    def visit(node: str) -> None:
        if node in stack:
            found.append(stack[stack.index(node):] + [node])
            return
        if node in done:
            return
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            visit(target)
        stack.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)
    return found


def forbidden_imports(root: Path, folder: str, forbidden: tuple[str, ...]) -> list[str]:
    """`file: module` for every import anywhere in `folder` (functions too) of a forbidden module or its parts."""
    hits = []
    for path in sorted((root / folder).rglob("*.py")):
        for imported in sorted(imports_of(path, root, top_level_only=False)):
            if any(imported == f or imported.startswith(f + ".") for f in forbidden):
                hits.append(f"{path.relative_to(root)}: {imported}")
    return hits


def test_parsing_has_no_import_cycles():
    assert cycles(import_graph(REPO, "parsing")) == []


def test_extraction_imports_neither_store_tracking_dashboard_nor_dataframes():
    forbidden = ("parsing.store", "parsing.targets", "parsing.evaluation", "parsing.cli", "dashboard",
                 "pandas", "duckdb", "pyarrow")
    assert forbidden_imports(REPO, "parsing/extraction", forbidden) == []


def test_store_does_not_import_the_dashboard():
    assert forbidden_imports(REPO, "parsing/store", ("dashboard",)) == []


def test_extract_command_loads_neither_pandas_nor_duckdb():
    probe = ("import sys; from parsing.__main__ import build_parser; build_parser(('extract',)); "
             "import parsing.extraction; print(sorted(m for m in ('pandas', 'duckdb', 'pyarrow') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


INGEST_PROBE = """
import sys
from parsing import confine
from parsing.__main__ import main
loaded_at_first_worker = []
start_worker = confine._Worker.__init__

def record_then_start(worker):
    if not loaded_at_first_worker:
        loaded_at_first_worker.append(sorted(m for m in ("pandas", "duckdb", "pyarrow") if m in sys.modules))
    start_worker(worker)

confine._Worker.__init__ = record_then_start
status = main(["ingest", *sys.argv[1:], "--jobs", "1"])
print(status, loaded_at_first_worker, sorted(m for m in ("pandas", "duckdb", "pyarrow") if m in sys.modules))
"""


def test_ingest_command_starts_its_workers_before_it_loads_duckdb_and_never_loads_pandas(tmp_path):
    """Loading DuckDB takes a tenth of a second, during which the workers extract (a new store holds no files
    the workers must know of); pyarrow and pandas (0.3 s more, on the workers' cores) the ingest never loads:
    its Arrow tables are nanoarrow's (parsing.store.arrow) and its goal refresh makes no DataFrame."""
    document = tmp_path / "a.txt"
    document.write_text("到2025年全省5G基站达到10万个。\n", encoding="utf-8")
    args = [str(document), "--db", str(tmp_path / "new.duckdb"), "--corrections", str(tmp_path / "none.csv")]
    run = subprocess.run([sys.executable, "-c", INGEST_PROBE, *args], cwd=REPO, capture_output=True, text=True,
                         check=True)
    assert run.stdout.split("\n")[-2] == "0 [[]] ['duckdb']"


@pytest.fixture
def tangled(tmp_path) -> Path:
    """A package whose stage imports the store and pandas, and whose two modules import each other."""
    files = {
        "pkg/__init__.py": "",
        "pkg/extraction/__init__.py": "from .stage import run\n",
        "pkg/extraction/stage.py": "import pandas\n\ndef run():\n    from ..store import save\n",
        "pkg/store/__init__.py": "from .save import save\n",
        "pkg/store/save.py": "from . import load\n",
        "pkg/store/load.py": "from .save import save\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_checks_see_a_cycle_and_forbidden_imports(tangled):
    assert cycles(import_graph(tangled, "pkg")) == [["pkg.store.save", "pkg.store.load", "pkg.store.save"]]
    assert forbidden_imports(tangled, "pkg/extraction", ("pkg.store", "pandas")) == [
        "pkg/extraction/stage.py: pandas", "pkg/extraction/stage.py: pkg.store.save"]
