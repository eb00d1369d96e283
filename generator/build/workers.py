"""The process pool the PDF jobs (posters, booklet parts, joining) run on, and the habits that keep it
well-behaved: workers forked once, after the fonts are made; dying with the build however it ends;
jobs not yet started dropped when the build fails; the loaded catalogue out of the collector's way."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
from typing import Any


class Inline:
    """The executor interface, running each job at once in this process (``--jobs 1``); a job that
    fails raises at once, as it would without an executor."""

    map = staticmethod(map)

    @staticmethod
    def submit(fn, *args):
        future = cf.Future()
        future.set_result(fn(*args))
        return future


@contextlib.contextmanager
def stopping(stop: threading.Event):
    """Set ``stop`` if the block fails or is interrupted, so that background work ends early."""
    try:
        yield
    except BaseException:
        stop.set()
        raise


@contextlib.contextmanager
def pool(jobs: int, pdfs: bool = True):
    """An executor with ``submit`` and ``map`` on ``jobs`` worker processes; jobs not yet started are
    dropped if the build fails. Without ``pdfs`` to make, no worker is started."""
    if not pdfs:
        yield Inline()
        return
    from ..render import pdf

    pdf.prepare()  # the fonts once, before the workers fork, instead of once in each
    if jobs == 1:
        yield Inline()
        return
    executor = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                      initializer=_worker_start, initargs=(os.getpid(),))
    try:
        executor.submit(int).result()  # the workers fork now (all at once, with "fork"), before any other thread starts
        yield executor
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def _worker_start(parent: int) -> None:
    """In each worker, first: it dies with the build. Killed with ``kill -9`` (or by the kernel's
    out-of-memory killer), the build cannot stop its pool; without this, the workers would wait for
    jobs for ever. And Ctrl+C reaches every process of the terminal's group: the build stops the pool
    itself (the jobs running finish, the others are dropped); a worker that took the signal as well
    would print its own traceback from wherever it was waiting."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when the thread that forked it ends (Linux prctl
    PR_SET_PDEATHSIG); if the parent is already gone, end now."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


@contextlib.contextmanager
def frozen():
    """The loaded catalogue lives to the end of the build. Frozen, it is out of the cyclic garbage
    collector's reach: not scanned again at every full collection, here and in the workers forked
    from this process (in the 2025 measurement, 12% of the PDF jobs' CPU time went to that)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# A PDF job: (the flow it draws, or None for a booklet document; the job function; its argument)
Task = tuple[Any, Any, Any]


def submit(executor, tasks: dict[str, Task]) -> dict[str, tuple[Any, cf.Future]]:
    """key -> (flow, future of (pdf, metadata)); booklet parts largest first, so that no worker is left
    with a long part at the end."""
    keys = sorted(tasks, key=lambda k: (tasks[k][0] is not None,
                                        -len(str(tasks[k][2])) if tasks[k][0] is None else 0, k))
    return {k: (tasks[k][0], executor.submit(run_job, tasks[k][1], tasks[k][2])) for k in keys}


def run_job(fn, arg):
    """One PDF job, after which the worker gives back the memory it freed: a booklet part or a poster
    makes millions of small objects, and without this each worker would keep the high-water mark of its
    largest job for the rest of the build (glibc keeps freed heap for reuse)."""
    try:
        return fn(arg)
    finally:
        # the young generations only: each document's objects were collected as it ended
        # (pdf.collector_paused); a full collection scanned the worker's whole heap after every job,
        # 4% of a county build's CPU (py-spy)
        gc.collect(1)
        trim()


def trim() -> None:
    """Give the heap's free memory back to the system (glibc's malloc_trim): after a step that made
    and dropped a lot (a PDF job, the open data of a province), so that the build's peak is not the sum
    of every step's high-water mark."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            pass
