"""Run each file's work in a child process with a time budget, so one file can neither stall nor abort a run.

A document that makes the extractor loop, recurse too deep or exhaust memory takes its own child process
down, not the run: the caller gets a `Failed` with the reason and goes on with the next file, and a run
holding the ingest lock always finishes.

`run_confined(items, timeout, jobs)` takes an iterable of `ChildCall`s and plain values. Each `ChildCall`
runs in a forked child (fork: the child starts with the parent's loaded modules and data, so nothing is
pickled on the way in and start-up costs milliseconds); every other item is passed through untouched. Up
to `jobs` children run at once and results come back in the order of the input, so the output of a run
is the same whatever `jobs` is.
"""
from __future__ import annotations

import gc
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

_FORK = multiprocessing.get_context("fork")


@dataclass
class ChildCall:
    """`function(*args)` to run in a child; `tag` comes back with its result (what the call was for)."""
    function: Callable[..., Any]
    args: tuple = ()
    tag: Any = None


@dataclass
class Finished:
    tag: Any
    value: Any


@dataclass
class Failed:
    """The call raised (`reason` is "ExceptionType: message"), died, or ran out of time (`timed_out`)."""
    tag: Any
    reason: str
    timed_out: bool = False


@dataclass
class _Running:
    call: ChildCall
    process: Any
    connection: Connection
    deadline: float
    result: Finished | Failed | None = field(default=None)


def run_confined(items: Iterable[ChildCall | Any], timeout: float | None,
                 jobs: int = 1) -> Iterator[Finished | Failed | Any]:
    """Results of the `ChildCall`s (and the other items as they are), in input order. `timeout` is each
    call's budget in seconds (None: unlimited); `jobs` how many children may run at once."""
    pending: deque = deque()
    source = iter(items)
    exhausted = False
    try:
        while pending or not exhausted:
            while not exhausted and sum(isinstance(p, _Running) and p.result is None for p in pending) < jobs:
                item = next(source, _END)
                if item is _END:
                    exhausted = True
                else:
                    pending.append(_start(item, timeout) if isinstance(item, ChildCall) else item)
            while pending and not (isinstance(pending[0], _Running) and pending[0].result is None):
                head = pending.popleft()
                yield head.result if isinstance(head, _Running) else head
            running = [p for p in pending if isinstance(p, _Running) and p.result is None]
            if running:
                _collect(running)
    finally:
        for entry in pending:
            if isinstance(entry, _Running) and entry.result is None:
                _stop(entry)


_END = object()


def _start(call: ChildCall, timeout: float | None) -> _Running:
    receiver, sender = _FORK.Pipe(duplex=False)
    process = _FORK.Process(target=_child, args=(sender, call.function, call.args), daemon=True)
    # The child must never garbage-collect what it inherits: objects of the parent's other threads
    # (a Streamlit server, DuckDB) may be mid-change at the fork, and collecting them crashes the child.
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    sender.close()  # the child holds the only sending end: its death reads as end of file here
    deadline = time.monotonic() + timeout if timeout is not None else float("inf")
    return _Running(call, process, receiver, deadline)


def _child(sender: Connection, function: Callable[..., Any], args: tuple) -> None:
    try:
        outcome = (True, function(*args))
    except BaseException as error:  # reported to the parent by name; the parent decides what it means
        outcome = (False, f"{type(error).__name__}: {error}")
    sender.send(outcome)
    sender.close()


def _collect(running: list[_Running]) -> None:
    """Wait until a child reports or the earliest deadline passes; record what happened."""
    now = time.monotonic()
    earliest = min(r.deadline for r in running)
    ready = wait([r.connection for r in running], timeout=None if earliest == float("inf") else max(0.0, earliest - now))
    now = time.monotonic()
    for entry in running:
        if entry.connection in ready:
            entry.result = _receive(entry)
        elif now >= entry.deadline:
            _stop(entry)
            entry.result = Failed(entry.call.tag, "took too long", timed_out=True)


def _receive(entry: _Running) -> Finished | Failed:
    try:
        ok, value = entry.connection.recv()
    except (EOFError, OSError):
        entry.process.join()
        entry.connection.close()
        return Failed(entry.call.tag, f"worker process died (exit code {entry.process.exitcode})")
    entry.process.join()
    entry.connection.close()
    return Finished(entry.call.tag, value) if ok else Failed(entry.call.tag, value)


def _stop(entry: _Running) -> None:
    entry.process.kill()
    entry.process.join()
    entry.connection.close()
