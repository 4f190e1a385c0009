"""Coder precision (coder4): toll updates, units that fall into an ambush, period tallies,
strategic developments retold undated, attacks one is "behind", counterfactual attacks.
Our own invented sentences, in Arabic, French and English."""

import pytest

from marsad.coder.coalesce import coalesce, fold_toll_update
from marsad.pipeline import Resources, extract_document
from marsad.records import Document, EventReport


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


def _code(resources, text: str, language: str, published: str = "2024-05-14") -> list[EventReport]:
    return extract_document(Document(id="t", text=text, language=language, published=published), resources)


def _summary(reports: list[EventReport]) -> list[tuple]:
    return [(r.sub_event_type, r.date, r.fatalities) for r in reports]


# 1. Toll updates fold into the story's event; the larger toll wins, the event keeps its date.
TOLL_UPDATES = [
    ("ar", "قتل مسلحون 12 مدنيا في هجوم على سوق بلدة منكا شمال مالي يوم الأحد.\n\n"
           "وأعلن مسؤول محلي اليوم الثلاثاء أن حصيلة الهجوم ارتفعت إلى 20 قتيلا."),
    ("ar", "قتل مسلحون 12 مدنيا في هجوم على سوق بلدة منكا شمال مالي يوم الأحد.\n\n"
           "وارتفعت حصيلة قتلى الهجوم إلى 20 شخصا، بحسب ما أعلنه التلفزيون الرسمي صباح اليوم."),
    ("fr", "Des hommes armés ont tué 12 civils dimanche lors d'une attaque contre le marché de Ménaka, "
           "dans le nord du Mali.\n\nMardi, le bilan de l'attaque est passé à 20 morts, selon une source locale."),
    ("en", "Gunmen killed 12 civilians on Sunday in an attack on the market of Menaka in northern Mali.\n\n"
           "The death toll from Sunday's attack has risen to 20, a local official said on Tuesday."),
    ("fr", "Des hommes armés ont tué 12 civils dimanche lors d'une attaque contre le marché de Ménaka.\n\n"
           "Le bilan de l'attaque de dimanche est passé à 20 selon une source locale mardi."),
]


@pytest.mark.parametrize(("language", "text"), TOLL_UPDATES)
def test_a_toll_update_is_the_story_s_event_with_the_larger_toll(resources, language, text):
    assert _summary(_code(resources, text, language)) == [("Attack", "2024-05-12", 20)]


def _report(location: str, admin1: str, fatalities: int, sub: str = "Attack",
            event_type: str = "Violence against civilians") -> EventReport:
    return EventReport(doc_id="t", event_type=event_type, sub_event_type=sub, date="2024-05-12",
                       country="Mali", admin1=admin1, location=location, fatalities=fatalities)


def test_a_toll_update_does_not_fold_into_an_event_of_another_region_or_a_kidnapping():
    update = _report("Menaka", "Menaka", 20)
    assert not fold_toll_update([_report("Mopti", "Mopti", 3)], update)
    kidnapping = _report("Menaka", "Menaka", 0, sub="Abduction/forced disappearance")
    assert not fold_toll_update([kidnapping], update)
    earlier = _report("Menaka", "Menaka", 12)
    assert fold_toll_update([earlier], update) and earlier.fatalities == 20


# 2. The unit that fell into an ambush is its target, not its author.
AMBUSHES = [
    ("ar", "قالت الحكومة إن وحدة من القوات المسلحة المالية وقعت في كمين مساء الأحد على الطريق بين دوينتزا وبوني."),
    ("ar", "قالت الحكومة إنه مساء الأحد وقعت وحدة من القوات المسلحة المالية في كمين على الطريق بين دوينتزا وبوني."),
    ("fr", "Des soldats nigériens sont tombés dans une embuscade dimanche près de Tillabéri."),
    ("fr", "Une patrouille de l'armée malienne est tombée dans une embuscade dimanche près de Douentza, "
           "faisant quatre morts parmi les soldats."),
    ("en", "Nigerien soldiers fell into an ambush near Tillaberi on Sunday."),
    ("en", "A Malian army patrol ran into an ambush near Douentza on Sunday, and four soldiers were killed."),
]


@pytest.mark.parametrize(("language", "text"), AMBUSHES)
def test_the_unit_that_fell_into_an_ambush_is_its_target(resources, language, text):
    reports = _code(resources, text, language)
    assert [r.sub_event_type for r in reports] == ["Armed clash"]
    assert reports[0].actor2.startswith("Military Forces of")
    assert not reports[0].actor1.startswith("Military Forces of")


def test_an_ambush_set_for_a_patrol_is_coded_with_its_author_first(resources):
    reports = _code(resources, "نصب مسلحون كمينا لدورية للجيش المالي قرب بلدة دوينتزا يوم الأحد.", "ar")
    assert [(r.sub_event_type, r.actor2) for r in reports] == [("Armed clash", "Military Forces of Mali (2021-)")]


def test_a_verb_of_falling_with_no_subject_between_makes_no_target(resources):
    # "وقع هجوم" (an attack took place): the verb is not a unit falling into anything
    reports = _code(resources, "وقع هجوم على مركز للشرطة في بلدة دوينتزا يوم الأحد نفذه مسلحون.", "ar")
    assert [(r.actor1, r.actor2) for r in reports] == [("Unidentified Armed Group (Mali)",
                                                        "Police Forces of Mali (2021-)")]


# 3. A toll counted over a period is a tally, not one event, unless the story tells nothing else.
TALLIES = [
    ("ar", "قتل مسلحون خمسة مدنيين في بلدة بوني أمس الاثنين.\n\n"
           "ولقي تسعة أشخاص حتفهم منذ السبت في هجمات متفرقة بمنطقة موبتي."),
    ("fr", "Des hommes armés ont tué cinq civils lundi à Boni.\n\n"
           "Neuf personnes ont été tuées depuis samedi dans des attaques distinctes dans la région de Mopti."),
    ("en", "Gunmen killed five civilians in Boni on Monday.\n\n"
           "Nine people have been killed since Saturday in separate attacks across the Mopti region."),
]


@pytest.mark.parametrize(("language", "text"), TALLIES)
def test_a_period_tally_is_not_another_event(resources, language, text):
    reports = _code(resources, text, language)
    assert [(r.sub_event_type, r.location, r.fatalities) for r in reports] == [("Attack", "Boni", 5)]


@pytest.mark.parametrize(("language", "text"), [
    ("ar", "لقي تسعة أشخاص حتفهم منذ السبت في هجمات متفرقة بمنطقة موبتي وسط مالي، وفق مسؤولين محليين."),
    ("en", "Nine people have been killed since Saturday in separate attacks in the Mopti region of central Mali."),
])
def test_a_tally_that_is_all_the_story_tells_is_still_coded(resources, language, text):
    assert [r.event_type for r in _code(resources, text, language)] == ["Violence against civilians"]


def test_a_killing_dated_on_its_own_day_is_not_a_tally(resources):
    text = "Gunmen killed a trader on Monday in Mopti, the third killing in the town since Sunday."
    assert [(r.date, r.fatalities) for r in _code(resources, text, "en")] == [("2024-05-13", 1)]


# 4. A strategic development retold undated is the story's development again (not diplomacy).
def _development(sub: str, date: str | None, location: str, actor1: str) -> EventReport:
    return EventReport(doc_id="t", event_type="Strategic developments", sub_event_type=sub, date=date,
                       country="Mali", location=location, actor1=actor1)


def test_a_development_retold_undated_folds_into_the_dated_one():
    dated = _development("Non-violent transfer of territory", "2024-05-12", "Ansongo", "UN")
    retold = _development("Non-violent transfer of territory", None, "Gao", "Military Forces of Mali")
    assert coalesce([dated, retold], lambda sub: 0) == [dated]


def test_diplomacy_retold_undated_stays_one_event_per_pair_of_parties():
    dated = _development("Agreement", "2024-05-12", "Bamako", "Government of Mali")
    retold = _development("Agreement", None, "Bamako", "Government of Algeria")
    assert len(coalesce([dated, retold], lambda sub: 0)) == 2


def test_diplomacy_retold_undated_by_the_same_pair_is_that_pair_s_event_wherever_placed():
    dated = _development("Agreement", "2024-05-12", "Bamako", "Government of Mali")
    dated.actor2 = "Government of Algeria"
    retold = _development("Agreement", None, "Algiers", "Government of Algeria")
    retold.country, retold.actor2 = "Algeria", "Government of Mali"
    assert coalesce([dated, retold], lambda sub: 0) == [dated]


def test_two_dated_developments_of_one_type_are_not_folded_by_the_undated_rule():
    first = _development("Arrests", "2024-05-01", "Gao", "Police Forces of Mali")
    second = _development("Arrests", "2024-05-12", "Mopti", "Police Forces of Mali")
    assert len(coalesce([first, second], lambda sub: 0)) == 2


# 5. The attack someone is "behind" is the story's event, not another one.
BEHIND = [
    ("ar", "قتل مسلحون خمسة مدنيين في بلدة بوني يوم الأحد. وأعلنت الشرطة يوم الثلاثاء اعتقال رجل في موبتي "
           "يشتبه في أنه يقف وراء الهجوم."),
    ("fr", "Des hommes armés ont tué cinq civils dimanche à Boni. La police a arrêté mardi à Mopti un homme "
           "soupçonné d'être derrière l'attaque."),
    ("en", "Gunmen killed five civilians in Boni on Sunday. Police said on Tuesday they had arrested a man in "
           "Mopti suspected of being behind the attack."),
]


@pytest.mark.parametrize(("language", "text"), BEHIND)
def test_the_attack_a_suspect_is_behind_is_not_a_new_event(resources, language, text):
    reports = _code(resources, text, language, published="2024-05-14")
    assert sorted(r.sub_event_type for r in reports) == ["Arrests", "Attack"]
    assert [r.location for r in reports if r.sub_event_type == "Attack"] == ["Boni"]


# 6. An attack that "could have been" did not happen.
COUNTERFACTUAL = [
    ("ar", "فكك جنود يوم الاثنين عبوة ناسفة قرب غاو، في ما كان يمكن أن يكون هجوما داميا على حافلة."),
    ("fr", "Des soldats ont désamorcé lundi une bombe artisanale près de Gao, évitant ce qui aurait pu être "
           "une attaque meurtrière contre un bus."),
    ("en", "Soldiers defused a roadside bomb near Gao on Monday, preventing what officials said could have been "
           "a deadly attack on a bus."),
]


@pytest.mark.parametrize(("language", "text"), COUNTERFACTUAL)
def test_a_counterfactual_attack_is_not_coded(resources, language, text):
    assert [r.sub_event_type for r in _code(resources, text, language)] == ["Disrupted weapons use"]


def test_a_civilian_defence_militia_is_an_armed_party(resources):
    text = "Six members of Burkina Faso's civilian defence militia were killed on Monday near Kaya."
    reports = _code(resources, text, "en", published="2025-07-02")
    assert [r.event_type for r in reports] == ["Battles"]


# 7. Commentary, the topic of talks, manhunts and habits are not events.
GAO = {"ar": "قتل مسلحون أربعة جنود في هجوم على دورية قرب غاو أمس الثلاثاء.\n\n",
       "fr": "Des hommes armés ont tué quatre soldats mardi lors d'une attaque contre une patrouille près de Gao.\n\n",
       "en": "Gunmen killed four soldiers on Tuesday in an attack on a patrol near Gao.\n\n"}
NOT_EVENTS = [
    ("ar", "ويرى محللون أن الهجوم يعكس تصاعد قدرات الجماعات المسلحة التي تهاجم القوافل العسكرية في المنطقة."),
    ("ar", "وأطلق الجيش عملية تمشيط في المنطقة بحثا عن المهاجمين."),
    ("ar", "ويتجنب السكان منذ أسابيع السفر على الطريق خوفا من الكمائن والعبوات الناسفة."),
    ("ar", "ولم يصدر عن الحكومة في باماكو أي تعليق على الهجوم حتى مساء أمس."),
    ("fr", "L'armée a lancé une opération de ratissage à la recherche des assaillants."),
    ("fr", "Selon des analystes, les groupes armés qui attaquent les convois militaires se renforcent."),
    ("fr", "Les habitants évitent depuis des semaines de voyager la nuit par crainte des embuscades."),
    ("en", "Analysts said the attack showed that armed groups could strike convoys at will."),
    ("en", "Soldiers launched a search for the attackers in nearby villages."),
    ("en", "Residents have for weeks avoided the road at night for fear of ambushes by gunmen."),
    ("en", "Jihadists have intensified their attacks on army convoys in the region."),
    ("ar", "وكانت الجماعة قد كثفت من هجماتها على قوافل الجيش في المنطقة."),
]


@pytest.mark.parametrize(("language", "sentence"), NOT_EVENTS)
def test_commentary_manhunts_and_habits_add_no_event(resources, language, sentence):
    reports = _code(resources, GAO[language] + sentence, language, published="2025-03-12")
    assert [(r.sub_event_type, r.location) for r in reports] == [("Armed clash", "Gao")]


@pytest.mark.parametrize(("language", "text"), [
    ("ar", "وتناولت المحادثات الوضع الأمني في منطقة تيلابيري حيث يهاجم مسلحون القرى باستمرار."),
    ("fr", "Les discussions ont porté sur la menace des jihadistes qui attaquent les villages de la région de Tillabéri."),
    ("en", "The talks focused on the threat posed by jihadists who attack villages in the Tillaberi region."),
])
def test_the_topic_of_talks_is_no_event(resources, language, text):
    assert _code(resources, text, language, published="2025-03-12") == []


# 8. A state force that launches an attack with no target named fights armed groups.
OFFENSIVES = [
    ("ar", "قال المتحدث باسم الجيش إن الجيش النيجيري شن هجوما قرب بلدة باما يوم الاثنين."),
    ("ar", "وبدأ الجيش النيجيري يوم الاثنين هجوما بريا قرب بلدة باما."),
    ("fr", "L'armée malienne a lancé lundi une offensive près de Boni."),
    ("en", "The Nigerian army launched an attack near Bama on Monday, a spokesman said."),
]


@pytest.mark.parametrize(("language", "text"), OFFENSIVES)
def test_an_army_offensive_with_no_target_named_is_a_battle(resources, language, text):
    reports = _code(resources, text, language)
    assert [(r.sub_event_type, r.actor1.startswith("Military Forces of"), r.actor2.startswith("Unidentified Armed"))
            for r in reports] == [("Armed clash", True, True)]


@pytest.mark.parametrize(("language", "text"), [
    ("en", "On Monday in Mopti, soldiers of the Malian army carried out summary executions of civilians."),
    ("en", "Soldiers attacked the village of Boni on Monday, killing 12 people, residents said."),
    ("ar", "شن مسلحون هجوما على قرية قرب باما يوم الاثنين."),
])
def test_executions_killings_and_armed_groups_attacks_stay_attacks(resources, language, text):
    assert [r.sub_event_type for r in _code(resources, text, language)] == ["Attack"]
