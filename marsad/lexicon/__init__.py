"""Actors and ontology: who did what to whom, named the way ACLED and PLOVER name it."""

from marsad.lexicon.actors import ActorBase, ActorRef, LexiconError, ResolvedActor
from marsad.lexicon.ontology import Ontology

__all__ = ["ActorBase", "ActorRef", "LexiconError", "Ontology", "ResolvedActor"]
