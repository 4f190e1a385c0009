"""Merge decisions for reports that outlets (and the coder) tell differently: compatibility
instead of equality for the fields outlets disagree on, vetoes kept for really distinct events.

All reports and sentences here are written for these tests (not taken from any corpus).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.dedupe import DedupeConfig, Deduplicator, Embedder, default_config
from marsad.dedupe.features import Veto, actor_pair_score, actor_score, adjacent_day_confirmed, type_score
from marsad.records import EventReport

DAMATURU = (11.75, 11.96)
GOMBE = (10.29, 11.17)

AR_BOMBING = "فجرت انتحارية نفسها في سوق مزدحم بمدينة داماتورو صباح الجمعة ما أدى إلى مقتل 13 شخصا"
FR_EXPLOSION = "Une explosion a fait au moins treize morts vendredi matin dans un marché bondé de Damaturu"
EN_NEXT_DAY = "Residents of Damaturu said the market reopened on Saturday under heavy police guard"


def report(doc: str, evidence: str, **fields) -> EventReport:
    base = dict(
        doc_id=doc, event_type="Explosions/Remote violence", sub_event_type="Suicide bomb",
        date="2024-03-15", time_precision=1, country="Nigeria", iso="NG", admin1="Yobe",
        location="Damaturu", latitude=DAMATURU[0], longitude=DAMATURU[1], geo_precision=1,
        actor1="Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", actor2="Civilians (Nigeria)",
        fatalities=13, evidence=evidence, confidence=0.6,
    )
    base.update(fields)
    return EventReport(**base)


@pytest.fixture(scope="module")
def deduper() -> Deduplicator:
    return Deduplicator(embedder=Embedder())


def together(deduper: Deduplicator, a: EventReport, b: EventReport) -> bool:
    first, second = deduper.assign([a, b], [])
    return first.cluster == second.cluster


# ---------- sub-event types of one family ----------

def test_related_sub_types_score_between_same_and_different():
    config = default_config()
    bomb = report("a", AR_BOMBING)
    device = replace(bomb, sub_event_type="Remote explosive/landmine/IED")
    shelling = replace(bomb, sub_event_type="Shelling/artillery/missile attack")
    assert type_score(bomb, bomb, config) == 1.0
    assert type_score(bomb, device, config) == config.related_subtype_score
    assert type_score(bomb, shelling, config) == config.subtype_mismatch_score < config.related_subtype_score
    with pytest.raises(Veto):
        type_score(bomb, replace(bomb, event_type="Battles", sub_event_type="Armed clash"), config)


def test_suicide_bombing_told_as_an_explosion_merges(deduper):
    """One outlet says a suicide bomber, another only an explosion: one event."""
    bombing = report("doc-ar", AR_BOMBING, language="ar")
    explosion = report("doc-fr", FR_EXPLOSION, sub_event_type="Remote explosive/landmine/IED", language="fr")
    assert together(deduper, bombing, explosion)
    # A week-precision date, a generic attacker and no toll: the sub-type family decides.
    vague = replace(explosion, evidence="", time_precision=2, fatalities=0,
                    actor1="Unidentified Armed Group (Nigeria)", actor2="Military Forces of Nigeria (2023-)")
    first, second = deduper.assign([bombing, vague], [])
    assert first.cluster == second.cluster
    assert second.reasons["type"] == default_config().related_subtype_score
    unrelated = Deduplicator(replace(default_config(), related_subtypes=frozenset()), deduper.embedder)
    assert not together(unrelated, bombing, vague)


def test_related_groups_are_read_from_the_config_file():
    config = DedupeConfig.from_dict({"types": {"related": [["Attack", "Abduction/forced disappearance"]],
                                               "related_score": 0.5}})
    attack = report("a", "", event_type="Violence against civilians", sub_event_type="Attack")
    abduction = replace(attack, sub_event_type="Abduction/forced disappearance")
    assert type_score(attack, abduction, config) == 0.5


# ---------- a day apart ----------

def test_a_day_apart_is_confirmed_by_the_coded_fields():
    config = default_config()
    same_town_same_type = {"type": 1.0, "place": 1.0, "date": 0.0, "day_gap": 1.0}
    assert adjacent_day_confirmed(same_town_same_type, config)
    assert adjacent_day_confirmed({**same_town_same_type, "fatalities": 1.0}, config)
    assert not adjacent_day_confirmed({**same_town_same_type, "fatalities": 0.2}, config)  # tolls contradict
    assert not adjacent_day_confirmed({**same_town_same_type, "type": 0.6}, config)  # only a related sub-type
    assert not adjacent_day_confirmed({**same_town_same_type, "place": 0.6}, config)  # a region, not the town
    assert adjacent_day_confirmed({"type": 0.2, "place": 0.6, "text": 0.9}, config)  # a translation


def test_same_bombing_dated_a_day_apart_by_two_outlets_merges(deduper):
    """An overnight bombing: Friday for one outlet, Saturday for another; same town, type, toll."""
    late = report("doc-fr", FR_EXPLOSION, date="2024-03-16", fatalities=14, language="fr")
    assert together(deduper, report("doc-ar", AR_BOMBING, language="ar"), late)


def test_next_day_event_with_another_toll_stays_apart(deduper):
    """The next day in the same town, with a toll that does not fit the first: another event."""
    second = report("doc-en", EN_NEXT_DAY, date="2024-03-16", fatalities=2, language="en")
    first, other = deduper.assign([report("doc-ar", AR_BOMBING, language="ar"), second], [])
    assert first.cluster != other.cluster
    assert other.reasons["veto"] == "date"


def test_next_day_in_a_nearby_town_stays_apart(deduper):
    elsewhere = report("doc-fr", FR_EXPLOSION.replace("Damaturu", "Gombe"), date="2024-03-16",
                       location="Gombe", admin1="Gombe", latitude=GOMBE[0], longitude=GOMBE[1])
    assert not together(deduper, report("doc-ar", AR_BOMBING), elsewhere)


def test_two_days_apart_stays_apart(deduper):
    assert not together(deduper, report("doc-ar", AR_BOMBING), report("doc-fr", FR_EXPLOSION, date="2024-03-17"))


# ---------- dyads ----------

def test_both_sides_told_differently_lowers_the_score_without_veto():
    """The coder names the UN mission as attacker and soldiers as victims in one report, gunmen
    and civilians in another: the actor feature drops, the other fields decide."""
    config = default_config()
    a = report("a", "", event_type="Violence against civilians", sub_event_type="Attack", country="Mali", iso="ML",
               actor1="UN: United Nations", inter1=7, actor2="Military Forces of Mali (2021-)", inter2=1)
    b = replace(a, doc_id="b", actor1="Islamic State (Sahel)", inter1=2, actor2="Civilians (Mali)", inter2=7)
    assert actor_score(a, b, config) == 0.0
    strict = replace(config, actors=replace(config.actors, dyad_veto="decisive"))
    with pytest.raises(Veto):
        actor_score(a, b, strict)


@pytest.mark.parametrize("swap", [False, True])
def test_two_named_armed_groups_remain_different_dyads(swap):
    """JNIM vs Islamic State as perpetrators: different events, in either actor order."""
    config = default_config()
    a = report("a", "", country="Mali", iso="ML", actor1="JNIM: Group for Support of Islam and Muslims",
               inter1=2, actor2="Military Forces of Mali (2021-)", inter2=1)
    b = replace(a, doc_id="b", actor1="Islamic State (Sahel)")
    if swap:
        b = replace(b, actor1=b.actor2, inter1=b.inter2, actor2=b.actor1, inter2=b.inter1)
    with pytest.raises(Veto, match="actors"):
        actor_score(a, b, config)
    loose = replace(config, actors=replace(config.actors, dyad_veto="none"))
    assert actor_score(a, b, loose) is not None


def test_organs_of_one_state_are_compatible():
    rules = default_config().actors
    assert actor_pair_score("Military Forces of Mali (2021-)", "Police Forces of Mali (2021-)", rules) \
        == rules.state_family_score > 0
    assert actor_pair_score("Government of Niger (2023-)", "Military Forces of Niger (2023-)", rules) > 0
    assert actor_pair_score("Military Forces of Mali (2021-)", "Police Forces of Niger (2023-)", rules) == 0.0
    assert actor_pair_score("Military Forces of Mali (2021-)", "Civilians (Mali)", rules) == 0.0


def test_arrest_by_police_or_army_of_one_country_merges(deduper):
    base = dict(event_type="Strategic developments", sub_event_type="Arrests", country="Mali", iso="ML",
                admin1="Mopti", location="Sevare", latitude=14.52, longitude=-4.10, fatalities=0,
                actor2=None, date="2024-05-02")
    army = report("doc-1", "L'armée a arrêté trois suspects jeudi à Sévaré après l'attaque",
                  actor1="Military Forces of Mali (2021-)", **base)
    police = report("doc-2", "اعتقلت الشرطة ثلاثة مشتبه بهم في سيفاري يوم الخميس",
                    actor1="Police Forces of Mali (2021-)", **base)
    assert together(deduper, army, police)


def test_an_unknown_dyad_veto_mode_is_refused():
    with pytest.raises(ValueError, match="dyad_veto"):
        DedupeConfig.from_dict({"actors": {"dyad_veto": "sometimes"}})
