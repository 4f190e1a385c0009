"""Geoparsing African places beyond the watched region (our own sentences; names and points are facts)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from marsad.geo.build import english_compass_names
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.resolver import GeoResolver

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "samples" / "geoparse" / "en.gold.jsonl"
COMPASS = {"nord": "North", "sud": "South", "est": "East", "ouest": "West"}


@pytest.fixture(scope="module")
def resolver() -> GeoResolver:
    return GeoResolver(Gazetteer.open())


def places(resolver: GeoResolver, text: str, language: str = "en") -> dict[str, tuple]:
    return {m.text: (m.value.name, m.value.iso, m.value.feature_code)
            for m in resolver.resolve_document(text, language).mentions}


def test_a_province_capital_resolves_without_its_country_named(resolver):
    found = places(resolver, "Residents fled towards Goma, the provincial capital, as the rebels advanced.")
    assert found["Goma"][:2] == ("Goma", "CD")


def test_a_province_named_in_english_resolves(resolver):
    found = places(resolver, "The rebels seized two mining towns in North Kivu on Tuesday.")
    assert found["North Kivu"][1:] == ("CD", "ADM1")


def test_a_demonym_grounds_the_story_in_its_country(resolver):
    found = places(resolver, "Gunmen attacked a police patrol near Mandera, Kenyan officials said.")
    assert found["Mandera"][1] == "KE"


def test_a_capital_of_a_unit_outside_africa_stays_unread(resolver):
    found = places(resolver, "Fishermen on Lake Victoria said their catch had fallen sharply this year.")
    assert all(iso != "CA" for _, iso, _ in found.values())


@pytest.mark.parametrize(("name", "english"), [
    ("Nord-Kivu", ["North Kivu"]), ("Sud-Kivu", ["South Kivu"]), ("Nord", []), ("Sud-Ouest", []),
    ("Haut-Uele", []), ("Adamaoua", []),
])
def test_french_compass_words_in_unit_names_get_their_english_form(name, english):
    assert english_compass_names(name, COMPASS) == english


def test_our_english_geoparse_gold_is_consistent_and_parsed_well(resolver):
    """The sample gold's offsets point at its toponyms, and the geoparser finds and places most of them
    (a regression guard; benchmarks/eval_geoparse.py prints the figures)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from eval_geoparse import correct, score_document

    docs = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    for doc in docs:
        for toponym in doc["toponyms"]:
            assert doc["text"][toponym["start"]:toponym["end"]] == toponym["text"]
    rows = [row for doc in docs for row in score_document(resolver, doc) if "gold" in row]
    found = [row for row in rows if row["found"]]
    assert len(found) / len(rows) >= 0.9
    assert sum(correct(row, True) for row in found) / len(found) >= 0.95
