"""The Dask engine: per-document stages as Dask tasks, storing and dedupe in order.

Workers load the coder's resources once (a worker plugin), code batches of
documents, and send back EventReports. The client stores them in input order
with the same incremental dedupe as the in-process engine, so both engines give
the same events. At most `max_in_flight` batches are pending at once, so memory
stays flat however large the corpus.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from distributed import WorkerPlugin

from marsad.records import Document, EventReport

BATCH_SIZE = 32
RESOURCES_ATTRIBUTE = "marsad_resources"


class ResourcesPlugin(WorkerPlugin):
    """Loads the coder's resources once per worker process."""

    # distributed refuses duck-typed plugins, hence the base class.
    name = "marsad-resources"

    def __init__(self, gazetteer_path: str | None) -> None:
        self.gazetteer_path = gazetteer_path

    def setup(self, worker) -> None:
        from marsad.pipeline import Resources

        setattr(worker, RESOURCES_ATTRIBUTE, Resources.load(self.gazetteer_path))


def extract_batch(docs: list[Document]) -> list[list[EventReport] | str]:
    """Code a batch on a worker; a document that fails yields its error message instead."""
    from distributed import get_worker

    from marsad.pipeline import extract_document

    resources = getattr(get_worker(), RESOURCES_ATTRIBUTE)
    results: list[list[EventReport] | str] = []
    for doc in docs:
        try:
            results.append(extract_document(doc, resources))
        except Exception as exc:  # noqa: BLE001 - reported per document by the client
            results.append(f"could not code this document ({type(exc).__name__}: {exc})")
    return results


def batches(items: Iterable[Document], size: int = BATCH_SIZE) -> Iterator[list[Document]]:
    """Consecutive lists of at most `size` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def coded_in_order(client, docs: Iterable[Document], max_in_flight: int = 8
                   ) -> Iterator[tuple[Document, list[EventReport] | str]]:
    """(document, reports or error) pairs in input order, with bounded work in flight."""
    pending: deque = deque()
    for batch in batches(docs):
        pending.append((batch, client.submit(extract_batch, batch, pure=False)))
        if len(pending) >= max_in_flight:
            yield from _drain(pending.popleft())
    while pending:
        yield from _drain(pending.popleft())


def _drain(entry) -> Iterator[tuple[Document, list[EventReport] | str]]:
    batch, future = entry
    yield from zip(batch, future.result(), strict=True)


def connect(scheduler: str | None, workers: int):
    """A client of the given scheduler, or of a new local cluster of `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    return Client(cluster), cluster


def run_on_dask(args, store, tally) -> None:
    """`marsad run --engine dask`: code on the cluster, store and dedupe here, in order."""
    from marsad.commands import documents, error, store_one
    from marsad.dedupe import Deduplicator
    from marsad.store.batch import DEFAULT_BATCH_DOCUMENTS, DocumentBatch

    client, cluster = connect(args.scheduler, args.workers)
    batch = DocumentBatch(store, Deduplicator(), getattr(args, "batch_size", None) or DEFAULT_BATCH_DOCUMENTS)
    try:
        client.register_plugin(ResourcesPlugin(args.gazetteer))
        fresh = (d for d in documents(args.inputs, tally) if not _already_stored(batch, d, tally))
        for doc, outcome in coded_in_order(client, fresh):
            tally.documents += 1
            if isinstance(outcome, str):
                error(f"{doc.origin or doc.id}: {outcome}")
                tally.failed += 1
                continue
            store_one(doc, lambda _doc, reports=outcome: reports, batch, tally)
        batch.flush()
    finally:
        tally.events.update(batch.touched)
        client.close()
        if cluster is not None:
            cluster.close()


def _already_stored(batch, doc: Document, tally) -> bool:
    if batch.has_document(doc):
        tally.documents += 1
        tally.skipped += 1
        return True
    return False
