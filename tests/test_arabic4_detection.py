"""Event detection in Arabic (and French/English) news: attacks that killed their defenders,
Arabic duals in tolls, person names that are also towns, verbs of undergoing, reactions,
tallies and history told by a bare year (our own invented sentences)."""

import pytest

from marsad.coder.casualties import fatalities_for, find_casualties
from marsad.coder.coalesce import coalesce
from marsad.geo import Gazetteer, GeoResolver
from marsad.pipeline import Resources, extract_document
from marsad.records import Document, EventReport


@pytest.fixture(scope="module")
def resources():
    return Resources.load()


def _events(resources, text: str, language: str = "ar") -> list[tuple[str, str | None, int]]:
    doc = Document(id="t", text=text, language=language, published="2024-03-12")
    return sorted((r.sub_event_type, r.location, r.fatalities) for r in extract_document(doc, resources))


def _reports(resources, text: str, language: str = "ar"):
    return extract_document(Document(id="t", text=text, language=language, published="2024-03-12"), resources)


# --- an attack on civilians that killed their defenders: two events (ACLED) ----------------

def test_hotel_attack_killing_soldiers_is_attack_and_clash(resources):
    text = ("قتل أربعة أشخاص بينهم شرطيان ومهاجم أمس الاثنين في هجوم استهدف مطعما يرتاده أجانب "
            "في مدينة موبتي بوسط مالي.")
    reports = _reports(resources, text)
    assert sorted((r.sub_event_type, r.fatalities) for r in reports) == [("Armed clash", 3), ("Attack", 1)]
    attack = next(r for r in reports if r.sub_event_type == "Attack")
    clash = next(r for r in reports if r.sub_event_type == "Armed clash")
    assert attack.actor2.startswith("Civilians") and clash.actor2.startswith("Police Forces of Mali")
    assert clash.event_type == "Battles" and attack.event_type == "Violence against civilians"
    assert attack.date == clash.date == "2024-03-11"


def test_english_hotel_attack_with_soldiers_among_the_dead(resources):
    text = "Gunmen attacked a hotel in Sevare on Friday, killing six people including two soldiers."
    assert [(s, f) for s, _, f in _events(resources, text, "en")] == [("Armed clash", 2), ("Attack", 4)]


def test_attack_on_a_camp_is_one_clash(resources):
    text = ("قتل سبعة أشخاص بينهم ثلاثة جنود أمس في هجوم شنه مسلحون على معسكر للجيش في مدينة موبتي "
            "بوسط مالي.")
    assert [s for s, _, _ in _events(resources, text)] == ["Armed clash"]


def test_attack_on_villagers_without_armed_dead_is_one_attack(resources):
    text = "قتل مسلحون خمسة مدنيين أمس في هجوم على قرية قرب مدينة موبتي بوسط مالي."
    assert [s for s, _, _ in _events(resources, text)] == ["Attack"]


# --- Arabic duals and bare singulars in a casualty list ---------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("قتل أربعة أشخاص بينهم عسكريان ومهاجم", {("soldiers", 2), ("attackers", 1)}),
    ("قتل خمسة أشخاص بينهم جنديان ومهاجمان", {("soldiers", 2), ("attackers", 2)}),
    ("قتل ستة أشخاص بينهم شرطيان", {("police", 2)}),
])
def test_subset_duals_and_listed_singulars(text, expected):
    mentions = find_casualties(text, "ar")
    assert {(m.data["who"], m.value) for m in mentions if m.data.get("subset")} == expected
    assert fatalities_for(mentions) == mentions[0].value  # the subsets are part of the total


def test_nominative_dual_alone_counts_two():
    assert [m.value for m in find_casualties("وقتل مسلحان في الاشتباك", "ar")] == [2]


# --- a person named like a town -------------------------------------------------------------

@pytest.fixture(scope="module")
def resolver():
    return GeoResolver(Gazetteer.open())


@pytest.mark.parametrize(("text", "language"), [
    ("وأوضح الناطق العسكري العقيد توكور غوساو في بيان أن الجنود أطلقوا سراح أربعين رهينة.", "ar"),
    ("وقال المتحدث باسم الجيش الكولونيل توكور غوساو إن القوات حررت أربعين رهينة.", "ar"),
    ("Army spokesman Colonel Tukur Gusau said troops freed forty hostages.", "en"),
])
def test_name_after_a_title_is_no_place(resolver, text, language):
    places = resolver.resolve_document(text, language).mentions
    assert "Gusau" not in {m.value.name for m in places}


def test_town_after_a_preposition_is_still_a_place(resolver):
    text = "وقتل مسلحون خمسة أشخاص في مدينة غوساو شمال غربي نيجيريا."
    assert "Gusau" in {m.value.name for m in resolver.resolve_document(text, "ar").mentions}


def test_spokesman_name_does_not_place_the_event(resources):
    text = ("قتل الجيش النيجيري أمس الأحد عشرة مسلحين من بوكو حرام قرب بلدة باما بولاية بورنو، "
            "حسبما قال المتحدث باسم الجيش الكولونيل توكور غوساو في بيان.")
    assert {location for _, location, _ in _events(resources, text)} == {"Bama"}


# --- VSO verbs of undergoing: "تعرض X لهجوم" -------------------------------------------------

def test_camp_that_came_under_attack_is_the_target(resources):
    text = "تعرض الجيش المالي لهجوم إرهابي في مدينة غاو صباح اليوم."
    reports = _reports(resources, text)
    assert [(r.sub_event_type, r.actor2.split(" (")[0]) for r in reports] == [("Armed clash", "Military Forces of Mali")]


# --- reactions, tallies and history -----------------------------------------------------------

def test_condemnation_is_not_a_new_attack(resources):
    text = ("هاجم مسلحون فندقا في مدينة سيفاري بوسط مالي أمس الاثنين. "
            "وندد الأمين العام للأمم المتحدة اليوم الثلاثاء بالهجوم على الفندق.")
    reports = _reports(resources, text)
    assert [(r.sub_event_type, r.date) for r in reports] == [("Attack", "2024-03-11")]
    assert "United Nations" not in (reports[0].actor1 or "")


def test_condemned_attack_told_nowhere_else_is_kept(resources):
    text = "ندد الرئيس اليوم الثلاثاء بالهجوم الذي استهدف فندقا في مدينة سيفاري بوسط مالي."
    assert [s for s, _, _ in _events(resources, text)] == ["Attack"]


def test_tally_since_an_inauguration_is_background(resources):
    text = ("ومنذ تولي الرئيس - الذي تعهد بسحق التمرد - الحكم في 29 مايو، قتل أكثر من 750 شخصا "
            "في هجمات بشمال شرق نيجيريا.")
    assert _events(resources, text) == []


def test_tally_since_an_inauguration_with_commas_is_background(resources):
    text = ("ومنذ تولي الرئيس، الذي تعهد بسحق التمرد، الحكم في 29 مايو، قتل أكثر من 750 شخصا "
            "في هجمات بشمال شرق نيجيريا.")
    assert _events(resources, text) == []


def test_event_dated_after_its_trigger_in_a_period_sentence_is_kept(resources):
    text = "ومنذ تولي الرئيس الحكم، قتل مسلحون خمسة مدنيين في هجوم على سوق في مدينة مايدوغوري يوم 3 يونيو."
    assert [s for s, _, _ in _events(resources, text)] == ["Attack"]


def test_takeover_told_by_a_bare_year_is_history(resources):
    text = ("واستولى مسلحون على بلدة دوينتزا سنة 2012، ثم أخرجتهم منها حملة عسكرية "
            "انطلقت في يناير 2013.")
    assert _events(resources, text) == []


def test_event_dated_by_month_and_year_is_kept(resources):
    text = "وفي أغسطس 2022 سحبت فرنسا جنودها من قاعدة في مدينة غاو."
    assert [r.date for r in _reports(resources, text)] == ["2022-08-15"]


def test_todays_event_recalling_an_old_year_is_kept(resources):
    text = "قتل مسلحون خمسة مدنيين أمس في هجوم على قرية قرب مدينة موبتي، وهي قرية هوجمت أيضا في 2019."
    assert [(s, f) for s, _, f in _events(resources, text)] == [("Attack", 5)]


def test_french_march_recalling_an_old_killing_is_a_protest(resources):
    text = "Des milliers d'étudiants ont marché mardi à Ouagadougou en mémoire d'un camarade tué en 1990."
    assert [s for s, _, _ in _events(resources, text, "fr")] == ["Peaceful protest"]


def test_accusative_vague_count_of_arrests():
    mentions = find_casualties("وأغلقت قوات الأمن المنطقة واعتقلت عددا كبيرا من الأشخاص", "ar")
    assert [(m.value, m.data["role"]) for m in mentions] == [(10, "arrested")]


# --- the speaker's description is no party to the event quoted ------------------------------

def test_militia_describing_the_speaker_is_no_party(resources):
    text = ("وصرح إدريس عمر، أحد أفراد الميليشيا المحلية المناهضة لبوكو حرام، لوكالة الصحافة الفرنسية: "
            "«نفذت فتاة هجوما انتحاريا صباح اليوم في سوق مايدوغوري».")
    reports = _reports(resources, text)
    assert [r.sub_event_type for r in reports] == ["Suicide bomb"]
    assert "Vigilante" not in (reports[0].actor1 or "") and "Vigilante" not in (reports[0].actor2 or "")


def test_army_quoting_its_own_operation_stays_its_author(resources):
    text = "وقال الجيش النيجيري في بيان: «قتلنا عشرة مسلحين في هجوم على معسكر لهم قرب مدينة باما أمس»."
    reports = _reports(resources, text)
    assert [(r.sub_event_type, r.actor1.split(" (")[0]) for r in reports] == [("Armed clash", "Military Forces of Nigeria")]


# --- a bombing first told as an attack ------------------------------------------------------

def _report(event_type: str, sub_event_type: str, date: str | None, fatalities: int) -> EventReport:
    return EventReport(doc_id="t", event_type=event_type, sub_event_type=sub_event_type, date=date,
                       location="Maroua", country="Cameroon", actor1="Boko Haram", actor2="Civilians (Cameroon)",
                       fatalities=fatalities, modality="asserted")


def test_bombing_retold_gives_the_attack_its_means(resources):
    attack = _report("Violence against civilians", "Attack", "2024-03-11", 11)
    bombing = _report("Explosions/Remote violence", "Suicide bomb", None, 0)
    [event] = coalesce([attack, bombing], resources.policy.rank)
    assert (event.event_type, event.sub_event_type, event.fatalities) == ("Explosions/Remote violence", "Suicide bomb", 11)


def test_clash_retold_with_an_explosive_belt_stays_a_clash(resources):
    clash = _report("Battles", "Armed clash", "2024-03-11", 4)
    belt = _report("Explosions/Remote violence", "Suicide bomb", None, 1)
    [event] = coalesce([clash, belt], resources.policy.rank)
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
