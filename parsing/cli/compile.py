"""`python -m parsing compile [--jobs N] [--status]`: compile the extraction stages with Cython (compiled.py).

Optional: extraction gives the same facts either way, about 1.2× faster once compiled. The build is kept
for this exact source; after an edit or a `git pull` the stages run as Python until compiled again.
"""
from __future__ import annotations

import os
import sys
import time

from .. import compiled


def register(subparsers) -> None:
    parser = subparsers.add_parser("compile", help="compile the extraction stages (optional: ~1.2× faster)",
                                   description=__doc__)
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="C files compiled at once (default: one per core, here %(default)s)")
    parser.add_argument("--status", action="store_true",
                        help="only say whether this source has a build and whether this process uses it")
    parser.set_defaults(func=run)


def run(args) -> int:
    sources = compiled.compiled_sources()
    folder = compiled.build_folder(sources)
    built = folder is not None and (folder / compiled.MANIFEST).is_file()
    if args.status:
        active = compiled.active_build()
        print(f"build for this source: {folder if built else 'none'}; "
              f"in use: {'yes' if active else 'no (Python source)'}")
        return 0
    if built:
        print(f"already compiled: {folder}")
        return 0
    started = time.monotonic()
    print(f"compiling {len(sources)} modules with Cython on {args.jobs} core(s)…", file=sys.stderr)
    try:
        folder = compiled.build(max(1, args.jobs))
    except compiled.BuildError as error:
        print(f"python -m parsing compile: {error}", file=sys.stderr)
        return 1
    print(f"compiled in {time.monotonic() - started:.0f} s: {folder}")
    return 0
