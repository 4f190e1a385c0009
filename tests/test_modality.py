"""Modality and attribution cues, with our own sentences in each language."""

from __future__ import annotations

import pytest

from marsad.coder.modality import CueBook, CueDataError, detect_attribution, detect_modality


def _modality(language: str, sentence: str, trigger: str) -> str:
    start = sentence.index(trigger)
    modality, mention = detect_modality(sentence, (0, len(sentence)), (start, start + len(trigger)),
                                        CueBook.load(language))
    if modality != "asserted":
        assert mention is not None and sentence[mention.start:mention.end] == mention.text
        assert mention.kind == "modality" and mention.value == modality
    return modality


@pytest.mark.parametrize("language,sentence,trigger,expected", [
    ("ar", "الولايات المتحدة تقترب من الاتفاق مع مالي لاستئناف الطلعات الجوية.", "الاتفاق", "planned"),
    ("ar", "ناقش الطرفان الاتفاق المقترح لتقاسم السلطة.", "الاتفاق", "planned"),
    ("ar", "من المقرر أن يوقع البلدان اتفاق تعاون عسكري الشهر المقبل.", "اتفاق", "planned"),
    ("ar", "تبنت جماعة نصرة الإسلام والمسلمين الهجوم على الثكنة.", "الهجوم", "claimed"),
    ("ar", "أعلن تنظيم الدولة مسؤوليته عن التفجير في السوق.", "التفجير", "claimed"),
    ("ar", "نفى الجيش المالي وقوع هجوم على قاعدة تيساليت.", "هجوم", "denied"),
    ("ar", "إن التقارير التي أفادت بخطف ثلاثة عمال غير صحيحة.", "بخطف", "denied"),
    ("ar", "قد يؤدي الهجوم إلى نزوح آلاف السكان.", "الهجوم", "hypothetical"),
    ("ar", "وكان رئيس الحركة قد اعتقل في نوفمبر الماضي.", "اعتقل", "asserted"),
    ("ar", "قتل خمسة جنود في كمين قرب نامبالا.", "كمين", "asserted"),
    ("fr", "Le JNIM a revendiqué l'attaque contre le camp de Boulkessi.", "attaque", "claimed"),
    ("fr", "L'armée a démenti l'enlèvement de trois soldats.", "enlèvement", "denied"),
    ("fr", "Les deux pays envisagent de signer un accord de défense.", "accord", "planned"),
    ("fr", "Une attaque pourrait viser la ville dans les prochains jours.", "attaque", "asserted"),
    ("fr", "Les jihadistes pourraient lancer une attaque contre Gao.", "attaque", "hypothetical"),
    ("fr", "Une embuscade a fait cinq morts près de Djibo.", "embuscade", "asserted"),
    ("en", "Islamic State claimed responsibility for the attack on the convoy.", "attack", "claimed"),
    ("en", "The army denied that soldiers had killed civilians.", "killed", "denied"),
    ("en", "Mali and Russia will sign a defence agreement next month.", "agreement", "planned"),
    ("en", "Officials discussed a proposed agreement on the base.", "agreement", "planned"),
    ("en", "Militants could attack the town if the army withdraws.", "attack", "hypothetical"),
    ("en", "Gunmen attacked the village of Ogossagou on Saturday.", "attacked", "asserted"),
])
def test_modality(language, sentence, trigger, expected):
    assert _modality(language, sentence, trigger) == expected


def test_cue_scope_is_limited_by_distance_and_barriers():
    far = ("The government denied the report on Monday and said it would publish its own figures about the "
           "economy, the budget, the schools, the roads and the hospitals, after gunmen attacked a bus.")
    assert _modality("en", far, "attacked") == "asserted"
    barred = "The army denied the rumours; gunmen attacked a bus near Gao."
    assert _modality("en", barred, "attacked") == "asserted"
    blocked = "Officials denied any role, but gunmen attacked the bus."
    assert _modality("en", blocked, "attacked") == "asserted"


def test_modality_cue_must_stand_on_its_side():
    # hypothetical cues only look forward: "if" after the trigger does not make it hypothetical
    sentence = "Gunmen attacked the post and asked if anyone had seen the convoy."
    assert _modality("en", sentence, "attacked") == "asserted"


@pytest.mark.parametrize("language,sentence,outlet,expected", [
    ("ar", "وحسب ما نقل الموقع عن مسؤولين أمريكيين، فإن واشنطن باتت قريبة من عقد صفقة مع نيامي.", "Business Insider",
     "Business Insider, citing US officials"),
    ("ar", "وحسب ما نقل الموقع عن مسؤولين أمريكيين، فإن واشنطن باتت قريبة من عقد صفقة مع نيامي.", None,
     "US officials"),
    ("ar", "قال الجيش المالي في بيان إن وحداته صدت هجوما قرب بوني.", None, "Malian army statement"),
    ("ar", "وأفاد مصدر أمني بأن مسلحين هاجموا الثكنة.", None, "security source"),
    ("ar", "وحسب شهود عيان فإن المهاجمين أحرقوا السوق.", None, "local residents"),
    ("fr", "Selon une source sécuritaire, une embuscade a fait cinq morts près de Djibo.", None, "security source"),
    ("fr", "D'après des habitants, les assaillants sont repartis vers la frontière.", None, "local residents"),
    ("fr", "L'armée malienne a indiqué dans un communiqué avoir repoussé l'attaque.", None,
     "Malian army statement"),
    ("en", "According to local residents, gunmen attacked the village.", None, "local residents"),
    ("en", "According to Studio Tamani, gunmen attacked the village.", None, "Studio Tamani"),
    ("en", "The newspaper, citing US officials, said the drones would return.", "Le Monde",
     "US officials"),
    ("en", "Gunmen attacked the village on Monday.", None, None),
])
def test_attribution(language, sentence, outlet, expected):
    assert detect_attribution(sentence, (0, len(sentence)), CueBook.load(language), outlet) == expected


def test_attribution_reads_only_its_sentence():
    text = "Selon des habitants, le marché a brûlé. Des hommes armés ont attaqué le poste."
    second = (text.index("Des"), len(text))
    assert detect_attribution(text, second, CueBook.load("fr"), None) is None


def test_cue_file_validation_names_the_entry(tmp_path):
    (tmp_path / "cues").mkdir()
    (tmp_path / "cues" / "en.yaml").write_text(
        "language: en\nmodality:\n  - {id: en.m.x, modality: maybe, phrases: [may]}\n", encoding="utf-8")
    with pytest.raises(CueDataError, match=r"en.yaml: modality\[0\]: modality must be one of"):
        CueBook.load("en", tmp_path)
