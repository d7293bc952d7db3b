"""Sub-commands of `python -m parsing`; each module exposes `register(subparsers)`.

A command's handler is stored as `func` on its sub-parser and returns the process exit status.
"""
