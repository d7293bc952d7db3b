"""Run each file's work in a worker process with a time budget, so one file can neither stall nor abort a run.

A document that makes the extractor loop, recurse too deep or exhaust memory takes its worker down, not
the run: the caller gets a `Failed` with the reason and goes on with the next file, and a run holding the
ingest lock always finishes.

`run_confined(items, timeout, jobs)` takes an iterable of `ChildCall`s and plain values. Each `ChildCall`
runs in one of up to `jobs` worker processes; every other item is passed through untouched. Results come
back in the order of the input, so the output of a run is the same whatever `jobs` is.

Workers are forked (they start with the parent's loaded modules, catalogs and caches) and serve one call
after another, so a file costs no process start-up. A worker that runs over its budget is killed, one
that dies is reaped, and either is replaced for the next call. Functions, arguments and results travel
through a pipe, so they must be picklable (module-level functions, plain data).

The calls are handed out, timed and collected by a thread of the calling process (the dispatcher), so
the workers go on while the caller works on the results it was given: the ingest writes a batch of
documents to DuckDB while the next files are extracted, where handing out only between results left
every worker idle for the whole write. Each worker is sent its next call while it runs one, so it never
waits for the dispatcher between calls; a call sent ahead gets its time budget when it starts, and goes to
another worker if its own is killed or dies first. At most `_HELD_PER_JOB` items per job are in flight
(running, waiting in a worker's pipe, finished behind a slower one, or with the caller).
"""
from __future__ import annotations

import gc
import multiprocessing
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

_FORK = multiprocessing.get_context("fork")
_NO_DEADLINE = float("inf")


@dataclass
class ChildCall:
    """`function(*args)` to run in a worker; `tag` comes back with its result (what the call was for)."""
    function: Callable[..., Any]
    args: tuple = ()
    tag: Any = None


@dataclass
class Finished:
    tag: Any
    value: Any


@dataclass
class Failed:
    """The call raised (`reason` is "ExceptionType: message"), its worker died, or it ran out of time
    (`timed_out`)."""
    tag: Any
    reason: str
    timed_out: bool = False


class _Worker:
    """A forked process that runs calls sent through its pipe, one at a time."""

    def __init__(self):
        self.calls: deque[_Running] = deque()   # the calls sent to it, the one it runs first
        self.connection, child_end = _FORK.Pipe()
        self.process = _FORK.Process(target=_serve, args=(child_end,), daemon=True)
        # The child must never garbage-collect what it inherits: objects of the parent's other threads
        # (a Streamlit server, DuckDB) may be mid-change at the fork, and collecting them crashes the child.
        gc.freeze()
        try:
            self.process.start()
        finally:
            gc.unfreeze()
        child_end.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()

    def close(self) -> None:
        """Tell the worker to stop (other workers hold copies of this pipe, so it would see no end of
        file); kill it if it does not."""
        try:
            self.connection.send(_STOP)
        except OSError:
            pass
        self.connection.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


_STOP = None


def _serve(connection: Connection) -> None:
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is _STOP:
            return
        function, args = request
        try:
            outcome = (True, function(*args))
        except BaseException as error:  # reported to the parent by name; the parent decides what it means
            outcome = (False, f"{type(error).__name__}: {error}")
        try:
            connection.send(outcome)
        except Exception as error:  # e.g. a result that cannot be pickled
            connection.send((False, f"result not sent: {type(error).__name__}: {error}"))


@dataclass
class _Running:
    """A call taken from the input. `request` is it pickled (sent again if its worker is lost before the
    call starts); `deadline` is set when it starts: when sent to an idle worker, or when the call before
    it on its worker ends."""
    call: ChildCall
    request: bytes
    worker: _Worker | None = None
    deadline: float = _NO_DEADLINE
    result: Finished | Failed | None = None


def run_confined(items: Iterable[ChildCall | Any], timeout: float | None, jobs: int = 1,
                 present: Callable[[Finished | Failed | Any], Any] | None = None) -> ConfinedRun:
    """Results of the `ChildCall`s (and the other items as they are), in input order, each passed through
    `present` if given. `timeout` is each call's budget in seconds (None: unlimited); `jobs` how many
    workers may run calls at once. `items` is read by the dispatcher thread (a generator it reads must not
    be read elsewhere meanwhile).

    The workers start at once, not when the first result is asked for: the ingest loads DuckDB
    while the first files are extracted. Iterate the run to the end, or close it (`with` does)."""
    return ConfinedRun(iter(items), timeout, jobs, present)


class ConfinedRun:
    """An iterator of results in input order, fed by a dispatcher thread started on creation."""

    def __init__(self, source: Iterator, timeout: float | None, jobs: int,
                 present: Callable[[Finished | Failed | Any], Any] | None = None):
        self._present = present
        self._slots = threading.Semaphore(_HELD_PER_JOB * jobs)
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        self._wake_reader, self._wake_writer = _FORK.Pipe(duplex=False)
        self._stop = threading.Event()
        self._holding = False          # the caller has a result: its slot is freed when it asks for the next
        self._closed = False
        self._dispatcher = threading.Thread(
            target=_dispatch, name="confine-dispatcher", daemon=True,
            args=(source, timeout, jobs, self._slots, self._results, self._wake_reader, self._stop))
        self._dispatcher.start()

    def __iter__(self) -> ConfinedRun:
        return self

    def __next__(self) -> Finished | Failed | Any:
        if self._closed:
            raise StopIteration
        if self._holding:
            self._holding = False
            self._slots.release()  # the caller is done with that result: its place may be taken
            self._wake_writer.send_bytes(b"")
        result = self._results.get()
        if result is _END or isinstance(result, _Raised):
            self.close()
            if result is _END:
                raise StopIteration
            raise result.error
        self._holding = True
        return self._present(result) if self._present else result

    def close(self) -> None:
        """Stop handing out calls, kill the workers still running and end the dispatcher."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        self._wake_writer.send_bytes(b"")
        self._dispatcher.join()
        self._wake_reader.close()
        self._wake_writer.close()

    def __enter__(self) -> ConfinedRun:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


_END = object()
# Results finished behind a slow call wait for it (the order is kept); at most this many items per job are
# in flight, so a file that takes its whole budget does not pile up the results (and bytes) of thousands.
# Enough for the workers to go on while the ingest loads DuckDB and its catalogs before it takes
# its first result: with 4 they stood idle for a third of that (the corpus ×20, tests/benchmarks/bench_jobs.py).
_HELD_PER_JOB = 16


# A worker is sent its next call while it runs one, so it starts that call as soon as it has sent its
# result instead of waiting for the dispatcher (a thread of a busy parent, on cores the workers fill) to hand
# one out: that wait came to ~0.13 s per worker over 50 files of the corpus ×20. The call sent ahead gets its
# budget when the dispatcher sees the call before it end. Only a small request is sent ahead: the pipe must
# take it at once, or the dispatcher would stop keeping deadlines until the busy worker reads it.
_CALLS_PER_WORKER = 2
_SENT_AHEAD_BYTES = 16_384


@dataclass
class _Raised:
    """An exception of the dispatcher (from reading `items`, or starting a worker), for the caller."""
    error: BaseException


def _dispatch(source: Iterator, timeout: float | None, jobs: int, slots: threading.Semaphore,
              results: queue.SimpleQueue, wake: Connection, stop: threading.Event) -> None:
    """The dispatcher thread: hand items to workers while there are slots, collect what workers report and
    kill those past their deadline, and pass results on in input order; `wake` says a slot was freed or the
    caller stopped."""
    pending: deque = deque()                # items taken from `source`, their results not passed on yet
    unsent: deque[_Running] = deque()       # calls taken but not sent (or to send again: their worker was lost)
    workers: list[_Worker] = []
    exhausted = False
    try:
        while (pending or not exhausted) and not stop.is_set():
            while True:
                if not unsent:
                    if exhausted or not slots.acquire(blocking=False):
                        break
                    item = next(source, _END)
                    if item is _END:
                        exhausted = True
                        slots.release()
                        break
                    if not isinstance(item, ChildCall):
                        pending.append(item)
                        continue
                    pending.append(_Running(item, _request(item)))
                    unsent.append(pending[-1])
                worker = _worker_for(unsent[0], workers, jobs)
                if worker is None:
                    break
                _send(unsent.popleft(), worker, timeout)
            while pending and not (isinstance(pending[0], _Running) and pending[0].result is None):
                head = pending.popleft()
                results.put(head.result if isinstance(head, _Running) else head)
            running = [worker.calls[0] for worker in workers if worker.calls]
            if not running and exhausted:
                continue  # what is left went to the caller above
            for entry in _collect(running, wake):  # none running: the caller holds every slot
                _ended(entry, workers, unsent, timeout)
        results.put(_END)
    except BaseException as error:  # handed to the caller, who raises it
        results.put(_Raised(error))
    finally:
        for worker in workers:
            if worker.calls:
                worker.kill()
            else:
                worker.close()


def _request(call: ChildCall) -> bytes:
    return ForkingPickler.dumps((call.function, call.args))


def _worker_for(entry: _Running, workers: list[_Worker], jobs: int) -> _Worker | None:
    """Who runs the call: an idle worker, else a new one while there are fewer than `jobs`, else one with
    room for a call sent ahead when the request is small enough (`_SENT_AHEAD_BYTES`); None: wait."""
    idle = next((worker for worker in workers if not worker.calls), None)
    if idle is not None:
        return idle
    if len(workers) < jobs:
        workers.append(_Worker())
        return workers[-1]
    if len(entry.request) > _SENT_AHEAD_BYTES:
        return None
    return next((worker for worker in workers if len(worker.calls) < _CALLS_PER_WORKER), None)


def _send(entry: _Running, worker: _Worker, timeout: float | None) -> None:
    worker.connection.send_bytes(entry.request)
    entry.worker = worker
    if not worker.calls:
        entry.deadline = _deadline(timeout)
    worker.calls.append(entry)


def _ended(entry: _Running, workers: list[_Worker], unsent: deque[_Running], timeout: float | None) -> None:
    """The call its worker was running ended: the call sent ahead to that worker starts now, or, if the
    worker was killed or died, goes back to be sent to another one (it never started)."""
    worker = entry.worker
    worker.calls.popleft()
    if worker.process.is_alive():
        if worker.calls:
            worker.calls[0].deadline = _deadline(timeout)
        return
    workers.remove(worker)
    for lost in reversed(worker.calls):
        lost.worker, lost.deadline = None, _NO_DEADLINE
        unsent.appendleft(lost)
    worker.calls.clear()


def _deadline(timeout: float | None) -> float:
    return time.monotonic() + timeout if timeout is not None else _NO_DEADLINE


def _collect(running: list[_Running], wake: Connection) -> list[_Running]:
    """Wait until a worker reports, the earliest deadline passes or `wake` is signalled; return the calls
    that ended."""
    earliest = min((r.deadline for r in running), default=_NO_DEADLINE)
    budget = None if earliest == _NO_DEADLINE else max(0.0, earliest - time.monotonic())
    ready = wait([r.worker.connection for r in running] + [wake], timeout=budget)
    while wake.poll():
        wake.recv_bytes()
    now = time.monotonic()
    ended = []
    for entry in running:
        if entry.worker.connection in ready:
            entry.result = _receive(entry)
        elif now >= entry.deadline:
            entry.worker.kill()
            entry.result = Failed(entry.call.tag, "took too long", timed_out=True)
        else:
            continue
        ended.append(entry)
    return ended


def _receive(entry: _Running) -> Finished | Failed:
    try:
        ok, value = entry.worker.connection.recv()
    except (EOFError, OSError):
        entry.worker.process.join()
        entry.worker.connection.close()
        return Failed(entry.call.tag, f"worker process died (exit code {entry.worker.process.exitcode})")
    return Finished(entry.call.tag, value) if ok else Failed(entry.call.tag, value)
