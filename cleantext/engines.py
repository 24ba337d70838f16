"""Engines that run a worker over a stream of tasks: in this process, in a pool of
processes, or on a Dask cluster.

A worker is a picklable callable holding a :class:`~cleantext.Cleaner` (see
:mod:`cleantext.batch`). It is shipped to each process once, when the process
starts, and the tasks travel in chunks, so that pickling costs little beside
cleaning. Results always come back in input order, and only a bounded number
of chunks is in flight at any time, so memory does not grow with the input.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: A chunk closes at this many tasks or bytes, whichever comes first.
CHUNK_TASKS = 64
CHUNK_BYTES = 1 << 20
#: Chunks in flight per process: enough to keep every process busy, few enough to bound memory.
CHUNKS_PER_JOB = 3
#: Less work than this is cleaned in one process whatever the jobs asked: starting the
#: processes (each imports cleantext and unpickles the Cleaner) would cost more than they
#: save (the break-even measured on 2 cores is in README.md, "Many records at once").
POOL_MIN_TASKS = 400
POOL_MIN_BYTES = 4 << 20
#: prctl(2): the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_ordered(worker: Callable[[T], R], tasks: Iterable[T], jobs: int = 1) -> Iterator[R]:
    """``worker(task)`` for every task, yielded in input order.

    With ``jobs > 1`` the work runs in a pool of `jobs` processes, started only
    when there is enough work to pay for it (:data:`POOL_MIN_TASKS` tasks or
    :data:`POOL_MIN_BYTES` bytes); less is cleaned here, at once. The processes
    die with this one, and are killed when the caller stops early or fails.
    """
    chunks = _chunks(tasks)
    head = _head(chunks) if jobs > 1 else []
    rest = itertools.chain(head, chunks)
    if jobs <= 1 or not _worth_a_pool(head):
        for chunk in rest:
            yield from map(worker, chunk)
        return
    yield from _map_in_pool(worker, rest, jobs)


def _head(chunks: Iterator[list[T]]) -> list[list[T]]:
    """The first chunks, up to enough work to be worth a pool (or all of them, if there is less)."""
    head: list[list[T]] = []
    while not _worth_a_pool(head):
        chunk = next(chunks, None)
        if chunk is None:
            break
        head.append(chunk)
    return head


def _worth_a_pool(chunks: list[list[Any]]) -> bool:
    tasks = sum(len(chunk) for chunk in chunks)
    return tasks >= POOL_MIN_TASKS or sum(_size(task) for chunk in chunks for task in chunk) >= POOL_MIN_BYTES


def _size(task: Any) -> int:
    return len(getattr(task, "data", None) or b"")


def _map_in_pool(worker: Callable[[T], R], chunks: Iterator[list[T]], jobs: int) -> Iterator[R]:
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_install, initargs=(worker, os.getpid()))
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(_run_chunk, chunk))
            if len(pending) >= jobs * CHUNKS_PER_JOB:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BaseException:  # an error, a signal, or a caller that stopped early: no worker outlives the run
        for process in list(pool._processes.values()):  # the executor has no public kill before Python 3.14
            process.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


def _chunks(tasks: Iterable[T]) -> Iterator[list[T]]:
    chunk: list[T] = []
    size = 0
    for task in tasks:
        chunk.append(task)
        size += _size(task)
        if len(chunk) >= CHUNK_TASKS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


_WORKER: Callable[[Any], Any] | None = None


def _install(worker: Callable[[Any], Any], parent: int) -> None:
    """Pool initializer: the worker (and its Cleaner) arrives once per process, which dies with its `parent`."""
    global _WORKER
    _WORKER = worker
    _die_with(parent)


def _die_with(parent: int) -> None:
    """End this process when `parent` dies: Linux's parent-death signal, or else a thread that watches."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:  # pragma: no cover - not on Linux
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before we asked
        os._exit(1)


def _watch(parent: int) -> None:  # pragma: no cover - not on Linux
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _run_chunk(chunk: list[Any]) -> list[Any]:
    assert _WORKER is not None
    return [_WORKER(task) for task in chunk]


# ---------------------------------------------------------------------------
# Dask (optional: pip install 'cleantext-articles[dask]')


def _dask() -> Any:
    try:
        import dask
        import dask.bag
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("the Dask engine needs the dask extra: pip install 'cleantext-articles[dask]'") from exc
    return dask


def clean_bag(
    bag: Any,
    cleaner: Any = None,
    *,
    text_field: str = "text",
    id_field: str = "id",
    output_field: str | None = None,
    report_field: str | None = None,
) -> Any:
    """Clean a Dask bag of records (dicts), partition by partition.

    Returns a bag of :class:`cleantext.batch.Outcome`, one per record, in the
    bag's order: ``outcome.record`` is the output record (the clean text in
    `output_field`, default `text_field`; the report in `report_field` if
    given; every other field untouched), or ``outcome.error`` says why it failed.
    The Cleaner is shipped to each worker once, not once per record or partition.

        >>> outcomes = clean_bag(dask.bag.read_text("shards/*.jsonl").map(json.loads), Cleaner())
        >>> outcomes.filter(lambda o: o.ok).map(lambda o: o.record).map(json.dumps).to_textfiles("out/*.jsonl")
    """
    dask = _dask()
    from cleantext.batch import RecordFields, RecordWorker
    from cleantext.pipeline import Cleaner

    worker = RecordWorker(cleaner or Cleaner(), RecordFields(text_field, id_field, output_field, report_field))
    return bag.map_partitions(_clean_partition, dask.delayed(worker, pure=True))


def _clean_partition(records: Iterable[dict[str, Any]], worker: Any) -> list[Any]:
    return [worker.numbered(item) for item in enumerate(records, 1)]


def clean_dataframe(
    frame: Any,
    cleaner: Any = None,
    *,
    text_column: str = "text",
    output_column: str | None = None,
    report_column: str | None = None,
    error_column: str = "cleantext_error",
) -> Any:
    """Clean a text column of a Dask dataframe, partition by partition.

    The clean text goes to `output_column` (default: it replaces `text_column`),
    the report as a JSON string to `report_column` if given, and the reason a
    row failed to `error_column` (None where it did not; a failed row keeps
    None in the output column). Other columns pass through untouched.
    """
    dask = _dask()
    from cleantext.pipeline import Cleaner

    cleaner = cleaner or Cleaner()
    meta = _clean_frame(frame._meta, cleaner, text_column, output_column, report_column, error_column)
    shipped = dask.delayed(cleaner, pure=True)
    return frame.map_partitions(
        _clean_frame, shipped, text_column, output_column, report_column, error_column, meta=meta
    )


def _clean_frame(
    part: Any, cleaner: Any, text_column: str, output_column: str | None, report_column: str | None, error: str
) -> Any:
    import json

    from cleantext.batch import DOCUMENT_ERRORS, failure_reason

    texts: list[str | None] = []
    reports: list[str | None] = []
    errors: list[str | None] = []
    for value in part[text_column]:
        try:
            if not isinstance(value, str):
                raise ValueError(f"the {text_column!r} value is not a string")
            result = cleaner.clean(value)
        except DOCUMENT_ERRORS as exc:
            texts.append(None)
            reports.append(None)
            errors.append(failure_reason(exc))
            continue
        texts.append(result.text)
        reports.append(json.dumps(result.to_dict(), ensure_ascii=False))
        errors.append(None)
    out = part.copy()
    out[output_column or text_column] = texts
    if report_column:
        out[report_column] = reports
    out[error] = errors
    return out


@dataclass
class ShardResult:
    """What cleaning one JSON Lines shard gave: counts, and the records that failed."""

    documents: int = 0
    bytes: int = 0
    failures: list[Any] = field(default_factory=list)  # a Done per failure to show (records, a break, unwritable files)
    failed: int = 0  # records that failed (all of them, when the shard's files cannot be written)
    broken: int = 0


def clean_shard(worker: Any, unit: Any, report_lines: bool = False, limits: Any = None) -> ShardResult:
    """Clean one JSON Lines shard into its output (and report) files, in this process.

    This is what a Dask task runs: the same streaming, atomic writing and
    per-record failure handling as a local run, so the outputs are identical.
    The shard's lines of the run's JSON Lines report go to its ledger entry
    (`report_lines`), from which the client rebuilds the report in shard order.
    """
    from cleantext.batch import Limits, Writer, tasks

    result = ShardResult()
    with Writer([unit], jsonl=True, report_lines=report_lines, on_failure=result.failures.append) as writer:
        for task in tasks([unit], jsonl=True, limits=limits or Limits()):
            writer.add(worker(task))
    result.documents, result.bytes = writer.documents, writer.bytes
    result.failed, result.broken = writer.failed, writer.broken
    return result


def run_shards_on_dask(
    scheduler: str, worker: Any, units: list[Any], report_lines: bool = False, limits: Any = None
) -> Generator[ShardResult, None, None]:
    """Clean each shard (unit) as one task on the Dask cluster at `scheduler`; yields
    the shards' results in shard order, each as soon as it and those before it are done.

    The worker (and its Cleaner) is scattered to the cluster once. The shards'
    files (and the output folder with its ledger) must be reachable from the
    workers under the same paths: relative paths are made absolute here, since a
    worker's current folder is not the client's, while documents keep the names
    a local run gives them.
    """
    _dask()
    from distributed import Client

    with Client(scheduler) as client:
        [shipped] = client.scatter([worker], broadcast=True)
        futures = [
            client.submit(clean_shard, shipped, unit.absolute(), report_lines, limits, pure=False) for unit in units
        ]
        try:
            for future in futures:
                yield future.result()
        finally:
            client.cancel(futures)
