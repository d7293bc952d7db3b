"""The compiled build of the extraction stages (parsing/compiled.py): it gives exactly the facts the Python
source gives, it is used only by the source it was built from, and without a build nothing changes.

One build is made for the module (about a minute on two cores) in a cache folder of its own; every
check runs in a fresh interpreter, since a process decides on import which modules it loads."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXTERNAL = REPO.parent / "shared" / "external"

# Runs in a child: which modules it loaded, and the facts of the files named, as JSON.
EXTRACT = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from parsing.compiled import active_build
from parsing.extraction import extract_text, numbers
facts = [fact.to_dict() for name in sys.argv[2:] for fact in extract_text(Path(name).read_text(encoding="utf-8"), Path(name).name).facts]
print(json.dumps({"build": str(active_build()), "numbers": numbers.__file__, "facts": facts}, ensure_ascii=False, default=str))
"""


def _documents() -> list[str]:
    documents = sorted((REPO / "data" / "corpus").glob("*.txt")) + sorted(EXTERNAL.glob("*.txt"))
    return [str(path) for path in documents]


def _run(root: Path, cache: Path, *, pure: bool = False) -> dict:
    env = {**os.environ, "TRACKER_CACHE_DIR": str(cache), "TRACKER_DATA_DIR": str(REPO / "data")}
    env.pop("TRACKER_PURE_PYTHON", None)
    if pure:
        env["TRACKER_PURE_PYTHON"] = "1"
    out = subprocess.run([sys.executable, "-c", EXTRACT, str(root), *_documents()], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def _compile(root: Path, cache: Path | str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TRACKER_CACHE_DIR": str(cache), "TRACKER_DATA_DIR": str(REPO / "data")}
    return subprocess.run([sys.executable, "-m", "parsing", "compile", *args], cwd=root, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """A cache folder holding a build of this checkout's stages."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}) to build the compiled stages with")
    folder = tmp_path_factory.mktemp("cache")
    built = _compile(REPO, folder, "--jobs", str(os.cpu_count() or 1))
    assert built.returncode == 0, built.stderr
    return folder


def test_without_a_build_the_python_source_runs(tmp_path):
    run = _run(REPO, tmp_path)
    assert run["build"] == "None" and run["numbers"].endswith("numbers.py")
    status = _compile(REPO, tmp_path, "--status")
    assert "build for this source: none" in status.stdout


def test_the_build_gives_exactly_the_facts_of_the_source(cache):
    compiled, source = _run(REPO, cache), _run(REPO, cache, pure=True)
    assert compiled["numbers"].startswith(compiled["build"]) and not compiled["numbers"].endswith(".py")
    assert source["build"] == "None" and source["numbers"].endswith("numbers.py")
    assert len(compiled["facts"]) > 400
    assert compiled["facts"] == source["facts"]


def test_an_edited_stage_runs_as_python_until_compiled_again(cache, tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "parsing", checkout / "parsing", ignore=shutil.ignore_patterns("__pycache__"))
    assert _run(checkout, cache)["build"] != "None"         # an identical copy uses the build
    with open(checkout / "parsing" / "extraction" / "numbers.py", "a", encoding="utf-8") as stage:
        stage.write("\n# an edit\n")
    run = _run(checkout, cache)
    assert run["build"] == "None" and run["numbers"] == str(checkout / "parsing" / "extraction" / "numbers.py")
    assert "build for this source: none" in _compile(checkout, cache, "--status").stdout


def test_a_switched_off_cache_cannot_keep_a_build():
    failed = _compile(REPO, "", "--jobs", "1")        # TRACKER_CACHE_DIR="" switches the cache off
    assert failed.returncode == 1 and "cache is switched off" in failed.stderr
