"""Arabic coding of repeated mentions, captivity, hostage sieges, bans and background recaps
(our own invented sentences)."""

import pytest

from marsad.coder.triggers import TriggerBook
from marsad.pipeline import Resources, extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources():
    return Resources.load()


def _code(resources, text: str, published: str = "2024-03-12"):
    return extract_document(Document(id="t", text=text, language="ar", published=published), resources)


def _hits(text: str) -> list[tuple[str, str]]:
    return [(h.trigger_id, h.sub_event_type) for h in TriggerBook.load("ar").find(text)]


def test_captives_freed_by_the_army_are_not_an_arrest_or_an_abduction():
    text = "حرر الجيش 40 شخصا كانت الجماعة المسلحة تحتجزهم في غابة قرب الحدود."
    kinds = {sub for _, sub in _hits(text)}
    assert "Arrests" not in kinds and "Abduction/forced disappearance" not in kinds
    assert "Armed clash" in kinds


def test_an_arrest_without_a_rescue_is_still_an_arrest():
    assert ("ar.arrest", "Arrests") in _hits("اعتقلت الشرطة ثلاثة مشتبه بهم في مدينة غاو.")


def test_a_hostage_siege_is_an_assault_not_an_arrest(resources):
    text = ("اقتحم مسلحون فندقا في مدينة موبتي صباح اليوم (الثلاثاء) وقتلوا ثلاثة نزلاء. "
            "وقال مصدر عسكري إن عملية احتجاز الرهائن ما زالت متواصلة في الفندق.")
    assert ("ar.hostage_siege", "@attack") in _hits(text)
    reports = _code(resources, text)
    assert [r.sub_event_type for r in reports if r.sub_event_type in ("Arrests", "Abduction/forced disappearance")] == []
    assert any(r.event_type == "Violence against civilians" for r in reports)


def test_a_ban_told_with_the_attack_that_prompted_it_is_coded(resources):
    text = ("قررت السلطات التشادية منع ارتداء النقاب في كامل البلاد، غداة هجوم انتحاري "
            "أسفر عن مقتل 12 شخصا في سوق بالعاصمة.")
    kinds = {sub for _, sub in _hits(text)}
    assert "Change to group/activity" in kinds and "Suicide bomb" in kinds


def test_the_air_force_named_as_a_party_is_not_an_air_strike():
    text = "أقال الرئيس قادة الجيش والبحرية وسلاح الجو اليوم."
    assert all(sub != "Air/drone strike" for _, sub in _hits(text))


def test_a_toll_announced_the_next_day_folds_into_the_attack(resources):
    text = ("فجرت انتحارية نفسها مساء السبت في سوق مدينة مروة في أقصى شمال الكاميرون. "
            "وكان الهجوم قد استهدف مئات المتسوقين.\n\n"
            "وقتل 20 شخصا وأصيب 90 بجروح في مروة بحسب حصيلة أعلنها التلفزيون الرسمي اليوم الأحد.")
    reports = _code(resources, text, published="2024-03-10")
    assert len(reports) == 1
    assert reports[0].sub_event_type == "Suicide bomb"
    assert reports[0].fatalities == 20


def test_the_latest_in_a_wave_of_attacks_is_not_a_new_event(resources):
    text = ("فجرت انتحارية نفسها اليوم (الجمعة) في سوق مدينة مايدوغوري مما أسفر عن مقتل ستة أشخاص.\n\n"
            "ويأتي التفجير ضمن سلسلة هجمات طالت الأسواق الشعبية في نيجيريا وخلفت 200 قتيل.")
    reports = _code(resources, text, published="2024-03-08")
    assert len(reports) == 1
    assert reports[0].fatalities == 6


def test_an_undated_retelling_in_the_same_town_is_the_same_event(resources):
    text = ("قتل مسلحون ثمانية مدنيين مساء السبت في هجوم على سوق مدينة مايدوغوري في شمال شرق نيجيريا.\n\n"
            "وشنت الجماعة المسلحة هجمات عديدة في المنطقة.\n\n"
            "وقال شاهد إن انتحارية فجرت نفسها وسط المتسوقين في سوق مايدوغوري مما أسفر عن مقتل ثمانية أشخاص.")
    reports = _code(resources, text, published="2024-03-10")
    assert len(reports) == 1
    assert reports[0].date == "2024-03-09"


def test_a_violent_fact_is_never_dated_after_its_story(resources):
    text = ("فجرت انتحاريتان نفسيهما في السوق المركزي في مدينة مروة مما أسفر عن مقتل 11 شخصا، "
            "بحسب حاكم المنطقة الذي مدد حظر ارتداء النقاب حتى 30 مارس.")
    reports = [r for r in _code(resources, text, published="2024-03-12") if r.sub_event_type == "Suicide bomb"]
    assert len(reports) == 1
    assert reports[0].date is None


def test_a_condemnation_abroad_is_not_a_new_event(resources):
    text = ("اقتحم مسلحون فندقا في مدينة سيفاري صباح الجمعة وقتلوا خمسة أشخاص بينهم أجنبيان.\n\n"
            "وأدانت الجزائر أمس بشدة الهجوم الإرهابي على الفندق.")
    reports = _code(resources, text, published="2024-03-09")
    assert len(reports) == 1
    assert reports[0].country == "Mali"


def test_riot_police_dispersing_a_march_is_a_protest_with_intervention():
    text = "تدخلت وحدات من مكافحة الشغب لتفريق المتظاهرين أمام البرلمان في نواكشوط."
    assert [sub for _, sub in _hits(text)] == ["Protest with intervention"]


def test_a_release_demanded_by_protesters_has_not_happened():
    text = "تظاهر العشرات في نواكشوط للمطالبة بالإفراج عن ناشطين معتقلين."
    assert all(trigger != "ar.release" for trigger, _ in _hits(text))


def test_arrests_at_a_demonstration_are_its_intervention_not_arrests():
    text = "انتهت المظاهرة في وسط العاصمة بتوقيف عشرة متظاهرين."
    hits = _hits(text)
    assert all(trigger != "ar.arrest" for trigger, _ in hits)
    assert ("ar.protest", "Protest with intervention") in hits


def test_ending_a_siege_and_freeing_hostages_is_a_rescue_not_a_release():
    text = "أنهت قوات خاصة حصارا لفندق في وسط البلاد وأطلقت سراح أربع رهائن."
    assert _hits(text) == [("ar.rescue", "Armed clash")]


def test_gunmen_holding_hostages_inside_a_hotel_is_a_siege():
    assert ("ar.hostage_siege", "@attack") in _hits("اقتحم المسلحون فندقا ويحتجزون عددا من الرهائن بداخله.")


def test_clashes_between_angry_youths_and_police_are_a_riot(resources):
    text = ("شهدت عدة أحياء في مدينة أبشي أمس الأحد مواجهات بين شبان غاضبين وقوات الشرطة، "
            "احتجاجا على قطع الكهرباء.")
    reports = _code(resources, text, published="2024-03-11")
    assert [r.sub_event_type for r in reports] == ["Violent demonstration"]


def test_a_plotted_attack_is_not_coded_but_the_arrests_are(resources):
    text = ("باماكو - أعلنت النيابة العامة أن قوات الأمن أوقفت أمس خمسة أشخاص يشتبه في أنهم "
            "كانوا يخططون لاستهداف مقر للشرطة في العاصمة.")
    reports = _code(resources, text, published="2024-03-12")
    assert [r.sub_event_type for r in reports] == ["Arrests"]
