"""ACLED coding rules for who did what to whom: clash or attack, the gravest act, crowds,
off-duty victims, complex attacks, one-person tolls. Sentences are our own."""

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


def _one(resources, text: str, published: str = "2021-06-10"):
    reports = _reports(resources, text, published)
    assert len(reports) == 1, [(r.sub_event_type, r.evidence) for r in reports]
    return reports[0]


def test_a_killing_with_an_abduction_is_an_attack(resources):
    report = _one(resources, "On 3 June 2021, gunmen killed a herder and abducted two of his sons near Gao, Mali.")
    assert report.sub_event_type == "Attack"
    assert report.fatalities == 1


def test_a_killing_with_a_robbery_is_an_attack_and_a_robbery_alone_is_looting(resources):
    killed = _one(resources, "On 3 June 2021, gunmen shot dead a trader and seized his motorbike near Gao, Mali.")
    assert killed.sub_event_type == "Attack"
    robbed = _one(resources, "On 3 June 2021, gunmen seized the motorbike of a trader near Gao, Mali.")
    assert robbed.sub_event_type == "Looting/property destruction"
    assert robbed.actor2 == "Civilians (Mali)"  # ACLED's usual victim of looting


def test_the_subject_of_a_passive_ambush_is_its_target(resources):
    report = _one(resources, "On 3 June 2021, a Malian army patrol was ambushed by gunmen near Gao.")
    assert report.sub_event_type == "Armed clash"
    assert report.actor2 is not None and report.actor2.startswith("Military Forces of Mali")


def test_off_duty_and_retired_members_of_the_forces_are_civilians(resources):
    report = _one(resources, "On 3 June 2021, gunmen shot dead an off-duty soldier near Gao, Mali.")
    assert report.sub_event_type == "Attack"
    assert report.actor2 == "Civilians (Mali)"


def test_a_policeman_who_shoots_someone_is_the_author(resources):
    report = _one(resources, "On 3 June 2021, a policeman shot and wounded a young man in Gao, Mali.")
    assert report.sub_event_type == "Attack"
    assert report.actor1 is not None and report.actor1.startswith("Police Forces of Mali")


def test_a_complex_ambush_with_a_bomb_and_gunfire_is_a_clash(resources):
    report = _one(resources, "On 3 June 2021, militants carried out a complex ambush against an army convoy near "
                             "Gao, Mali, with an IED detonation followed by small arms fire.")
    assert report.sub_event_type == "Armed clash"
    bomb = _one(resources, "On 3 June 2021, an army convoy struck an IED near Gao, Mali.")
    assert bomb.sub_event_type == "Remote explosive/landmine/IED"


def test_a_protest_that_turns_violent_in_the_next_sentence(resources):
    report = _one(resources, "On 3 June 2021, students demonstrated in Niamey, Niger, against unpaid grants. "
                             "Some of them set fire to a police vehicle.")
    assert report.sub_event_type == "Violent demonstration"
    assert report.actor1 == "Rioters (Niger)"


def test_students_fighting_each_other_or_soldiers_are_a_mob_not_an_armed_clash(resources):
    report = _one(resources, "On 3 June 2021, students of two rival schools clashed in Niamey, Niger.")
    assert report.sub_event_type == "Mob violence"
    assert report.actor1 == "Rioters (Niger)"
    assert report.assoc_actor_1 == "Students (Niger)"
    soldiers = _one(resources, "On 3 June 2021, trade unionists and soldiers clashed in Niamey, Niger.")
    assert soldiers.sub_event_type == "Mob violence"


def test_a_killing_of_one_uncounted_person_is_one_fatality(resources):
    assert _one(resources, "On 3 June 2021, gunmen shot dead a veterinarian in Gao, Mali.").fatalities == 1
    tried = _reports(resources, "On 3 June 2021, gunmen attempted to assassinate the mayor of Gao, Mali.")
    assert all(r.fatalities == 0 for r in tried)


def test_a_toll_in_the_next_sentence_anchors_an_undated_clash(resources):
    report = _one(resources, "Clashes broke out between the army and rebels near the border. "
                             "Four people were killed.")
    assert report.event_type == "Battles"
    assert report.fatalities == 4


def test_uncertain_attribution_follows_acled_order(resources):
    report = _one(resources, "On 3 June 2021, presumed ISGS or JNIM militants abducted two traders near Gao, Mali.")
    first, second = report.actor1.split(" and/or ")
    assert first.startswith("JNIM")
    assert second.startswith("Islamic State")


def test_soldiers_who_arrest_and_execute_are_the_authors_of_the_killing(resources):
    reports = _reports(resources, "On 3 June 2021, the Malian army arrested and executed two herders near Mopti.")
    attack = next(r for r in reports if r.sub_event_type == "Attack")
    assert attack.actor1.startswith("Military Forces of Mali")
    assert attack.fatalities == 2


def test_state_forces_burning_property_are_its_authors(resources):
    report = _one(resources, "On 3 June 2021, Malian soldiers burned motorbikes in the village of Toguere, Mali.")
    assert report.sub_event_type == "Looting/property destruction"
    assert report.actor1.startswith("Military Forces of Mali")


def test_an_armed_group_named_after_the_killing_verb_is_the_target(resources):
    report = _one(resources, "On 3 June 2021, Malian forces conducted an operation near Boulkessi, Mali, "
                             "killing at least ten JNIM militants.")
    assert report.sub_event_type == "Armed clash"
    assert report.actor2.startswith("JNIM")
    leader = _one(resources, "On 3 June 2021, a Mauritanian AQIM leader, was killed near Tombouctou, Mali.")
    assert leader.sub_event_type == "Armed clash"
    assert leader.actor2.startswith("AQIM")


def test_mutineers_are_their_own_party(resources):
    report = _one(resources, "On 3 June 2021, mutinous soldiers took control of the town of Diffa, Niger.")
    assert report.sub_event_type == "Non-state actor overtakes territory"
    assert report.actor1.startswith("Mutiny of Military Forces of Niger")


def test_in_arabic_the_party_after_the_verb_is_its_author(resources):
    doc = Document(id="t", text="هاجم مسلحون مجهولون يوم الخميس 3 يونيو 2021 قرية قرب مدينة غاو في مالي وقتلوا خمسة مدنيين.",
                   language="ar", published="2021-06-05")
    reports = extract_document(doc, resources)
    assert reports and reports[0].actor1 == "Unidentified Armed Group (Mali)"
    assert reports[0].sub_event_type == "Attack"


def test_a_strike_is_a_peaceful_protest(resources):
    report = _one(resources, "On 3 June 2021, teachers in Niamey, Niger, went on a 72-hour strike over unpaid wages.")
    assert report.sub_event_type == "Peaceful protest"
    assert report.actor1 == "Protesters (Niger)"


def test_a_group_living_in_one_country_places_an_event_that_names_nothing_else(resources):
    report = _one(resources, "On 3 June 2021, gunmen attacked the Dogon village of Kassa and killed two villagers.")
    assert report.country == "Mali"
    assert report.actor1 == "Unidentified Armed Group (Mali)"
    spread = _one(resources, "On 3 June 2021, gunmen attacked a Fulani camp and killed two herders.")
    assert spread.country is None  # the Fulani live across the Sahel: no guess


def test_an_uncertain_attribution_is_the_usual_suspect_of_an_unclaimed_bomb(resources):
    report = _one(resources, "On 3 June 2021, a truck struck an IED near Menaka, Mali. "
                             "Officials said JNIM or ISGS militants had probably laid the device.")
    assert report.sub_event_type == "Remote explosive/landmine/IED"
    assert report.actor1 is not None and " and/or " in report.actor1


def test_an_abduction_ending_in_death_is_an_attack_and_seizing_soldiers_is_a_clash(resources):
    report = _one(resources, "On 3 June 2021, gunmen abducted a trader near Gao, Mali, and his body was found "
                             "two days later.")
    assert report.sub_event_type == "Attack"
    assert report.fatalities == 1
    soldiers = _one(resources, "On 3 June 2021, militants abducted four soldiers near Gao, Mali.")
    assert soldiers.sub_event_type == "Armed clash"


def test_a_community_that_fights_back_is_coded_as_its_militia(resources):
    report = _one(resources, "On 3 June 2021, gunmen attacked the Dogon village of Kassa near Bandiagara, Mali. "
                             "The village self-defense group repelled the attack.")
    assert report.sub_event_type == "Armed clash"
    assert report.actor2 == "Dogon Ethnic Militia (Mali)"


def test_a_protest_about_a_killing_is_not_excessive_force(resources):
    report = _one(resources, "On 3 June 2021, hundreds marched in Ouagadougou, Burkina Faso, to demand justice "
                             "for a journalist who was killed in 1998.")
    assert report.sub_event_type == "Peaceful protest"
    violent = _one(resources, "On 3 June 2021, protesters threw stones at police in Niamey, Niger, and police "
                              "opened fire on the crowd.")
    assert violent.sub_event_type == "Violent demonstration"


def test_a_protest_about_arrests_that_blocks_traffic_is_peaceful(resources):
    reports = _reports(resources, "On 3 June 2021, residents of Kaya, Burkina Faso, marched to call for the freeing "
                                  "of people detained last week and prevented traffic on the main road.")
    assert [r.sub_event_type for r in reports if r.event_type == "Protests"] == ["Peaceful protest"]
    dispersed = _one(resources, "On 3 June 2021, traders protested in Kaya, Burkina Faso; several were arrested.")
    assert dispersed.sub_event_type == "Protest with intervention"


def test_looting_is_coded_even_where_the_generic_authors_country_is_unknown(resources):
    report = _one(resources, "On 3 June 2021, unknown gunmen looted shops in a village.")
    assert report.sub_event_type == "Looting/property destruction"
    assert report.country is None and report.actor1 is None


def test_a_march_on_an_anniversary_is_a_protest_but_the_violence_it_recalls_is_not_an_event(resources):
    report = _one(resources, "On 3 June 2021, hundreds of students marched in Ouagadougou, Burkina Faso, "
                             "on the anniversary of the 2014 popular uprising.")
    assert report.sub_event_type == "Peaceful protest"
    recalled = _reports(resources, "On 3 June 2021, residents of Sevare, Mali, gathered in silence on the "
                                   "anniversary of the attack on the Byblos hotel.")
    assert all(r.event_type not in ("Battles", "Violence against civilians") for r in recalled)


def test_a_militiaman_among_the_dead_makes_a_clash_even_in_a_village(resources):
    report = _one(resources, "On 3 June 2021, gunmen attacked the village of Tin Hama near Gao, Mali, "
                             "and shot dead one member of the local self-defense militia.")
    assert report.sub_event_type == "Armed clash"
    retired = _one(resources, "On 3 June 2021, gunmen killed a retired gendarme at the market of Gao, Mali.")
    assert retired.sub_event_type == "Attack"


def test_an_army_reporting_a_bombing_is_not_its_target(resources):
    doc = Document(id="t", text="ذكر الجيش النيجيري يوم الجمعة 4 يونيو 2021 أن 20 شخصا قتلوا في تفجير انتحاري "
                                "استهدف سوقا في مدينة مايدوغوري.", language="ar", published="2021-06-05")
    bombs = [r for r in extract_document(doc, resources) if r.sub_event_type == "Suicide bomb"]
    assert bombs and bombs[0].actor2 == "Civilians (Nigeria)"
    hit = _one(resources, "On 3 June 2021, a MINUSMA vehicle struck an IED near Aguelhok, Mali.")
    assert hit.actor2.startswith("MINUSMA")


@pytest.mark.parametrize("text, sub_event_type", [
    pytest.param('On 3 June 2021, gunmen attacked the village of Tin Hama near Gao, Mali, and three assailants were killed.',
                 'Armed clash', id='fallen-attackers-make-a-clash'),
    pytest.param('On 3 June 2021, two gunmen on a motorbike killed a farmer near Gao, Mali.',
                 'Attack', id='a-count-before-an-active-verb-is-not-the-attackers-losses'),
    pytest.param('On 3 June 2021, gunmen attacked the gendarmerie of Gorom-Gorom, Burkina Faso.',
                 'Armed clash', id='an-attack-on-a-gendarmerie-is-a-clash'),
    pytest.param('On 3 June 2021, herders and farmers clashed near Tahoua, Niger; four people were killed.',
                 'Armed clash', id='herders-and-farmers-clashing-stay-a-clash'),
])
def test_sub_event_of_a_one_line_note(resources, text, sub_event_type):
    assert _one(resources, text).sub_event_type == sub_event_type
