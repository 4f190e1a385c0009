"""Casualties: counts tied to killed / wounded / kidnapped / arrested words, and ACLED fatalities."""

from __future__ import annotations

import pytest

from marsad.coder.casualties import fatalities_for, find_casualties
from marsad.records import Mention


def found(text: str, language: str) -> list[tuple[int, str]]:
    return [(m.value, m.data["role"]) for m in find_casualties(text, language)]


@pytest.mark.parametrize(("text", "expected"), [
    ("قُتل 12 جنديا في هجوم على ثكنة", [(12, "killed")]),
    ("أعلن الجيش مقتل ثلاثة جنود في كمين", [(3, "killed")]),
    ("أسفر الانفجار عن مقتل 5 أشخاص", [(5, "killed")]),
    ("قال الجيش إن 50 شخصا قتلوا في التفجيرين", [(50, "killed")]),
    ("لقي ثلاثة رعاة حتفهم في انفجار لغم", [(3, "killed")]),
    ("أدى الهجوم إلى سقوط قتيلين", [(2, "killed")]),
    ("أودى الهجوم بحياة عشرين مدنيا", [(20, "killed")]),
    ("قتل ما لا يقل عن 7 مدنيين", [(7, "killed")]),
    ("سقط عشرات القتلى في القصف", [(12, "killed")]),
    ("استشهاد جندي في هجوم إرهابي", [(1, "killed")]),
    ("مقتل جندي وإصابة 4 آخرين", [(1, "killed"), (4, "wounded")]),
    ("اختطف مسلحون 20 راكبا على الطريق", [(20, "kidnapped")]),
    ("اعتقلت قوات الأمن 15 مشتبها به", [(15, "arrested")]),
    ("انفجرت العبوة دون وقوع إصابات", [(0, "killed")]),
    ("أصيب ٣ جنود بجروح", [(3, "wounded")]),
])
def test_arabic_casualties(text: str, expected: list[tuple[int, str]]) -> None:
    assert found(text, "ar") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("L'attaque a fait 12 morts et 5 blessés", [(12, "killed"), (5, "wounded")]),
    ("Douze soldats ont été tués dans l'embuscade", [(12, "killed")]),
    ("Un soldat a été tué lors de l'accrochage", [(1, "killed")]),
    ("Les assaillants ont tué au moins 7 civils", [(7, "killed")]),
    ("trois terroristes neutralisés par l'armée", [(3, "killed")]),
    ("Des hommes armés ont enlevé 4 enseignants", [(4, "kidnapped")]),
    ("10 suspects ont été interpellés", [(10, "arrested")]),
    ("L'explosion n'a fait aucune victime", [(0, "killed")]),
    ("des dizaines de morts selon des sources locales", [(12, "killed")]),
    ("Le 15 juin, 3 gendarmes ont été tués", [(3, "killed")]),
])
def test_french_casualties(text: str, expected: list[tuple[int, str]]) -> None:
    assert found(text, "fr") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen killed at least 7 villagers", [(7, "killed")]),
    ("A soldier was killed in the ambush", [(1, "killed")]),
    ("20 students were abducted from their school", [(20, "kidnapped")]),
    ("Police arrested 15 people after the protest", [(15, "arrested")]),
    ("No casualties were reported", [(0, "killed")]),
    ("The blast left 4 dead", [(4, "killed")]),
    ("killing three and wounding 12", [(3, "killed"), (12, "wounded")]),
    ("dozens killed in the raid", [(12, "killed")]),
])
def test_english_casualties(text: str, expected: list[tuple[int, str]]) -> None:
    assert found(text, "en") == expected


def test_coordinated_counts_share_one_cue() -> None:
    assert found("5 soldiers and 12 attackers were killed", "en") == [(5, "killed"), (12, "killed")]
    assert found("قتل 5 جنود و12 مسلحا", "ar") == [(5, "killed"), (12, "killed")]


def test_who_hints() -> None:
    by_value = {m.value: m.data["who"] for m in find_casualties("5 soldiers and 12 attackers were killed", "en")}
    assert by_value == {5: "soldiers", 12: "attackers"}
    [mention] = find_casualties("قُتل 12 جنديا", "ar")
    assert mention.data["who"] == "soldiers"


def test_dates_are_not_counts() -> None:
    assert found("في 15 يوليو 2015 قتل 3 مدنيين", "ar") == [(3, "killed")]
    assert found("Le 24 juin 2015, des tirs ont éclaté", "fr") == []


def test_numbers_without_casualty_words_are_ignored() -> None:
    assert found("وصل 300 جندي إلى القاعدة", "ar") == []
    assert found("The convoy of 40 trucks reached the town", "en") == []


def test_offsets_cover_count_and_cue() -> None:
    text = "وأعلنَ الجيشُ مقتلَ ثلاثةِ جنودٍ"
    [mention] = find_casualties(text, "ar")
    assert text[mention.start:mention.end] == mention.text == "مقتلَ ثلاثةِ"


def _killed(value: int, who: str | None) -> Mention:
    return Mention(0, 1, "casualty", "x", value, data={"role": "killed", "who": who})


def test_fatalities_sum_distinct_groups_attackers_included() -> None:
    assert fatalities_for([_killed(5, "soldiers"), _killed(12, "attackers")]) == 17


def test_fatalities_take_the_lowest_figure_for_one_group() -> None:
    assert fatalities_for([_killed(50, "people"), _killed(52, "people")]) == 50
    assert fatalities_for([_killed(12, "soldiers"), _killed(15, "soldiers")]) == 12


def test_fatalities_generic_total_includes_its_parts() -> None:
    assert fatalities_for([_killed(10, None), _killed(3, "soldiers")]) == 10
    assert fatalities_for([_killed(5, "people"), _killed(12, "attackers")]) == 17


def test_fatalities_ignore_other_roles_and_zero_when_counts_exist() -> None:
    wounded = Mention(0, 1, "casualty", "x", 40, data={"role": "wounded", "who": None})
    assert fatalities_for([wounded]) == 0
    assert fatalities_for([_killed(0, None), _killed(4, None)]) == 4
    assert fatalities_for([]) == 0


def test_fatalities_from_text_end_to_end() -> None:
    text = "Five soldiers and twelve attackers were killed and 20 wounded"
    assert fatalities_for(find_casualties(text, "en")) == 17


def test_hostile_input_does_not_crash() -> None:
    for text in ["", "قتل", "قتل " * 300, "12 " * 500, "killed killed 5 5 5", "\u200f" * 30]:
        find_casualties(text, "ar")
        find_casualties(text, "en")


def killed_total(text: str, language: str = "en") -> int:
    return fatalities_for(m for m in find_casualties(text, language) if m.data["role"] == "killed")


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen killed a male farmer near the village.", 1),
    ("Militants shot and killed a local JNIM commander on the road.", 1),
    ("Unidentified gunmen shot dead the village head's son in his house.", 1),
    ("The attackers killed a teacher and a trader at the market.", 2),
    ("One peacekeeper died and 6 were hurt after their armoured car struck a mine.", 1),
    ("Several militants were killed in the strike. Unknown fatalities coded as 10.", 10),
])
def test_one_person_and_listed_victims(text: str, expected: int) -> None:
    assert killed_total(text) == expected


def test_french_one_person_with_a_modifier() -> None:
    assert killed_total("Des hommes armés ont tué un jeune berger près du village.", "fr") == 1


@pytest.mark.parametrize(("text", "expected"), [
    # counts inside an "including" list or a parenthesis are part of the toll, not added to it
    ("Gunmen killed 12 people, including 3 soldiers, near the market.", 12),
    ("The army killed at least 10 militants (7 bodies recovered) in the raid.", 10),
    # deaths among the wounded are added
    ("The attack killed five villagers and wounded three; one of the wounded later died.", 6),
    ("Four soldiers were killed and two others succumbed to their wounds in hospital.", 6),
    # a date, a measure or an age is not a count
    ("On March 26, eight soldiers were killed in the ambush.", 8),
    ("A two-day operation left 9 fighters dead.", 9),
    ("Police shot and killed a 15-year-old boy during the riot.", 1),
    # a count of things is not a casualty; a verb between counts ends the list
    ("The blast killed several animals grazing near the road.", 0),
    ("Troops killed four fighters and captured three others.", 4),
    ("Bandits killed nine villagers; three huts were set alight as well.", 9),
    # ACLED notes settle or split the figure
    ("Several fighters were killed. Unknown fatalities coded as 3.", 3),
    ("No fewer than twenty combatants died. Fatalities are split across five events.", 4),
    ("Soldiers killed an individual accused of theft.", 1),
    ("Ten fighters were neutralised by the air force.", 10),
    ("Militants killed 5 people. Fatalities coded as 0.", 0),
])
def test_acled_counting_conventions(text: str, expected: int) -> None:
    assert killed_total(text) == expected


def test_french_and_arabic_subsets_and_later_deaths() -> None:
    assert killed_total("L'attaque a fait 12 morts, dont 3 soldats. Deux blessés ont succombé.", "fr") == 14
    assert killed_total("قتل 12 شخصا بينهم 3 جنود وتوفي اثنان متأثرين بجراحهم", "ar") == 14


def test_fatalities_for_flags() -> None:
    subset = Mention(0, 1, "casualty", "x", 3, data={"role": "killed", "who": "soldiers", "subset": True})
    later = Mention(0, 1, "casualty", "x", 2, data={"role": "killed", "who": None, "later": True})
    total = Mention(0, 1, "casualty", "x", 4, data={"role": "killed", "who": None, "total": True})
    divisor = Mention(0, 1, "casualty", "x", 2, data={"role": "killed", "who": None, "divisor": True})
    assert fatalities_for([_killed(12, "people"), subset, later]) == 14
    assert fatalities_for([_killed(12, "people"), total]) == 4
    assert fatalities_for([_killed(9, "people"), divisor]) == 5
