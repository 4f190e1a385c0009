"""Deduplication: clustering reports into events, merge policy, signatures, source scale.

All reports and sentences here are written for these tests (not taken from any corpus).
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from marsad.dedupe import (
    Deduplicator,
    Embedder,
    band_keys,
    cluster_reports,
    default_config,
    document_signature,
    pairwise_scores,
    signature_similarity,
    source_scale,
)
from marsad.records import Event, EventReport, Source

BOULKESSI = (15.03, -1.93)
DOUENTZA = (15.00, -2.95)

AR_ATTACK = "قتل اثنا عشر جنديا مالياً في هجوم شنه مسلحون على معسكر للجيش في بولكيسي بوسط مالي فجر الأحد"
FR_ATTACK = "Douze soldats maliens ont été tués dimanche à l'aube dans l'attaque d'un camp militaire à Boulkessi, dans le centre du Mali"
EN_ATTACK = "Gunmen attacked an army camp in Boulkessi, central Mali, at dawn on Sunday, killing 14 Malian soldiers"


def report(doc: str, evidence: str, **fields) -> EventReport:
    base = dict(
        doc_id=doc, event_type="Battles", sub_event_type="Armed clash", date="2023-05-14",
        time_precision=1, country="Mali", iso="ML", admin1="Mopti", location="Boulkessi",
        latitude=BOULKESSI[0], longitude=BOULKESSI[1], geo_precision=1,
        actor1="JNIM: Group for Support of Islam and Muslims", actor2="Military Forces of Mali (2021-)",
        fatalities=12, evidence=evidence, confidence=0.6,
    )
    base.update(fields)
    return EventReport(**base)


@pytest.fixture(scope="module")
def deduper() -> Deduplicator:
    return Deduplicator(embedder=Embedder())


def three_outlets() -> list[EventReport]:
    return [
        report("doc-ar", AR_ATTACK, language="ar"),
        report("doc-fr", FR_ATTACK, language="fr", actor1="Unidentified Armed Group (Mali)"),
        report("doc-en", EN_ATTACK, language="en", fatalities=14, latitude=15.05, longitude=-1.90),
    ]


def test_same_attack_in_three_languages_merges(deduper):
    assignments = deduper.assign(three_outlets(), [])
    assert {a.cluster for a in assignments} == {"new:0"}
    assert all(a.event_id is None for a in assignments)
    reasons = assignments[0].reasons
    assert reasons["decision"] == "joined"
    assert {"type", "place", "date", "actors", "text"} <= set(reasons)


def test_cross_language_text_similarity_beats_unrelated(deduper):
    same = deduper.embedder.similarity(AR_ATTACK, EN_ATTACK)
    unrelated = deduper.embedder.similarity(
        AR_ATTACK, "Des centaines de commerçants ont manifesté à Bamako contre la hausse des taxes")
    assert same > unrelated + 0.2


def test_two_attacks_same_day_in_different_towns_stay_apart(deduper):
    reports = [
        report("doc-1", EN_ATTACK),
        report("doc-2", "Jihadists stormed a gendarmerie post in Douentza on Sunday, killing 12 gendarmes",
               location="Douentza", latitude=DOUENTZA[0], longitude=DOUENTZA[1]),
    ]
    assignments = deduper.assign(reports, [])
    assert assignments[0].cluster != assignments[1].cluster
    assert assignments[1].reasons["veto"] == "distance"


def test_same_town_on_different_days_stays_apart(deduper):
    reports = [report("doc-1", EN_ATTACK), report("doc-2", EN_ATTACK, date="2023-05-17")]
    assignments = deduper.assign(reports, [])
    assert assignments[0].cluster != assignments[1].cluster
    assert assignments[0].reasons["nearest"] is None  # outside each other's date block
    pair = deduper.assign([report("doc-1", EN_ATTACK), report("doc-2", EN_ATTACK, date="2023-05-17",
                                                              time_precision=2)], [])
    assert pair[0].cluster == pair[1].cluster  # a week-precision date is compatible


NEXT_DAY_RAID = "Gunmen raided a market in Boulkessi on Monday, killing three soldiers who guarded it"
NEXT_DAY_CLASH = "De nouveaux combats ont opposé lundi l'armée à des jihadistes près de Boulkessi, faisant trois morts"


def day_tolerant(deduper: Deduplicator) -> Deduplicator:
    config = default_config()
    return Deduplicator(replace(config, dates=replace(config.dates, exact_tolerance_days=1)), deduper.embedder)


def test_exact_days_two_apart_stay_apart_by_default(deduper):
    assert default_config().dates.exact_tolerance_days == 1
    assert len(deduper.cluster([report("doc-1", EN_ATTACK), report("doc-2", FR_ATTACK, date="2023-05-16")])) == 2


@pytest.mark.parametrize("batch", [False, True])
def test_one_day_apart_merges_only_when_the_wording_confirms(deduper, batch):
    """With a one-day tolerance: outlets disagree by a day on one event, but a new raid on the
    next day is another event."""
    deduper = day_tolerant(deduper)

    def together(a: EventReport, b: EventReport) -> bool:
        if batch:
            return len(deduper.cluster([a, b])) == 1
        first, second = deduper.assign([a, b], [])
        return first.cluster == second.cluster

    first = report("doc-1", EN_ATTACK)
    assert together(first, report("doc-2", FR_ATTACK, date="2023-05-15"))  # the same attack, in French
    assert together(first, report("doc-2", EN_ATTACK, date="2023-05-13"))  # a wire copy dated a day earlier
    assert not together(first, report("doc-2", NEXT_DAY_RAID, date="2023-05-15", fatalities=3))
    assert not together(first, report("doc-2", NEXT_DAY_CLASH, date="2023-05-15", fatalities=3, language="fr"))
    # nothing to confirm it with: no wording, and a toll that contradicts the first report's
    assert not together(first, report("doc-2", "", date="2023-05-15", fatalities=3))


def test_day_gap_veto_is_explained(deduper):
    _, second = day_tolerant(deduper).assign([report("doc-1", EN_ATTACK),
                                report("doc-2", NEXT_DAY_RAID, date="2023-05-15", fatalities=3)], [])
    assert second.reasons["veto"] == "date" and second.reasons["day_gap"] == 1.0
    assert second.reasons["text"] < default_config().dates.adjacent_day_min_text


def test_battle_and_protest_same_place_and_day_stay_apart(deduper):
    protest = report("doc-2", "Des habitants de Boulkessi ont manifesté dimanche pour réclamer plus de sécurité",
                     event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Mali)",
                     actor2=None, fatalities=0)
    assignments = deduper.assign([report("doc-1", EN_ATTACK), protest], [])
    assert assignments[0].cluster != assignments[1].cluster


def test_week_precision_date_is_compatible_with_exact_day(deduper):
    vague = report("doc-2", FR_ATTACK, date="2023-05-12", time_precision=2)
    assignments = deduper.assign([report("doc-1", EN_ATTACK), vague], [])
    assert assignments[0].cluster == assignments[1].cluster
    assert assignments[1].reasons["date"] == default_config().dates.coarse_score


def test_region_centroid_is_compatible_with_a_town_inside_it(deduper):
    coarse = report("doc-2", AR_ATTACK, location="Mopti", latitude=14.0, longitude=-4.0, geo_precision=3)
    outside = report("doc-3", AR_ATTACK, location="Gao", admin1="Gao", latitude=16.27, longitude=-0.04,
                     geo_precision=3)
    assignments = deduper.assign([report("doc-1", EN_ATTACK), coarse, outside], [])
    assert assignments[0].cluster == assignments[1].cluster
    assert assignments[2].cluster != assignments[0].cluster
    assert assignments[2].reasons["veto"] == "admin1"


@pytest.mark.parametrize(("generic", "specific", "compatible"), [
    ("Unidentified Armed Group (Mali)", "JNIM: Group for Support of Islam and Muslims", True),
    ("Unidentified Armed Group (Mali)", "Islamic State (West Africa)", True),  # a region, not a country
    ("Unidentified Armed Group (Mali)", "Unidentified Armed Group (Niger)", False),
    ("Unidentified Armed Group (Mali)", "Military Forces of Mali (2021-)", False),
    ("Unidentified Armed Group (Niger)", "Civilians (Niger)", False),
])
def test_generic_and_specific_actor_compatibility(generic, specific, compatible):
    from marsad.dedupe.features import actor_pair_score

    rules = default_config().actors
    assert (actor_pair_score(generic, specific, rules) > 0) is compatible
    assert (actor_pair_score(specific, generic, rules) > 0) is compatible


@pytest.mark.parametrize(("parent", "affiliate"), [
    ("Al Qaeda", "AQIM: Al Qaeda in the Islamic Maghreb"),
    ("UN: United Nations", "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)"),
])
def test_an_affiliate_is_compatible_with_its_parent(parent, affiliate):
    from marsad.dedupe.features import actor_pair_score

    rules = default_config().actors
    assert actor_pair_score(parent, affiliate, rules) == rules.affiliate_match_score
    assert actor_pair_score(affiliate, parent, rules) == rules.affiliate_match_score
    assert actor_pair_score("Islamic State (Sahel)", "Islamic State (West Africa)", rules) == 0.0
    assert actor_pair_score("Civilians (Mali)", "Civilians (Niger)", rules) == 0.0


def test_islamist_militia_is_a_generic_label(deduper):
    from marsad.dedupe.features import actor_pair_score

    rules = default_config().actors
    assert actor_pair_score("Islamist Militia (Mali)", "JNIM: Group for Support of Islam and Muslims", rules) > 0


def test_same_attacker_with_targets_told_differently_is_not_a_veto(deduper):
    """One outlet counts the dead as soldiers, another as civilians: the same attack."""
    soldiers = report("doc-1", "Des jihadistes ont attaqué un hôtel de Boulkessi dimanche, tuant douze soldats",
                      event_type="Violence against civilians", sub_event_type="Attack")
    civilians = report("doc-2", "Jihadists stormed a hotel in Boulkessi on Sunday and killed twelve guests",
                       event_type="Violence against civilians", sub_event_type="Attack", actor2="Civilians (Mali)")
    from marsad.dedupe.features import actor_score

    assert actor_score(soldiers, civilians, default_config()) == 0.5
    other_group = replace(civilians, actor1="Islamic State (Sahel)", inter1=2)
    with pytest.raises(Exception, match="actors"):
        actor_score(replace(soldiers, inter1=2), other_group, default_config())
    assert len(deduper.cluster([soldiers, civilians])) == 1


def test_conflicting_specific_actors_are_different_dyads(deduper):
    other = report("doc-2", "Islamic State fighters ambushed a patrol near Boulkessi on Sunday, killing 12",
                   actor1="Islamic State (Sahel)")
    first = report("doc-1", "Des hommes armés ont attaqué un poste à Boulkessi dimanche, douze morts")
    assignments = deduper.assign([first, other], [])
    assert assignments[0].cluster != assignments[1].cluster
    assert assignments[0].reasons["veto"] == "actors"


def test_reports_of_one_document_are_never_merged_unless_identical(deduper):
    a = report("doc-1", EN_ATTACK)
    b = report("doc-1", "A second assault hit the same camp later that day, killing 14 soldiers", fatalities=14)
    assignments = deduper.assign([a, b], [])
    assert assignments[0].cluster != assignments[1].cluster
    assert assignments[1].reasons["veto"] == "same_document"
    twin = replace(a, evidence="The army confirmed the attack on its Boulkessi camp.", evidence_start=200)
    assert len({x.cluster for x in deduper.assign([a, twin], [])}) == 1


def test_incremental_assign_joins_existing_event_and_keeps_its_id(deduper):
    first = three_outlets()[:2]
    sources = [Source("doc-ar", outlet="aawsat.com"), Source("doc-fr", outlet="RFI")]
    event = Event(id="ML-000042", report=deduper.merge(first, sources), reports=first, sources=sources)
    elsewhere = report("doc-x", "Protesters blocked the main road in Kayes on Sunday over power cuts",
                       event_type="Protests", sub_event_type="Peaceful protest", admin1="Kayes",
                       location="Kayes", latitude=14.45, longitude=-11.44, actor1="Protesters (Mali)",
                       actor2=None, fatalities=0)
    assignments = deduper.assign([three_outlets()[2], elsewhere], [event])
    assert assignments[0].event_id == "ML-000042"
    assert assignments[0].cluster == "ML-000042"
    assert assignments[0].reasons["partner"] == "event:ML-000042"
    assert assignments[1].event_id is None and assignments[1].cluster == "new:0"


def test_two_existing_events_are_never_merged_through_a_new_report(deduper):
    a, b = report("doc-a", EN_ATTACK), report("doc-b", FR_ATTACK)
    events = [Event(id="E1", report=a, reports=[a]), Event(id="E2", report=b, reports=[b])]
    assignment = deduper.assign([report("doc-c", AR_ATTACK)], events)[0]
    assert assignment.event_id in {"E1", "E2"}


def test_labels_are_deterministic_whatever_the_input_order(deduper):
    reports = three_outlets() + [
        report("doc-4", "Two civilians were abducted by gunmen near Tessit on Sunday", admin1="Gao",
               event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
               location="Tessit", latitude=15.01, longitude=0.97, actor2="Civilians (Mali)", fatalities=0),
        report("doc-5", EN_ATTACK, date="2023-06-02"),
    ]
    expected = {r.doc_id: a.cluster for r, a in zip(reports, deduper.assign(reports, []), strict=True)}
    shuffled = reports[:]
    random.Random(7).shuffle(shuffled)
    again = {r.doc_id: a.cluster for r, a in zip(shuffled, deduper.assign(shuffled, []), strict=True)}
    assert again == expected
    assert sorted(set(expected.values())) == ["new:0", "new:1", "new:2"]


def test_cluster_reports_groups_indices(deduper):
    reports = three_outlets() + [report("doc-5", EN_ATTACK, date="2023-06-02")]
    clusters = cluster_reports(reports, embedder=deduper.embedder)
    assert sorted(map(sorted, clusters)) == [[0, 1, 2], [3]]


# ---------- merge policy ----------

def test_merge_policy(deduper):
    reports = [
        report("d1", AR_ATTACK, location="Mopti", admin1="Mopti", latitude=14.0, longitude=-4.0, geo_precision=3,
               date="2023-05-01", time_precision=3, fatalities=20, modality="claimed", confidence=0.9,
               actor1="Unidentified Armed Group (Mali)", attribution="JNIM statement"),
        report("d2", FR_ATTACK, fatalities=12, confidence=0.5, attribution="RFI, citant une source sécuritaire"),
        report("d3", EN_ATTACK, fatalities=14, confidence=0.6, date="2023-05-15", time_precision=1),
        report("d4", EN_ATTACK, fatalities=0, confidence=0.4, modality="denied"),
    ]
    sources = [Source("d1", outlet="Telegram"), Source("d2", outlet="rfi.fr"),
               Source("d3", url="https://www.reuters.com/world/africa/x"), Source("d4", outlet="Reuters")]
    merged = deduper.merge(reports, sources)
    assert (merged.location, merged.geo_precision) == ("Boulkessi", 1)
    assert (merged.date, merged.time_precision) == ("2023-05-14", 1)  # two exact reports agree
    assert merged.fatalities == 12  # lowest asserted figure; the claimed 20 is not used
    assert merged.actor1 == "JNIM: Group for Support of Islam and Muslims"  # specific beats generic
    assert merged.modality == "asserted"
    assert merged.attribution == "JNIM statement; RFI, citant une source sécuritaire"
    assert merged.evidence == AR_ATTACK and merged.doc_id == "d1"  # most confident report
    assert 0.9 < merged.confidence <= default_config().confidence_cap
    assert merged.rule == "merge:4"


def test_merge_modality_and_fatalities_edge_cases(deduper):
    denied = [report("a", EN_ATTACK, modality="denied"), report("b", FR_ATTACK, modality="denied")]
    assert deduper.merge(denied, []).modality == "denied"
    mixed = [report("a", EN_ATTACK, modality="denied"), report("b", FR_ATTACK, modality="claimed", fatalities=30)]
    merged = deduper.merge(mixed, [])
    assert merged.modality == "claimed"
    assert merged.fatalities == 30  # only a claimed figure exists
    assert deduper.merge([report("a", EN_ATTACK, fatalities=0)], []).fatalities == 0


def test_merge_date_tie_goes_to_earliest(deduper):
    reports = [report("a", EN_ATTACK, date="2023-05-15"), report("b", FR_ATTACK, date="2023-05-14")]
    assert deduper.merge(reports, []).date == "2023-05-14"


def test_confidence_counts_outlets_not_reports(deduper):
    one_outlet = [report("a", EN_ATTACK), report("b", EN_ATTACK)]
    same = deduper.merge(one_outlet, [Source("a", outlet="Reuters"), Source("b", outlet="Reuters")])
    two = deduper.merge(one_outlet, [Source("a", outlet="Reuters"), Source("b", outlet="RFI")])
    assert same.confidence == pytest.approx(0.6)
    assert two.confidence == pytest.approx(0.84)


# ---------- source scale ----------

@pytest.mark.parametrize(("sources", "country", "expected"), [
    ([Source("a", outlet="maliweb.net"), Source("b", outlet="Reuters")], "ML", "National-International"),
    ([Source("a", url="https://www.maliweb.net/x.html")], "ML", "National"),
    ([Source("a", outlet="alriyadh.com")], "NG", "International"),
    ([Source("a", outlet="Jeune Afrique"), Source("b", outlet="Twitter")], "BF", "New media-Regional"),
    ([Source("a", outlet="aawsat.com")], None, "Regional"),
    ([Source("a", outlet="unknown-blog.example")], "ML", "Unknown"),
    ([], None, "Unknown"),
])
def test_source_scale(sources, country, expected):
    assert source_scale(sources, country=country) == expected


# ---------- document near-duplicates ----------

WIRE = ("BAMAKO, 14 mai — Douze soldats maliens ont été tués dimanche à l'aube dans l'attaque d'un camp "
        "militaire à Boulkessi, dans le centre du Mali, a indiqué l'armée dans un communiqué. Les assaillants, "
        "arrivés à moto, ont incendié plusieurs véhicules avant de se replier vers la frontière burkinabè. "
        "Un ratissage est en cours dans la zone, selon une source sécuritaire locale.")
REPRINT = "Publié le 15 mai. " + WIRE.replace("a indiqué", "a précisé") + " (Avec AFP)"
OTHER = ("Le gouvernement nigérien a annoncé lundi la réouverture de la frontière avec le Bénin, fermée "
         "depuis plusieurs mois, afin de relancer les échanges commerciaux entre les deux pays voisins.")


def test_wire_reprint_signature_is_near_identical():
    a, b, c = document_signature(WIRE), document_signature(REPRINT), document_signature(OTHER)
    assert len(a) == 64 and all(isinstance(v, int) for v in a)
    assert signature_similarity(a, b) >= 0.7
    assert signature_similarity(a, c) < 0.1
    assert set(band_keys(a)) & set(band_keys(b))
    assert not set(band_keys(a)) & set(band_keys(c))
    assert document_signature(WIRE) == a  # stable across calls


def test_signature_folds_arabic_orthography():
    plain = "اعلنت السلطات المالية مقتل اثني عشر جنديا في هجوم على معسكر بولكيسي وسط البلاد"
    marked = "أعلنت السُّلطات المالية مقتل اثني عشر جنديًا في هجوم على معسكر بولكيسي وسط البلاد"
    assert signature_similarity(document_signature(plain), document_signature(marked)) == 1.0


# ---------- embedder ----------

def test_embedder_caches_and_ngram_fallback_works():
    ngram = Embedder(backend="ngram")
    assert ngram.kind == "ngram"
    near = ngram.similarity(EN_ATTACK, EN_ATTACK.replace("14", "fourteen"))
    far = ngram.similarity(EN_ATTACK, "Le gouvernement a annoncé la réouverture de la frontière")
    assert near > 0.8 > far
    ngram.embed([EN_ATTACK])
    assert EN_ATTACK in ngram._cache
    with pytest.raises(ValueError):
        Embedder(backend="bert")


def test_ngram_deduplicator_still_separates_and_merges():
    deduper = Deduplicator(embedder=Embedder(backend="ngram"))
    reports = [report("a", EN_ATTACK), report("b", EN_ATTACK.replace("Sunday", "Sunday morning")),
               report("c", EN_ATTACK, date="2023-05-20")]
    labels = [a.cluster for a in deduper.assign(reports, [])]
    assert labels[0] == labels[1] != labels[2]


# ---------- measurement ----------

def test_pairwise_scores():
    scores = pairwise_scores([[1, 2], [3], [4]], [[1, 2, 3], [4]])
    assert scores["precision"] == 1.0
    assert scores["recall"] == pytest.approx(1 / 3)
    assert scores["inflation"] == pytest.approx(3 / 2)
    perfect = pairwise_scores([["a", "b"]], [["b", "a"]])
    assert perfect["f1"] == 1.0 and perfect["inflation"] == 1.0
