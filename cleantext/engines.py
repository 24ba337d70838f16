"""Engines that run a worker over a stream of tasks: in this process, in a pool of
processes, or on a Dask cluster.

A worker is a picklable callable holding a :class:`~cleantext.Cleaner` (see
:mod:`cleantext.batch`). It is shipped to each process once, when the process
starts, and the tasks travel in chunks, so that pickling costs little beside
cleaning. Results always come back in input order, and only a bounded number
of chunks is in flight at any time, so memory does not grow with the input.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: A chunk closes at this many tasks or bytes, whichever comes first.
CHUNK_TASKS = 64
CHUNK_BYTES = 1 << 20
#: Chunks in flight per process: enough to keep every process busy, few enough to bound memory.
CHUNKS_PER_JOB = 3


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_ordered(worker: Callable[[T], R], tasks: Iterable[T], jobs: int = 1) -> Iterator[R]:
    """``worker(task)`` for every task, yielded in input order.

    With ``jobs > 1`` the work runs in a pool of `jobs` processes, started only
    when there is more than one chunk of work (a single article is cleaned at
    once, without paying for a pool).
    """
    chunks = _chunks(tasks)
    if jobs <= 1:
        for chunk in chunks:
            yield from map(worker, chunk)
        return
    head = list(itertools.islice(chunks, 2))
    if len(head) < 2:
        for chunk in head:
            yield from map(worker, chunk)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_install, initargs=(worker,)) as pool:
        pending: deque = deque()
        try:
            for chunk in itertools.chain(head, chunks):
                pending.append(pool.submit(_run_chunk, chunk))
                if len(pending) >= jobs * CHUNKS_PER_JOB:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _chunks(tasks: Iterable[T]) -> Iterator[list[T]]:
    chunk: list[T] = []
    size = 0
    for task in tasks:
        chunk.append(task)
        size += len(getattr(task, "data", None) or b"")
        if len(chunk) >= CHUNK_TASKS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


_WORKER: Callable[[Any], Any] | None = None


def _install(worker: Callable[[Any], Any]) -> None:
    """Pool initializer: the worker (and its Cleaner) arrives once per process."""
    global _WORKER
    _WORKER = worker


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

    texts, reports, errors = [], [], []
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
    failures: list[Any] = field(default_factory=list)  # a Done per failed record


def clean_shard(worker: Any, unit: Any, report_part: Path | None = None) -> ShardResult:
    """Clean one JSON Lines shard into its output (and report) files, in this process.

    This is what a Dask task runs: the same streaming, atomic writing and
    per-record failure handling as a local run, so the outputs are identical.
    The shard's lines of the run's JSON Lines report go to `report_part`, for the
    client to append in shard order.
    """
    from cleantext.batch import Writer, tasks

    result = ShardResult()
    with Writer([unit], jsonl=True, report_jsonl=report_part, on_failure=result.failures.append) as writer:
        for task in tasks([unit], jsonl=True):
            writer.add(worker(task))
    result.documents, result.bytes = writer.documents, writer.bytes
    return result


def run_shards_on_dask(
    scheduler: str, worker: Any, units: list[Any], report_parts: list[Path] | None = None
) -> Iterator[ShardResult]:
    """Clean each shard (unit) as one task on the Dask cluster at `scheduler`; yields
    the shards' results in shard order, each as soon as it and those before it are done.

    The worker (and its Cleaner) is scattered to the cluster once. The shards'
    files (and the `report_parts`, one per shard) must be reachable from the
    workers under the same paths: relative paths are made absolute here, since a
    worker's current folder is not the client's, while documents keep the names
    a local run gives them.
    """
    _dask()
    from distributed import Client

    parts = [part.absolute() for part in report_parts] if report_parts else [None] * len(units)
    with Client(scheduler) as client:
        [shipped] = client.scatter([worker], broadcast=True)
        futures = [
            client.submit(clean_shard, shipped, unit.absolute(), part, pure=False)
            for unit, part in zip(units, parts, strict=True)
        ]
        try:
            for future in futures:
                yield future.result()
        finally:
            client.cancel(futures)
