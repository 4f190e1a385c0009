"""Actor mentions in our own ar/fr/en sentences and their ACLED names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from marsad.lexicon import ActorBase, ActorRef


@pytest.fixture(scope="module")
def actors() -> ActorBase:
    return ActorBase.load()


def names(actors, text, language, country="Mali", date="2020-05-03"):
    out = []
    for mention in actors.find_mentions(text, language):
        assert text[mention.start:mention.end] == mention.text
        assert mention.kind == "actor"
        resolved = actors.resolve(mention.value, country, date)
        out.append(resolved.name if resolved else None)
    return out


@pytest.mark.parametrize(("text", "language", "country", "expected"), [
    ("قتل ثلاثة جنود ماليين في كمين نصبه مسلحون مجهولون قرب دوينتزا", "ar", "Mali",
     ["Military Forces of Mali (2013-)", "Unidentified Armed Group (Mali)"]),
    ("أعلن الجيش النيجيري أنه صد هجوما لمقاتلي بوكو حرام", "ar", "Nigeria",
     ["Military Forces of Nigeria (2015-)", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"]),
    ("وقال الجيش المالي إن المدنيين فروا من القرية", "ar", "Mali",
     ["Military Forces of Mali (2013-)", "Civilians (Mali)"]),
    ("Des soldats burkinabè ont riposté à une attaque de jihadistes présumés du JNIM", "fr", "Burkina Faso",
     ["Military Forces of Burkina Faso (2015-)", "JNIM: Group for Support of Islam and Muslims"]),
    ("Des hommes armés non identifiés ont enlevé deux villageois", "fr", "Niger",
     ["Unidentified Armed Group (Niger)", "Civilians (Niger)"]),
    ("Nigerian troops repelled ISWAP fighters near Monguno", "en", "Nigeria",
     ["Military Forces of Nigeria (2015-)", "Islamic State (West Africa)"]),
    ("Gunmen on motorbikes killed four civilians in the village", "en", "Burkina Faso",
     ["Unidentified Armed Group (Burkina Faso)", "Civilians (Burkina Faso)"]),
])
def test_mentions_resolve_to_acled_names(actors, text, language, country, expected):
    assert names(actors, text, language, country) == expected


def test_presumed_hint_and_span(actors):
    text = "On Monday, presumed JNIM militants attacked a convoy."
    [mention] = actors.find_mentions(text, "en")
    assert mention.text == "JNIM militants"
    assert mention.value.actor_id == "jnim"
    assert mention.value.hints == ("presumed",)


def test_role_and_office_holder_make_one_government_mention(actors):
    text = "وقال وزير الخارجية عبد الله ديوب إن باماكو لن تتراجع"
    [mention] = actors.find_mentions(text, "ar")
    assert mention.text == "وزير الخارجية عبد الله ديوب"
    assert actors.resolve(mention.value, None, "2022-03-01").name == "Government of Mali (2021-)"


def test_role_without_country_takes_the_event_country(actors):
    [mention] = actors.find_mentions("Le président de la transition a reçu les chefs coutumiers.", "fr")
    assert mention.value.kind == "government"
    assert actors.resolve(mention.value, "Burkina Faso", "2023-01-10").name == "Government of Burkina Faso (2022-)"
    assert actors.resolve(mention.value, None, None) is None


def test_and_or_attribution(actors):
    [mention] = actors.find_mentions("Suspected JNIM and/or ISGS militants set fire to a market.", "en")
    resolved = actors.resolve(mention.value, "Burkina Faso", "2019-07-17")
    assert resolved.name == "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"


def test_acronyms_are_case_sensitive(actors):
    assert names(actors, "Il est arrivé au marché avec un ami.", "fr") == []
    assert names(actors, "L'UA et la CEDEAO ont condamné le coup d'État.", "fr") == [
        "AU: African Union", "ECOWAS: Economic Community of West African States"]


def test_state_forces_abroad_are_external(actors):
    [mention] = actors.find_mentions("French troops struck a militant camp", "en")
    resolved = actors.resolve(mention.value, "Mali", "2016-01-05")
    assert resolved.inter == 8 and resolved.name == "Military Forces of France (2012-2017)"
    [mention] = actors.find_mentions("Malian soldiers patrolled the road", "en")
    assert actors.resolve(mention.value, "Mali", "2016-01-05").inter == 1


@pytest.mark.parametrize(("date", "as_of", "expected"), [
    ("2012-05-01", "event", "Military Forces of Mali (2012-)"),
    ("2012-05-01", "2020-08-01", "Military Forces of Mali (2012-2013)"),
    ("2012-05-01", None, "Military Forces of Mali (2012-2013)"),  # the data's naming snapshot
    ("2016-02-10", "event", "Military Forces of Mali (2013-)"),
    ("2016-02-10", None, "Military Forces of Mali (2013-)"),  # closed only after the snapshot
    ("2016-02-10", "latest", "Military Forces of Mali (2013-2020)"),
    ("2020-10-01", "event", "Military Forces of Mali (2020-)"),
    ("2020-10-01", "latest", "Military Forces of Mali (2020-2021)"),
    ("2023-06-01", None, "Military Forces of Mali (2021-)"),
    (None, None, "Military Forces of Mali (2021-)"),
])
def test_period_suffix_by_date(actors, date, as_of, expected):
    ref = ActorRef("MLI.military")
    assert actors.resolve(ref, "Mali", date, as_of).name == expected


def test_components_in_brackets_fold_and_follow_acled_practice(actors):
    [mention] = actors.find_mentions("presumed Katiba Macina (JNIM) militants ambushed a patrol", "en")
    assert mention.text == "Katiba Macina (JNIM) militants" and mention.value.hints == ("presumed",)
    assert actors.resolve(mention.value, "Mali", "2019-06-01").name == "JNIM: Group for Support of Islam and Muslims"
    assert actors.resolve(mention.value, "Mali", "2021-06-01").name == "Katiba Macina"
    assert actors.resolve(mention.value, "Mali", "2015-06-01").name == "Katiba Macina"
    [mention] = actors.find_mentions("Ansar Dine fighters attacked the camp", "en")
    assert actors.resolve(mention.value, "Mali", "2013-01-10").name == "Ansar Dine"


def test_renamed_groups_follow_the_date(actors):
    ref = ActorRef("isgs")
    assert actors.resolve(ref, "Niger", "2018-10-01").name == "Islamic State (Greater Sahara)"
    assert actors.resolve(ref, "Niger", "2021-01-01").name == "Islamic State (West Africa) - Greater Sahara Faction"
    assert actors.resolve(ref, "Niger", "2023-01-01").name == "Islamic State (Sahel)"
    bare = ActorRef("islamic_state")
    assert actors.resolve(bare, "Nigeria", "2019-01-01").name == "Islamic State (West Africa)"


def test_gendarmerie_parent_differs_by_country(actors):
    assert actors.resolve(ActorRef("NER.gendarmerie"), "Niger", "2018-01-01").name == \
        "Military Forces of Niger (2011-) Gendarmerie"
    assert actors.resolve(ActorRef("BFA.gendarmerie"), "Burkina Faso", "2018-01-01").name == \
        "Police Forces of Burkina Faso (2015-) Gendarmerie"


def test_associated_group_points_to_civilians(actors):
    [mention] = actors.find_mentions("des éleveurs peuls ont été tués", "fr")
    resolved = actors.resolve(mention.value, "Mali", "2019-03-23")
    assert resolved.name == "Fulani Ethnic Group (Mali)" and resolved.primary == "Civilians (Mali)"


def test_acled_dev_actor_recall_floor(actors):
    """Recall ceiling on ../shared/eval notes (read at test time, never copied)."""
    path = Path(__file__).resolve().parents[2] / "shared" / "eval" / "acled_dev.csv"
    if not path.exists():
        pytest.skip(f"{path} not available (development data lives in ../shared/eval)")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hits = 0
    for row in rows:
        found = set()
        for mention in actors.find_mentions(row["notes"], "en"):
            resolved = actors.resolve(mention.value, row["country"], row["event_date"])
            if resolved:
                found.update(n for n in (resolved.base_name, resolved.primary, resolved.parent) if n)
        hits += any(row["actor1"].startswith(name) for name in found)
    assert hits / len(rows) > 0.6
