"""Appointments of commanders and diplomatic receptions (our own invented sentences)."""

from marsad.coder.triggers import TriggerBook


def _ids(language: str, text: str) -> set[str]:
    return {h.trigger_id for h in TriggerBook.load(language).find(text)}


def test_naming_a_commander_counts_even_beside_an_attack():
    text = "وجاء تعيين اللواء موسى قائدا للقوة المشتركة بعد يومين من هجوم انتحاري في مدينة ديفا."
    assert "ar.appoint" in _ids("ar", text)


def test_a_bare_appointment_word_stays_a_fallback():
    assert "ar.appoint" not in _ids("ar", "تعيين الحدود بين البلدين")


def test_receiving_a_visitor_is_a_meeting_but_receiving_refugees_is_not():
    assert "ar.meet" in _ids("ar", "وبحث الرئيس لدى استقباله وزير الدفاع الوضع الامني في الشمال.")
    assert "ar.meet" not in _ids("ar", "تواصل المخيمات استقبال اللاجئين الفارين من القتال.")


def test_french_commander_named():
    text = "Le président a nommé le général Traoré à la tête de la force conjointe après l'attaque de Diffa."
    assert "fr.appoint" in _ids("fr", text)
