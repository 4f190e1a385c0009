"""Natural features of features.yaml: lakes are named places but, like a country named as a border,
never events' places and never a story's country; forests and mountains are places of their own (our own sentences; names and points are facts)."""

from __future__ import annotations

import pytest

from marsad.geo.cli import mention_record
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.resolver import GeoResolver
from marsad.pipeline import Resources, extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resolver() -> GeoResolver:
    return GeoResolver(Gazetteer.open())


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


def mentions(resolver: GeoResolver, text: str, language: str = "en") -> dict:
    return {m.text: m for m in resolver.resolve_document(text, language).mentions}


@pytest.mark.parametrize(("text", "language", "span"), [
    ("Fishermen were attacked on an island of Lake Chad on Sunday.", "en", "Lake Chad"),
    ("Des pêcheurs ont été attaqués sur une île du lac Tchad dimanche.", "fr", "lac Tchad"),
])
def test_a_lake_is_a_toponym_not_its_country(resolver, text, language, span):
    found = mentions(resolver, text, language)
    lake = found[span]
    assert (lake.value.name, lake.value.feature_code, lake.data["role"]) == ("Lake Chad", "LK", "border")
    assert not any(m.value.feature_code == "PCLI" for m in found.values())


def test_an_island_and_a_tv_channel_are_not_algiers(resolver):
    found = mentions(resolver, "وقال مصدر لقناة الجزيرة إن مسلحين هاجموا صيادين في جزيرة قرب غاو.", "ar")
    assert {m.value.name for m in found.values()} == {"Gao"}


def test_a_geoparse_record_gives_no_geonames_id_for_our_own_places(resolver):
    lake = mentions(resolver, "Boats crossed Lake Chad at night.")["Lake Chad"]
    record = mention_record("d", lake)
    assert record["geonameid"] is None and (record["latitude"], record["longitude"]) == (13.0, 14.3)


def test_an_event_on_a_lake_island_is_placed_at_the_named_town_not_the_lake(resources):
    doc = Document(id="lake", language="en", published="2024-05-06", text=(
        "Boko Haram fighters attacked fishermen near Baga, in Borno state, on the shores of Lake Chad on "
        "Sunday, killing seven of them, local officials said."))
    [report] = extract_document(doc, resources)
    assert report.location == "Baga" and report.country == "Nigeria"


@pytest.mark.parametrize(("text", "language"), [
    ("Nigerian troops clashed with Boko Haram fighters in the Sambisa forest on Monday, killing ten militants.", "en"),
    ("اشتبك الجيش النيجيري مع مقاتلي بوكو حرام في غابة سامبيسا يوم الاثنين وقتل عشرة مسلحين.", "ar"),
])
def test_an_event_in_a_forest_is_coded_there(resources, text, language):
    doc = Document(id="forest", language=language, published="2024-05-07", text=text)
    reports = extract_document(doc, resources)
    assert reports and all((r.location, r.admin1, r.country) == ("Sambisa Forest", "Borno", "Nigeria")
                           for r in reports)
