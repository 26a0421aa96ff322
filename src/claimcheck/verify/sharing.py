"""Sharing out slices of work among forked processes, for one large file.

The work is a function of a slice ``(start, stop)`` of ``n`` items. This process and ``jobs - 1``
forked workers take the next slice from a shared counter until none are left (slices differ in
cost, so nobody waits for a fixed share), and the results come back in slice order. Forking lets
the workers read the caller's data (a compiled claim file) without copying or pickling it; only
their results are pickled. A worker that dies (killed for memory, say) is an error, never a wait
without end; workers leave Ctrl-C to the parent.
"""

from __future__ import annotations

import itertools
import multiprocessing
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether workers can be forked here: only where forking is the platform's own, well-trodden
    way of starting processes (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


@dataclass
class _Work(Generic[T]):
    work: Callable[[int, int], T]
    slices: list[tuple[int, int]]
    taken: Any  # a multiprocessing.Value("i") shared by the processes


#: The work being shared, for the forked workers (set only while they run).
_CURRENT: _Work[Any] | None = None


def share_out(n: int, jobs: int, work: Callable[[int, int], T], meanwhile: Callable[[], None]) -> list[T]:
    """``work`` over ``n`` items in small consecutive slices, by this process and ``jobs - 1``
    forked ones; this process first runs ``meanwhile``, then joins in. The results in slice order."""
    global _CURRENT
    context = multiprocessing.get_context("fork")
    k = max(1, min(n, jobs * 16))
    cuts = [n * i // k for i in range(k + 1)]
    _CURRENT = _Work(work, list(itertools.pairwise(cuts)), context.Value("i", 0))
    workers: list[tuple[Any, Any]] = []
    try:
        for _ in range(jobs - 1):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(send,), daemon=True)
            process.start()
            send.close()  # this process keeps only the receiving end
            workers.append((process, receive))
        meanwhile()
        done = _drain()
        for process, receive in workers:
            done.extend(_collect(process, receive))
    finally:
        _CURRENT = None
        for process, receive in workers:
            if process.is_alive():
                process.terminate()
            process.join()
            receive.close()
    return [result for _, result in sorted(done, key=lambda item: item[0])]


def _drain() -> list[tuple[int, Any]]:
    """Take slices until none are left; their results with their slice numbers."""
    current = _CURRENT
    assert current is not None
    done: list[tuple[int, Any]] = []
    while True:
        with current.taken.get_lock():
            index = current.taken.value
            current.taken.value += 1
        if index >= len(current.slices):
            return done
        done.append((index, current.work(*current.slices[index])))


def _worker(send: Any) -> None:
    """A forked worker: take slices, send back the results or the exception."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent process to handle
    try:
        message: tuple[str, Any] = ("done", _drain())
    except BaseException as exc:  # sent to the parent, which raises it
        message = ("failed", exc)
    try:
        send.send(message)
    except Exception:  # an exception that cannot be pickled: its text still can
        send.send(("failed", RuntimeError(f"a worker failed: {message[1]!r}")))
    send.close()


def _collect(process: Any, receive: Any) -> list[tuple[int, Any]]:
    """A worker's results, waiting only while it is alive."""
    ended = "a worker process ended without a result (exit code {})"
    while not receive.poll(0.1):
        if not process.is_alive() and not receive.poll(0):
            raise RuntimeError(ended.format(process.exitcode))
    try:
        kind, payload = receive.recv()
    except EOFError:
        raise RuntimeError(ended.format(process.exitcode)) from None
    if kind == "failed":
        raise payload
    return payload  # type: ignore[no-any-return]


__all__ = ["can_fork", "share_out"]
