"""The extraction stages compiled to C by Cython, used only where built from exactly this source.

The .py files stay the only source. `python -m parsing compile` hands the same files, unchanged, to
Cython and the C compiler; extraction then runs about 1.2× faster, since its per-number Python steps run
without the interpreter's dispatch (the regex and Aho-Corasick passes are C already). A build is kept in
the cache (locations.cache_dir()) in a folder named by a digest of the sources and of the interpreter's
extension ABI. When `parsing` is imported, `use_build` looks for the folder of the current digest: an
edited stage, another Python or no build at all gives a digest with no folder, and the .py files are
imported as always, so a build never runs code other than the checkout's. TRACKER_PURE_PYTHON=1 ignores
any build (to debug, profile or compare the two).
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

from .locations import PACKAGE_DIR, cache_dir

# Written last into a build folder: a folder without it is an unfinished build.
MANIFEST = "BUILT"
_EXTENSION_SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
# How Cython compiles the stages, part of a build's digest. The source's annotations document, they do
# not declare C types (a tuple is passed where list is written): the code must keep Python's semantics
# exactly. Functions compiled without binding are called ~3% faster; nothing introspects them. Without
# always_allow_keywords a function of one argument (or none) takes it by the quicker METH_O call: ~3%
# faster again; no caller names that argument.
_DIRECTIVES = {"language_level": 3, "annotation_typing": False, "binding": False, "always_allow_keywords": False}
# Without debug information the C compiler takes half the time (about 50 s on two cores, not 100); the
# modules run alike. (-march=native measured no faster, and would tie a shared cache to one CPU.)
_C_FLAGS = ["-g0"]


def compiled_sources() -> list[Path]:
    """The modules compiled: every extraction stage, and the two modules they call for every number
    (knowledge, fact). Package __init__ files stay Python: they only name what a package exports."""
    files = [PACKAGE_DIR / "knowledge.py", PACKAGE_DIR / "fact.py", *sorted((PACKAGE_DIR / "extraction").rglob("*.py"))]
    return [file for file in files if file.name != "__init__.py"]


def module_name(source: Path) -> str:
    return ".".join(source.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)


def built_module(folder: Path, source: Path) -> Path:
    """Where the build in `folder` keeps the extension module compiled from `source`."""
    return folder / source.relative_to(PACKAGE_DIR.parent).with_suffix(_EXTENSION_SUFFIX)


def build_folder(sources: list[Path]) -> Path | None:
    """The folder a build of exactly these sources has (None when the cache is switched off)."""
    root = cache_dir()
    if root is None:
        return None
    digest = hashlib.blake2b(f"{_EXTENSION_SUFFIX} {sorted(_DIRECTIVES.items())} {_C_FLAGS}".encode(), digest_size=16)
    for source in sources:
        digest.update(b"\0" + module_name(source).encode() + b"\0" + source.read_bytes())
    return root / "compiled" / digest.hexdigest()


class _BuildFinder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules of one build before Python looks for their .py files."""

    def __init__(self, folder: Path, modules: dict[str, Path]):
        self.folder = folder
        self._modules = modules

    def find_spec(self, name, path=None, target=None):
        file = self._modules.get(name)
        if file is None:
            return None
        return importlib.util.spec_from_file_location(
            name, file, loader=importlib.machinery.ExtensionFileLoader(name, str(file)))


def use_build() -> Path | None:
    """Have the compiled modules imported from the build of this exact source, when there is one;
    returns its folder, else None (the .py files are imported)."""
    active = active_build()
    if active is not None or os.environ.get("TRACKER_PURE_PYTHON"):
        return active
    sources = compiled_sources()
    folder = build_folder(sources)
    if folder is None or not (folder / MANIFEST).is_file():
        return None
    sys.meta_path.insert(0, _BuildFinder(folder, {module_name(s): built_module(folder, s) for s in sources}))
    return folder


def active_build() -> Path | None:
    """The build folder this process imports the compiled modules from, if any."""
    return next((finder.folder for finder in sys.meta_path if isinstance(finder, _BuildFinder)), None)


class BuildError(Exception):
    """The build could not be made (no cache folder, no C compiler, a compile error)."""


def build(jobs: int = 1) -> Path:
    """Compile the stages of this source into its build folder (kept if it exists); returns the folder.
    The build is made in a temporary folder beside it and renamed into place when whole, so a process
    starting meanwhile sees the finished build or none."""
    import tempfile

    from Cython.Build import cythonize      # build-time only: importing `parsing` never loads them
    from setuptools import Distribution, Extension

    sources = compiled_sources()
    folder = build_folder(sources)
    if folder is None:
        raise BuildError("the cache is switched off (TRACKER_CACHE_DIR is empty): there is nowhere to keep a build")
    if (folder / MANIFEST).is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".building-") as work:
        staging, scratch = Path(work) / "build", Path(work) / "scratch"
        extensions = [Extension(module_name(source), [str(source)], extra_compile_args=_C_FLAGS) for source in sources]
        try:
            extensions = cythonize(extensions, build_dir=str(scratch), compiler_directives=_DIRECTIVES,
                                   nthreads=jobs if jobs > 1 else 0, quiet=True)
            command = Distribution({"ext_modules": extensions}).get_command_obj("build_ext")
            command.build_lib, command.build_temp, command.parallel = str(staging), str(scratch), jobs
            command.ensure_finalized()
            command.run()
        except Exception as error:      # Cython's and the C compiler's errors have no common base class
            raise BuildError(f"compiling the extraction stages failed: {error}") from error
        (staging / MANIFEST).write_text("".join(f"{module_name(s)}\n" for s in sources), encoding="utf-8")
        try:
            os.replace(staging, folder)
        except OSError:
            if not (folder / MANIFEST).is_file():     # else another process finished the same build first
                raise
    return folder
