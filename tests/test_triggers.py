"""Trigger dictionaries: validation, every ACLED sub-event type per language, refinements, suppressions."""

from __future__ import annotations

import pytest
import yaml

from marsad.coder.triggers import ATTACK, DATA_DIR, TriggerBook, TriggerDataError, load_ontology

LANGUAGES = ("ar", "fr", "en")

# Our own sentences: one per ACLED sub-event type and language (Sahel news style).
SENTENCES = {
    "ar": {
        "Armed clash": "اندلعت اشتباكات عنيفة بين الجيش المالي ومسلحين قرب بلدة بوني.",
        "Government regains territory": "استعاد الجيش التشادي السيطرة على بلدة مالام فاتوري.",
        "Non-state actor overtakes territory": "سيطر مسلحون على بلدة منكا بعد معارك.",
        "Chemical weapon": "اتهمت المعارضة القوات الحكومية باستخدام غاز سام في القرية.",
        "Air/drone strike": "استهدفت غارة بطائرة مسيرة موقعا للمسلحين شمال كيدال.",
        "Suicide bomb": "فجرت انتحارية نفسها في سوق مزدحمة بمدينة مايدوغوري.",
        "Shelling/artillery/missile attack": "سقطت قذائف هاون على معسكر البعثة الأممية في تيساليت.",
        "Remote explosive/landmine/IED": "انفجرت عبوة ناسفة لدى مرور دورية عسكرية قرب غاو.",
        "Grenade": "ألقى مجهول قنبلة يدوية على مقهى في وسط المدينة.",
        "Sexual violence": "أفادت منظمة حقوقية بتعرض نساء للاغتصاب في المخيم.",
        "Attack": "ارتكب مسلحون مجزرة في قرية أوغوساغو.",
        "Abduction/forced disappearance": "اختطف مسلحون ثلاثة عمال أجانب قرب الحدود.",
        "Peaceful protest": "نظم عشرات الناشطين وقفة احتجاجية أمام البرلمان في نواكشوط.",
        "Protest with intervention": "استخدمت الشرطة الغاز المسيل للدموع لتفريق مظاهرة في نواكشوط.",
        "Excessive force against protesters": "أطلقت قوات الأمن الرصاص الحي على المتظاهرين في نيامي.",
        "Violent demonstration": "اندلعت أعمال شغب في المدينة وأحرق الشبان إطارات السيارات.",
        "Mob violence": "قام حشد غاضب بسحل لص في سوق القرية.",
        "Agreement": "وقعت الحكومة والحركات المسلحة اتفاق سلام في الجزائر.",
        "Arrests": "اعتقلت الشرطة ثلاثة مشتبه بهم في باماكو.",
        "Change to group/activity": "فرضت السلطات حظر التجول في مدينة ديفا.",
        "Disrupted weapons use": "تمكن الجيش من تفكيك عبوة ناسفة على الطريق.",
        "Headquarters or base established": "أقام الجيش قاعدة عسكرية جديدة في بلدة بوليكيسي.",
        "Looting/property destruction": "نهب مسلحون المركز الصحي في القرية.",
        "Non-violent transfer of territory": "جرى تسليم القاعدة إلى الجيش المالي أمس.",
        "Other": "زار وزير الخارجية الفرنسي باماكو.",
    },
    "fr": {
        "Armed clash": "Un accrochage a opposé l'armée à des hommes armés près de Djibo.",
        "Government regains territory": "L'armée a repris le contrôle de la ville de Boni.",
        "Non-state actor overtakes territory": "Les rebelles se sont emparés de la ville de Ménaka.",
        "Chemical weapon": "L'ONG accuse l'armée d'avoir utilisé des armes chimiques.",
        "Air/drone strike": "Une frappe de drone a visé un rassemblement de jihadistes près de Gao.",
        "Suicide bomb": "Un kamikaze s'est fait exploser à l'entrée du camp.",
        "Shelling/artillery/missile attack": "Des tirs d'obus ont visé le camp de la Minusma à Tessalit.",
        "Remote explosive/landmine/IED": "Un véhicule de l'armée a sauté sur un engin explosif improvisé.",
        "Grenade": "Un inconnu a lancé une grenade dans un bar de la ville.",
        "Sexual violence": "Plusieurs femmes ont été victimes de violences sexuelles dans le village.",
        "Attack": "Des hommes armés ont perpétré un massacre dans le village.",
        "Abduction/forced disappearance": "Trois humanitaires ont été enlevés près de Ménaka.",
        "Peaceful protest": "Des centaines de manifestants ont défilé à Niamey.",
        "Protest with intervention": "La police a dispersé la manifestation à coups de gaz lacrymogène.",
        "Excessive force against protesters": "Les forces de l'ordre ont tiré sur les manifestants à Kayes.",
        "Violent demonstration": "Des émeutiers ont incendié la mairie de la commune.",
        "Mob violence": "Un voleur présumé a été lynché par la foule au marché.",
        "Agreement": "Les deux communautés ont signé un accord de paix à Mopti.",
        "Arrests": "Deux suspects ont été interpellés par la gendarmerie.",
        "Change to group/activity": "Le gouverneur a instauré un couvre-feu dans la région.",
        "Disrupted weapons use": "Les soldats ont désamorcé un engin explosif sur l'axe Gao-Ansongo.",
        "Headquarters or base established": "L'armée a installé une base avancée à Tessit.",
        "Looting/property destruction": "Des hommes armés ont pillé le centre de santé.",
        "Non-violent transfer of territory": "La rétrocession du camp de Tessalit aux FAMa a eu lieu hier.",
        "Other": "Le ministre nigérien s'est rendu à Paris pour une visite officielle.",
    },
    "en": {
        "Armed clash": "Soldiers clashed with militants near the town of Djibo.",
        "Government regains territory": "The army regained control of the town after two days.",
        "Non-state actor overtakes territory": "Militants took control of the district headquarters.",
        "Chemical weapon": "Witnesses reported the use of chemical weapons against the village.",
        "Air/drone strike": "A drone strike hit a militant hideout north of Gao.",
        "Suicide bomb": "A suicide bomber detonated his vest at the checkpoint.",
        "Shelling/artillery/missile attack": "Mortar shells landed inside the peacekeeping camp.",
        "Remote explosive/landmine/IED": "An army vehicle hit an IED on the road to Ansongo.",
        "Grenade": "An unidentified man threw a grenade into a crowded bar.",
        "Sexual violence": "Two women were raped by armed men near the camp.",
        "Attack": "Gunmen massacred villagers in the hamlet.",
        "Abduction/forced disappearance": "Unknown gunmen abducted a local official.",
        "Peaceful protest": "Hundreds of traders staged a sit-in in front of the town hall.",
        "Protest with intervention": "Police fired tear gas to disperse a protest in the capital.",
        "Excessive force against protesters": "Soldiers opened fire on protesters in the market square.",
        "Violent demonstration": "Rioters burned tires and blocked the main road.",
        "Mob violence": "A mob lynched a suspected thief in the village.",
        "Agreement": "The two communities signed a peace agreement in Niamey.",
        "Arrests": "Police arrested three suspects in Bamako.",
        "Change to group/activity": "The governor imposed a nightly curfew in the region.",
        "Disrupted weapons use": "Soldiers defused an IED planted on the road.",
        "Headquarters or base established": "The militants established a base in the forest.",
        "Looting/property destruction": "Armed men looted the health center.",
        "Non-violent transfer of territory": "French forces handed over the base to the Malian army.",
        "Other": "The foreign minister made an official visit to Bamako.",
    },
}


@pytest.fixture(scope="module", params=LANGUAGES)
def book(request) -> TriggerBook:
    return TriggerBook.load(request.param)


def _types(book: TriggerBook, text: str) -> set[str]:
    return {hit.sub_event_type for hit in book.find(text)}


def test_data_names_are_exact_acled_and_plover_names(book):
    ontology = load_ontology()
    assert len(ontology.sub_event_types) == 25
    for trigger in book.triggers.values():
        assert trigger.sub_event_type == ATTACK or trigger.sub_event_type in ontology.sub_event_types
        assert trigger.plover_type is None or trigger.plover_type in ontology.plover_modes
    for refinement in book.refinements:
        assert refinement.sub_event_type is None or refinement.sub_event_type in ontology.sub_event_types


def test_every_sub_event_type_has_a_trigger(book):
    covered = {t.sub_event_type for t in book.triggers.values()}
    covered |= {r.sub_event_type for r in book.refinements if r.sub_event_type}
    assert load_ontology().sub_event_types <= covered


def test_plover_types_covered(book):
    covered = {t.plover_type for t in book.triggers.values()}
    wanted = {"CONSULT", "AGREE", "SANCTION", "RETREAT", "AID", "COOPERATE", "MOBILIZE", "THREATEN", "DEMAND",
              "ACCUSE", "REJECT", "ASSAULT", "COERCE", "PROTEST"}
    assert wanted <= covered


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("sub_event_type", sorted(SENTENCES["en"]))
def test_each_sub_event_type_fires_on_our_sentence(language, sub_event_type):
    book = TriggerBook.load(language)
    sentence = SENTENCES[language][sub_event_type]
    assert sub_event_type in _types(book, sentence), [
        (h.text, h.sub_event_type, h.trigger_id) for h in book.find(sentence)]


def test_hits_carry_offsets_into_the_original_text():
    book = TriggerBook.load("ar")
    text = "وفي صباح الجمعة، قُتل خمسة جنود في كمينٍ نصبه مسلحون قرب نامبالا."
    [hit] = [h for h in book.find(text) if h.trigger_id == "ar.ambush"]
    assert text[hit.start:hit.end] == hit.text and hit.text.startswith("كمين")
    assert hit.sub_event_type == ATTACK


def test_span_limits_the_search_and_offsets_stay_absolute():
    book = TriggerBook.load("en")
    text = "Police arrested two men. Gunmen abducted a trader near Gao."
    second = (text.index("Gunmen"), len(text))
    hits = book.find(text, second)
    assert [h.sub_event_type for h in hits] == ["Abduction/forced disappearance"]
    assert text[hits[0].start:hits[0].end] == "abducted"


def test_arabic_clitics_and_inflection_match():
    book = TriggerBook.load("ar")
    for text in ("وهاجموا القرية ليلا", "بالهجوم على الثكنة", "واختطفوا المدرس", "المختطفين الثلاثة"):
        assert book.find(text), text


@pytest.mark.parametrize("language,text,expected", [
    ("ar", "هاجم انتحاري يرتدي حزاما ناسفا نقطة تفتيش في داماتورو.", "Suicide bomb"),
    ("ar", "نفذت طائرات حربية هجوما على مواقع الجماعة.", "Air/drone strike"),
    ("ar", "قتل جنديان في هجوم بعبوة ناسفة على الطريق.", "Remote explosive/landmine/IED"),
    ("fr", "L'attaque a été menée par un kamikaze au volant d'un pick-up.", "Suicide bomb"),
    ("fr", "L'attaque menée par un drone a fait trois morts.", "Air/drone strike"),
    ("fr", "Une attaque à la mine a visé un convoi logistique.", "Remote explosive/landmine/IED"),
    ("en", "Militants attacked the base with a suicide vest.", "Suicide bomb"),
    ("en", "A convoy of pickups was attacked by a drone near Menaka.", "Air/drone strike"),
    ("en", "The convoy was attacked with an explosive device.", "Remote explosive/landmine/IED"),
])
def test_refinements_recode_an_attack(language, text, expected):
    hits = TriggerBook.load(language).find(text)
    attack = [h for h in hits if h.refined_by]
    assert attack and all(h.sub_event_type == expected for h in attack), [(h.text, h.sub_event_type) for h in hits]


def test_plain_attack_stays_an_attack():
    hits = TriggerBook.load("en").find("Gunmen attacked a village near Djibo.")
    assert [h.sub_event_type for h in hits] == [ATTACK] and hits[0].refined_by is None


def test_refinement_respects_sentence_and_distance():
    book = TriggerBook.load("en")
    # the suicide cue is in another sentence: the attack stays an attack
    hits = book.find("Gunmen attacked a village. Last year a suicide vest was found.")
    assert ATTACK in {h.sub_event_type for h in hits}
    # "defused" too far from the IED to mean it was defused
    far = book.find("An IED exploded under the truck, which soldiers had checked before and defused nothing.")
    assert "Remote explosive/landmine/IED" in {h.sub_event_type for h in far}


def test_sanctions_lifted_versus_imposed():
    book = TriggerBook.load("ar")
    [lifted] = book.find("رفعت الإدارة الأمريكية العقوبات المفروضة على وزير الدفاع المالي.")
    assert (lifted.sub_event_type, lifted.plover_type) == ("Other", "RETREAT")
    [imposed] = book.find("فرضت الولايات المتحدة عقوبات على وزير الدفاع المالي.")
    assert imposed.plover_type == "SANCTION"
    en = TriggerBook.load("en").find("Washington lifted sanctions on Malian officials.")
    assert [h.plover_type for h in en] == ["RETREAT"]


@pytest.mark.parametrize("language,text", [
    ("en", "The minister suffered a heart attack in Bamako."),
    ("en", "He spoke on the anniversary of the attack on the hotel."),
    ("en", "No clashes were reported in the area."),
    ("en", "The trial of the men accused of the attack opened in Bamako."),
    ("fr", "Le ministre a été victime d'une crise cardiaque."),
    ("fr", "Le procès des auteurs de l'attaque s'est ouvert à Bamako."),
    ("fr", "Aucun accrochage n'a été signalé dans la zone."),
    ("ar", "شن النائب هجوما إعلاميا على الحكومة."),
    ("ar", "بدأت محاكمة المتهمين بتنفيذ الهجوم على الفندق."),
    ("ar", "في الذكرى الأولى للهجوم على الفندق أقيم حفل تأبين."),
])
def test_suppressions(language, text):
    book = TriggerBook.load(language)
    violent = [h for h in book.find(text) if h.sub_event_type in (ATTACK, "Armed clash", "Attack")]
    assert not violent, [(h.text, h.trigger_id) for h in violent]


def test_tear_gas_grenades_are_not_explosions():
    hits = TriggerBook.load("ar").find("أطلقت الشرطة قنابل مسيلة للدموع على المتظاهرين.")
    assert "Remote explosive/landmine/IED" not in {h.sub_event_type for h in hits}
    assert "Grenade" not in {h.sub_event_type for h in TriggerBook.load("en").find(
        "Police fired tear gas grenades at students.")}


def test_fallback_outcome_words_yield_to_specific_triggers():
    book = TriggerBook.load("en")
    assert [h.sub_event_type for h in book.find("Three soldiers were killed by an IED.")] == [
        "Remote explosive/landmine/IED"]
    assert [h.trigger_id for h in book.find("Three people were killed near Gao.")] == ["en.killing"]


def test_longest_and_most_specific_wins():
    book = TriggerBook.load("en")
    hits = book.find("French jets carried out an aerial bombardment of the camp.")
    assert [h.sub_event_type for h in hits] == ["Air/drone strike"]
    assert [h.text for h in book.find("a suicide car bomb exploded")][:1] == ["suicide car bomb"]


# ------------------------------------------------------------------ validation


def _minimal(**trigger) -> dict:
    entry = {"id": "en.x", "sub_event_type": "Armed clash", "phrases": ["clash"]} | trigger
    return {"language": "en", "version": 1, "triggers": [entry]}


@pytest.mark.parametrize("change,message", [
    ({"sub_event_type": "Armed clashes"}, "not an ACLED sub-event type"),
    ({"plover_type": "FIGHTING"}, "not a PLOVER event type"),
    ({"plover_type": "ASSAULT", "plover_mode": "tanks"}, "not a mode of ASSAULT"),
    ({"phrases": []}, "non-empty list"),
    ({"phrases": ["killed * civilians"]}, "only '*'"),
    ({"weight": 2}, "weight"),
    ({"colour": "red"}, "unknown key"),
    ({"id": "fr.x"}, "must be a string starting with 'en.'"),
])
def test_validation_names_file_and_entry(change, message):
    with pytest.raises(TriggerDataError) as error:
        TriggerBook.from_dict(_minimal(**change), source="triggers/en.yaml")
    assert "triggers/en.yaml" in str(error.value) and message in str(error.value)
    assert "triggers[0]" in str(error.value)


def test_validation_rejects_duplicate_phrases_and_bad_refinements():
    data = _minimal()
    data["triggers"].append({"id": "en.y", "sub_event_type": "Attack", "phrases": ["Clash"]})
    with pytest.raises(TriggerDataError, match="already a phrase of en.x"):
        TriggerBook.from_dict(data, source="f.yaml")
    data = _minimal()
    data["refinements"] = [{"id": "en.r", "cues": ["drone"], "applies_to": ["Nope"], "sub_event_type": "Attack"}]
    with pytest.raises(TriggerDataError, match=r"refinements\[0\] \(id en.r\).*Nope"):
        TriggerBook.from_dict(data, source="f.yaml")


def test_load_reports_bad_yaml_with_the_path(tmp_path):
    (tmp_path / "triggers").mkdir()
    (tmp_path / "triggers" / "en.yaml").write_text("language: en\ntriggers: [\n", encoding="utf-8")
    with pytest.raises(TriggerDataError, match="en.yaml: invalid YAML"):
        TriggerBook.load("en", tmp_path)


def test_shipped_files_parse_as_plain_yaml():
    for language in LANGUAGES:
        data = yaml.safe_load((DATA_DIR / "triggers" / f"{language}.yaml").read_text(encoding="utf-8"))
        assert data["language"] == language and data["triggers"]


def test_ministry_is_not_a_visit():
    """وزارة (ministry) splits as و + زارة: a stem like زار* must not read it as "visited"."""
    book = TriggerBook.load("ar")
    assert book.find("قال مصدر في وزارة الدفاع إن التحقيق مستمر") == []
    assert [h.trigger_id for h in book.find("وزار الرئيس النيجيري الكاميرون أمس")] == ["ar.visit"]
