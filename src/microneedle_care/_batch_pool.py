"""A batch run's rendering: each row's files made here, or by a pool of processes (private).

:func:`microneedle_care.batch.run_batch` hands this the checked input and the function that
makes one patient's files; the rows' outcomes come back in file order either way.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ._batch_input import Patient, Prepared, admit, rows
from .errors import BatchWorkerError, MicroneedleCareError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .catalog import Catalog

Files = list[tuple[str, bytes]]
Outcome = tuple[int, dict[str, str], "Files | str"]
"""A row's line, its cells, and its files or the message of what went wrong."""
MakeFiles = Callable[["Catalog", Patient, Any], "Files | str"]
"""Makes one admitted patient's files from a catalog and the run's settings, or says why not."""


class Renderer:
    """The rows' outcomes in file order, rendered here (one job) or by a process pool."""

    def __init__(self, prepared: Prepared, make: MakeFiles, work: Any, workers: int) -> None:
        self._prepared, self._make, self._work, self._workers = prepared, make, work, workers
        self._pool: Any = None

    def __enter__(self) -> Iterator[Outcome]:
        if self._workers == 1:
            return self._here()
        import concurrent.futures
        import multiprocessing

        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start,
            initargs=(self._prepared.loads, self._make, self._work),
        )
        return self._pooled()

    def __exit__(self, kind: object, *exc: object) -> None:
        if self._pool is None:
            return
        if kind is not None:
            # A run that stops (a killed worker, an error, Ctrl-C) must not wait on a pool
            # that may never answer: a worker killed while it held the pool's queue lock
            # leaves the others blocked for good. Stop them, then let the pool go.
            for process in self._processes():
                process.kill()
            self._pool.shutdown(wait=False, cancel_futures=True)
            return
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _processes(self) -> list[Any]:
        # ProcessPoolExecutor keeps its worker processes here (CPython 3.8 to 3.14).
        return list((getattr(self._pool, "_processes", None) or {}).values())

    def _lost_a_worker(self) -> bool:
        """Whether a worker process has died (killed, out of memory) while rows are pending."""
        return any(process.exitcode is not None for process in self._processes())

    def _admitted(self) -> Iterator[tuple[int, dict[str, str], Patient | str]]:
        seen: dict[str, tuple[str, int]] = {}
        prepared = self._prepared
        for line, row in rows(prepared.source, prepared.text):
            try:
                yield line, row, admit(prepared, line, row, seen)
            except (ValueError, MicroneedleCareError) as exc:
                yield line, row, str(exc)

    def _here(self) -> Iterator[Outcome]:
        catalogs = self._prepared.catalogs
        for line, row, patient in self._admitted():
            if isinstance(patient, str):
                yield line, row, patient
            else:
                yield line, row, self._make(catalogs[patient.locale], patient, self._work)

    def _pooled(self) -> Iterator[Outcome]:
        # At most a few rows per worker are in flight: memory stays flat for any CSV.
        from concurrent.futures.process import BrokenProcessPool

        pending: collections.deque[tuple[int, dict[str, str], Future[Files | str] | str]]
        pending = collections.deque()
        for line, row, patient in self._admitted():
            if isinstance(patient, str):
                pending.append((line, row, patient))
            else:
                try:
                    future = self._pool.submit(_worker_files, patient)
                except BrokenProcessPool:
                    raise _stopped(line, "") from None
                pending.append((line, row, future))
            while len(pending) > 4 * self._workers:
                yield self._done(pending.popleft())
        while pending:
            yield self._done(pending.popleft())

    def _done(self, item: tuple[int, dict[str, str], Future[Files | str] | str]) -> Outcome:
        import concurrent.futures
        from concurrent.futures.process import BrokenProcessPool

        line, row, outcome = item
        if isinstance(outcome, str):
            return line, row, outcome
        while True:
            try:
                files = outcome.result(timeout=_POLL_SECONDS)
                break
            except BrokenProcessPool:
                raise _stopped(line, "") from None
            except concurrent.futures.TimeoutError:
                # The pool notices a dead worker itself, except when the worker died
                # holding the queue's lock: then nothing ever answers. Look for it here.
                if self._lost_a_worker():
                    raise _stopped(line, "") from None
        if isinstance(files, _WorkerFailed):
            raise _stopped(line, str(files))
        return line, row, files


_POLL_SECONDS = 0.5
"""How often a run waiting on a row checks that its worker processes are still alive."""


def _stopped(line: int, why: str) -> BatchWorkerError:
    """Return the error that stops a run whose worker stopped before rendering *line*."""
    why = why or "it stopped unexpectedly (was it killed, or out of memory?)"
    return BatchWorkerError(
        f"line {line}: a process rendering the patients failed: {why}; the files written"
        " before this line are complete, the rest were not written (run again with resume)"
    )


class _WorkerFailed(str):
    """What a worker process returns for every row when it could not start (private)."""

    __slots__ = ()


_WORKER: dict[str, Any] = {}
"""In a worker process: its catalogs by locale, the function making files, the run's settings."""


def _worker_start(
    loads: dict[str, tuple[tuple[str, ...], bool]], make: MakeFiles, work: Any
) -> None:
    from .loading import load

    _WORKER["make"], _WORKER["work"] = make, work
    try:
        _WORKER["catalogs"] = {
            locale: load(locale=locale, packs=list(paths), require_approval=approval)
            for locale, (paths, approval) in loads.items()
        }
    except (ValueError, MicroneedleCareError, OSError) as exc:
        # Raised here, the pool would log a traceback and break: say why instead.
        _WORKER["failed"] = _WorkerFailed(f"it could not load the content: {exc}")


def _worker_files(patient: Patient) -> Files | str:
    if "failed" in _WORKER:
        failed: _WorkerFailed = _WORKER["failed"]
        return failed
    make: MakeFiles = _WORKER["make"]
    return make(_WORKER["catalogs"][patient.locale], patient, _WORKER["work"])
