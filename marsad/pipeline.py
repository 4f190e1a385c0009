"""The per-document pipeline: language → recognise → code, with resources loaded once.

`Resources.load()` reads every dictionary and opens the gazetteer once; the same
object is passed to every call (and shipped to Dask workers), never global.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from marsad.records import Document, EventReport
from marsad.text import detect_language

SUPPORTED_LANGUAGES = ("ar", "fr", "en")


@dataclass(slots=True)
class Resources:
    """Everything the coder reads: ontology, actors, gazetteer, triggers, cues, policy."""

    ontology: Any
    actors: Any
    resolver: Any
    policy: Any
    triggers: dict[str, Any] = field(default_factory=dict)
    cues: dict[str, Any] = field(default_factory=dict)
    gazetteer_path: str | None = None

    @classmethod
    def load(cls, gazetteer_path: str | Path | None = None) -> Resources:
        """Load all dictionaries and open (building if needed) the gazetteer."""
        from marsad.coder.modality import CueBook
        from marsad.coder.policy import load_policy
        from marsad.coder.triggers import TriggerBook
        from marsad.geo import Gazetteer, GeoResolver
        from marsad.lexicon import ActorBase, Ontology

        gazetteer = Gazetteer.open(gazetteer_path)
        return cls(
            ontology=Ontology.load(),
            actors=ActorBase.load(),
            resolver=GeoResolver(gazetteer),
            policy=load_policy(),
            triggers={lang: TriggerBook.load(lang) for lang in SUPPORTED_LANGUAGES},
            cues={lang: CueBook.load(lang) for lang in SUPPORTED_LANGUAGES},
            gazetteer_path=str(gazetteer_path) if gazetteer_path else None,
        )

    def triggers_for(self, language: str):
        return self.triggers.get(language)

    def cues_for(self, language: str):
        return self.cues.get(language)


def document_language(doc: Document) -> str:
    """The declared language when it is one we code, else the detected one."""
    declared = (doc.language or "").lower()[:2]
    if declared in SUPPORTED_LANGUAGES:
        return declared
    return detect_language(doc.text)


def valid_date(value: str | None) -> str | None:
    """An ISO calendar date, or None for anything else ("yesterday", "2024-02-30")."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return None


def extract_document(doc: Document, resources: Resources) -> list[EventReport]:
    """All event reports of one document (no merging across documents)."""
    from marsad.coder import analyse, code_analysis

    language = document_language(doc)
    doc.language = language
    doc.published = valid_date(doc.published)
    if language not in SUPPORTED_LANGUAGES:
        return []
    return code_analysis(analyse(doc, language, resources), resources)
