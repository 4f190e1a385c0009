"""Documents coded in one run, stored and deduplicated together.

Incremental deduplication depends on the order reports arrive in: a report that comes early
can seed an event that a better-matching report, coming later, is then kept out of. A run
therefore holds its coded documents back and stores them in batches: each batch is one
Store.add_coded call, one Deduplicator.assign over all its reports (in content order), so
the events a run makes do not depend on the order of its input files. Batches are stored
in one transaction each, so an interrupted run loses no stored data; the documents of the
unfinished batch are simply coded again by the next run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.records import Document, EventReport
from marsad.store.store import CodedDocument, Store, most_similar

# Documents per batch: large enough that a typical collection (a few days of several outlets'
# news about a region) is deduplicated at once, small enough to keep memory and the candidate
# query modest.
DEFAULT_BATCH_DOCUMENTS = 500


@dataclass(slots=True)
class _Reprint:
    doc: Document
    original: str
    signature: Sequence[int]
    band_keys: Sequence[str]


@dataclass(slots=True)
class DocumentBatch:
    """Coded documents waiting to be stored; `flush()` stores them (also when `size` is reached).

    Lookups (already stored? a reprint?) see both the store and the waiting documents."""

    store: Store
    deduper: Any
    size: int = DEFAULT_BATCH_DOCUMENTS
    touched: set[str] = field(default_factory=set)
    _coded: dict[str, CodedDocument] = field(default_factory=dict)
    _hashes: set[str] = field(default_factory=set)
    _bands: dict[str, list[str]] = field(default_factory=dict)
    _reprints: list[_Reprint] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self._coded) + len(self._reprints)

    def has_document(self, doc: Document) -> bool:
        """Whether the document is stored or waiting in this batch."""
        return doc.content_hash in self._hashes or doc.id in self._coded or self.store.has_document(doc.content_hash)

    def original_of(self, signature: Sequence[int], band_keys: Sequence[str]) -> str | None:
        """Id of the document (waiting or stored) that this one reprints, if any."""
        threshold = self.deduper.config.signature.near_duplicate_threshold
        waiting = self._waiting_original(signature, band_keys, threshold)
        return waiting or self.store.find_near_duplicate(signature, band_keys, threshold=threshold)

    def add_reprint(self, doc: Document, original: str, signature: Sequence[int], band_keys: Sequence[str]) -> None:
        """Link `doc` to the document it reprints (it is not coded)."""
        self._hashes.add(doc.content_hash)
        self._reprints.append(_Reprint(doc, original, signature, band_keys))
        self._flush_if_full()

    def add(self, doc: Document, reports: list[EventReport], signature: Sequence[int],
            band_keys: Sequence[str]) -> None:
        """Queue a coded document with its reports."""
        self._hashes.add(doc.content_hash)
        self._coded[doc.id] = CodedDocument(doc, reports, signature, band_keys)
        for key in dict.fromkeys(band_keys):
            self._bands.setdefault(key, []).append(doc.id)
        self._flush_if_full()

    def flush(self) -> None:
        """Store the waiting documents: coded ones first (deduplicated together), then reprints."""
        if self._coded:
            self.touched.update(self.store.add_coded(list(self._coded.values()), self.deduper))
        for reprint in self._reprints:
            self.store.add_document(reprint.doc, near_duplicate_of=reprint.original,
                                    signature=reprint.signature, band_keys=reprint.band_keys)
        self._coded, self._hashes, self._bands, self._reprints = {}, set(), {}, []

    def _flush_if_full(self) -> None:
        if len(self) >= self.size:
            self.flush()

    def _waiting_original(self, signature: Sequence[int], band_keys: Sequence[str], threshold: float) -> str | None:
        from marsad.dedupe import signature_similarity

        waiting = dict.fromkeys(d for key in band_keys for d in self._bands.get(key, ()))
        return most_similar(signature, ((d, self._coded[d].signature) for d in waiting), threshold,
                            signature_similarity)
