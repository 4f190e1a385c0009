"""Who acts, in our own English sentences: crowds that riot rather than armed groups."""

from __future__ import annotations

import pytest

from marsad.pipeline import extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources():
    from marsad.pipeline import Resources

    return Resources.load()


def _reports(resources, text: str, published: str = "2021-06-10"):
    return extract_document(Document(id="t", text=text, language="en", published=published), resources)


@pytest.mark.parametrize(("text", "sub_event_type"), [
    ("On 3 June 2021, striking students assaulted two teachers in Koudougou, Burkina Faso.", "Violent demonstration"),
    ("On 3 June 2021, students burned the town hall of Kaya, Burkina Faso.", "Violent demonstration"),
    ("On 3 June 2021, mutinying soldiers looted shops in Kaya, Burkina Faso.", "Violent demonstration"),
    ("On 3 June 2021, a group of youths attacked a meeting of a local association in Kaya, Burkina Faso.",
     "Mob violence"),
    ("On 3 June 2021, residents of Kaya, Burkina Faso, clashed with a police patrol.", "Mob violence"),
    ("On 3 June 2011, angry troops rampaged through Bobo-Dioulasso, Burkina Faso, firing shots into the air "
     "and looting shops.", "Violent demonstration"),
])
def test_a_crowd_that_beats_or_burns_riots(resources, text, sub_event_type):
    reports = _reports(resources, text)
    assert [(r.sub_event_type, r.actor1) for r in reports] == [(sub_event_type, "Rioters (Burkina Faso)")]


def test_a_crowd_attacked_is_not_the_author(resources):
    reports = _reports(resources, "On 3 June 2021, gunmen attacked students in Koudougou, Burkina Faso.")
    assert [(r.sub_event_type, r.actor1) for r in reports] == [("Attack", "Unidentified Armed Group (Burkina Faso)")]


def test_a_crowd_far_from_the_verb_is_not_its_author(resources):
    reports = _reports(resources, "On 3 June 2021, gunmen burned a school in Kaya, Burkina Faso; the teachers "
                                  "at the school managed to hide during the attack.")
    assert all(r.actor1 == "Unidentified Armed Group (Burkina Faso)" for r in reports)


@pytest.mark.parametrize(("date", "country", "expected"), [
    ("2012-10-05", "Mali", "Ansar Dine"),  # Ansar Dine held the north: ACLED's attribution
    ("2016-10-05", "Mali", "Islamist Militia (Mali)"),
    ("2012-10-05", "Niger", "Islamist Militia (Niger)"),
    ("2020-10-05", "Mali", "Unidentified Armed Group (Mali)"),
])
def test_unnamed_islamists_follow_acled_attribution_by_country_and_period(date, country, expected):
    from marsad.lexicon import ActorBase, ActorRef

    actors = ActorBase.load()
    resolved = actors.resolve(ActorRef("generic.jihadists", kind="jihadists"), country, date)
    assert resolved is not None and resolved.name == expected


def test_peacekeepers_killed_by_nobody_named_are_the_target(resources):
    reports = _reports(resources, "On 3 June 2019, five MINUSMA peacekeepers were killed in an ambush near Sevare, Mali.",
                       published="2019-06-04")
    assert [(r.actor1, r.actor2) for r in reports] == [
        ("Unidentified Armed Group (Mali)",
         "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)")]


def test_a_foreign_force_named_with_its_enemy_keeps_its_side(resources):
    reports = _reports(resources, "On 3 June 2021, French troops clashed with ISGS fighters near Menaka, Mali; "
                                  "leaving one French soldier and two ISGS fighters dead.")
    assert reports and reports[0].actor1 == "Military Forces of France (2017-)"


@pytest.mark.parametrize(("text", "expected"), [
    ("six Nigerien MINUSMA soldiers were wounded", [("MINUSMA soldiers", "minusma")]),
    ("MINUSMA, soldiers and police", [("MINUSMA", "minusma"), ("soldiers", "generic.military"),
                                      ("police", "generic.police")]),
])
def test_a_named_force_s_soldiers_are_that_force(text, expected):
    from marsad.lexicon import ActorBase

    mentions = ActorBase.load().find_mentions(text, "en")
    assert [(m.text, m.value.actor_id) for m in mentions] == expected


def test_unnamed_gunmen_after_a_named_group_are_that_group(resources):
    reports = _reports(resources, "On 3 June 2020, presumed JNIM militants stormed Dinangourou village, "
                                  "Mali. The gunmen burned houses and seized livestock.", published="2020-06-04")
    assert reports and all(r.actor1 == "JNIM: Group for Support of Islam and Muslims" for r in reports)


def test_unnamed_gunmen_attacking_a_named_group_stay_unnamed(resources):
    reports = _reports(resources, "On 3 June 2020, unknown gunmen attacked a GATIA checkpoint near Gao, Mali, "
                                  "killing two GATIA fighters.", published="2020-06-04")
    assert [r.actor1 for r in reports] == ["Unidentified Armed Group (Mali)"]


def test_a_head_of_state_named_in_the_story_places_an_event_told_with_no_town(resources):
    reports = _reports(resources, "President Tandja dissolved the constitutional court on 2 June 2009. "
                                  "On 3 June 2009, unknown gunmen killed two herders.", published="2009-06-04")
    attacks = [r for r in reports if r.sub_event_type == "Attack"]
    assert [(r.actor1, r.country) for r in attacks] == [("Unidentified Armed Group (Niger)", "Niger")]


def test_customs_officers_are_the_police(resources):
    reports = _reports(resources, "On 20 December 2019, a customs officer opened fire on a vehicle near Maradi, "
                                  "Niger, wounding a young man.", published="2019-12-21")
    assert [r.actor1 for r in reports] == ["Police Forces of Niger (2011-)"]


def test_a_later_verb_after_a_comma_shares_the_sentence_subject(resources):
    reports = _reports(resources, "On 4 August 2019, Malian soldiers arrested nine Fulani herders in the village "
                                  "of Siguimara, Mali, and subsequently executed them near Karakinde.",
                       published="2019-08-05")
    attacks = [r for r in reports if r.sub_event_type == "Attack"]
    assert [r.actor1 for r in attacks] == ["Military Forces of Mali (2013-)"]


@pytest.mark.parametrize(("text", "expected"), [
    ("soldiers and/or gendarmes assaulted a woman", "Military Forces of Burkina Faso (2015-)"),
    ("Burkinabe soldiers or gendarmes executed seven civilians", "Military Forces of Burkina Faso (2015-)"),
    ("JNIM and/or ISGS militants attacked",
     "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"),
])
def test_one_state_s_forces_are_not_an_uncertain_attribution(text, expected):
    from marsad.lexicon import ActorBase

    actors = ActorBase.load()
    mention = actors.find_mentions(text, "en")[0]
    assert actors.resolve(mention.value, "Burkina Faso", "2019-05-01").name == expected


@pytest.mark.parametrize(("text", "date", "country", "expected"), [
    ("Tuareg rebels took over the town", "2012-02-01", "Mali", "MNLA: National Movement for the Liberation of Azawad"),
    ("Tuareg rebels took over the town", "2008-05-01", "Mali", "ATNMC: North Mali Tuareg Alliance for Change"),
    ("rebels took over the town", "2013-01-14", "Mali", "Ansar Dine"),
    ("rebels took over the town", "2008-05-01", "Niger", "MNJ: Nigerien Movement for Justice"),
    ("rebels took over the town", "2019-05-01", "Mali", "Unidentified Armed Group (Mali)"),
    ("CMA rebels took over the town", "2019-05-01", "Mali", "CMA: Coordination of Movements of the Azawad"),
    ("Malian helicopters struck the town", "2019-05-01", "Mali", "Military Forces of Mali (2013-)"),
])
def test_unnamed_rebels_are_the_rebellion_of_their_time_and_place(text, date, country, expected):
    from marsad.lexicon import ActorBase

    actors = ActorBase.load()
    mentions = actors.find_mentions(text, "en")
    assert len(mentions) == 1
    assert actors.resolve(mentions[0].value, country, date).name == expected


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("On 14 January 2013, Islamist militants fled Gao, Mali, under pressure from French air strikes.", "2013-01-15",
     ("Military Forces of France (2012-2017)", "Ansar Dine")),
    ("On 1 May 2020, the corpses of thirty ISGS militants were found near Tin-Akoff, Burkina Faso, "
     "killed in air strikes by French forces.", "2020-05-02",
     ("Military Forces of France (2017-)", "Islamic State (Greater Sahara)")),
])
def test_air_strikes_are_by_a_state_and_the_armed_group_is_their_target(resources, text, published, expected):
    reports = [r for r in _reports(resources, text, published) if r.sub_event_type == "Air/drone strike"]
    assert [(r.actor1, r.actor2) for r in reports][:1] == [expected]


def test_an_air_strike_told_after_an_operation_is_by_the_force_that_led_it(resources):
    reports = _reports(resources, "On 20 November 2020, French forces conducted an operation near Boulkessi, Mali. "
                                  "Several militants were killed by airstrikes.", published="2020-11-21")
    strikes = [r for r in reports if r.sub_event_type == "Air/drone strike"]
    assert strikes and strikes[0].actor1 == "Military Forces of France (2017-)"


def test_a_force_that_kills_its_object_stays_the_author_despite_its_own_wounded(resources):
    reports = _reports(resources, "On 18 December 2019, Malian troops shot dead two JNIM fighters outside Boni, Mali; "
                                  "one soldier suffered minor injuries.", published="2019-12-19")
    assert [(r.actor1, r.actor2) for r in reports] == [
        ("Military Forces of Mali (2013-)", "JNIM: Group for Support of Islam and Muslims")]


def test_soldiers_killed_in_an_ambush_by_a_group_are_its_target(resources):
    reports = _reports(resources, "On 18 December 2019, four Malian soldiers were killed in an ambush by CMA "
                                  "fighters near Bambara-Maounde, Mali.", published="2019-12-19")
    assert [r.actor1 for r in reports] == ["CMA: Coordination of Movements of the Azawad"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Dogon militiamen (Dana Amassagou) killed a village chief", [("dan_na_ambassagou", "Dogon militiamen (Dana Amassagou)")]),
    ("Dogon militiamen killed a village chief (Dana Amassagou)", [("ethnic.dogon.militia", "Dogon militiamen")]),
    ("presumed Ansaroul Islam (JNIM) militants burned a school", [("jnim", "Ansaroul Islam (JNIM) militants")]),
    ("Katiba Macina (JNIM) militants burned a school", [("katiba_macina", "Katiba Macina (JNIM) militants")]),
])
def test_a_named_group_in_brackets_says_who_a_generic_party_is(text, expected):
    from marsad.lexicon import ActorBase

    mentions = ActorBase.load().find_mentions(text, "en")
    assert [(m.value.actor_id, m.text) for m in mentions][:1] == expected


def test_farmers_and_herders_who_clash_are_communal_militias(resources):
    reports = _reports(resources, "On 3 May 2020, farmers and herders clashed in Koulo Koura, Niger, killing three "
                                  "people.", published="2020-05-04")
    assert [(r.sub_event_type, r.actor1, r.actor2) for r in reports] == [
        ("Armed clash", "Unidentified Communal Militia (Niger)", "Unidentified Communal Militia (Niger)")]


def test_civilians_killed_in_a_clash_between_armed_parties_stay_civilians(resources):
    reports = _reports(resources, "On 3 May 2020, soldiers clashed with militants in Koulo Koura, Niger; two "
                                  "civilians were killed.", published="2020-05-04")
    assert all("Communal" not in (r.actor1 or "") + (r.actor2 or "") for r in reports)


def test_a_peacekeeping_camp_shelled_is_the_target(resources):
    reports = _reports(resources, "On 3 June 2019, the MINUSMA camp in Aguelhok, Mali, was hit by rockets and "
                                  "mortars.", published="2019-06-04")
    assert [(r.actor1, r.actor2) for r in reports] == [
        ("Unidentified Armed Group (Mali)",
         "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)")]


@pytest.mark.parametrize(("text", "published", "actor1", "actor2"), [
    ("On 3 May 2018, AQIM militants attacked an army post near Niono, Mali.", "2018-05-04",
     "JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali (2013-)"),
    ("On 3 May 2016, AQIM militants attacked an army post near Niono, Mali.", "2016-05-04",
     "AQIM: Al Qaeda in the Islamic Maghreb", "Military Forces of Mali (2013-)"),
])
def test_aqim_s_acts_in_the_sahel_since_2017_are_jnim_s(resources, text, published, actor1, actor2):
    reports = _reports(resources, text, published)
    assert [(r.actor1, r.actor2) for r in reports] == [(actor1, actor2)]


@pytest.mark.parametrize(("text", "expected"), [
    ("French and Malian forces conducted a joint sweep", ["FRA.military", "MLI.military"]),
    ("an airstrike by French or Burkinabe forces", ["FRA.military", "BFA.military"]),
    ("Bamako and Malian forces", ["MLI.military"]),
])
def test_coordinated_demonyms_name_each_state_s_force(text, expected):
    from marsad.lexicon import ActorBase

    assert [m.value.actor_id for m in ActorBase.load().find_mentions(text, "en")] == expected


def test_a_joint_operation_is_coded_for_the_first_force_with_the_second_associated(resources):
    reports = _reports(resources, "On 10 January 2020, French and Malian forces clashed with JNIM militants near "
                                  "Dialloube, Mali.", published="2020-01-11")
    assert [(r.actor1, r.assoc_actor_1, r.actor2) for r in reports] == [
        ("Military Forces of France (2017-)", "Military Forces of Mali (2013-)",
         "JNIM: Group for Support of Islam and Muslims")]


def test_an_ethnic_group_s_youths_are_that_group():
    from marsad.lexicon import ActorBase

    assert [m.value.actor_id for m in ActorBase.load().find_mentions("Fulani youths returned fire", "en")] == [
        "ethnic.fulani.group"]
