"""Clitic-aware phrase matching in Arabic, French and English."""

import pytest

from marsad.text import PhraseMatcher, split_sentences, tokenize


def matcher(*phrases):
    m = PhraseMatcher()
    for phrase in phrases:
        m.add(phrase, phrase)
    return m


@pytest.mark.parametrize(
    ("phrase", "text", "surface"),
    [
        ("تمبكتو", "وصلت القافلة بتمبكتو صباحا", "بتمبكتو"),
        ("الجيش", "أعلن والجيش صباحا", "والجيش"),
        ("مالي", "عاد الوفد لمالي أمس", "لمالي"),
        ("مسلح*", "هاجم مسلحون القرية", "مسلحون"),
        ("مسلح*", "طارد الجنود المسلحين", "المسلحين"),
        ("اختطف*", "اختطفوا ثلاثة مدنيين", "اختطفوا"),
        ("اختطاف", "تم اختطاف مهندس", "اختطاف"),
        ("هجوم", "في الهجوم على الثكنة", "الهجوم"),
        ("الهجمات", "تزايدت هجمات المتمردين", "هجمات"),
        ("الجيش المالي", "قال الجيشُ الماليُّ في بيان", "الجيشُ الماليُّ"),
        ("l'armée malienne", "Selon l’armée malienne, les assaillants ont fui", "l’armée malienne"),
        ("engin explosif improvisé", "un ENGIN EXPLOSIF IMPROVISE a explosé", "ENGIN EXPLOSIF IMPROVISE"),
        ("Ménaka", "près de Menaka", "Menaka"),
        ("ambush*", "militants ambushed a patrol", "ambushed"),
    ],
)
def test_dictionary_entry_matches_inflected_surface(phrase, text, surface):
    found = matcher(phrase).find(text)
    assert [text[m.start:m.end] for m in found] == [surface]


def test_longest_match_wins_and_spans_do_not_overlap():
    text = "قال الجيش المالي إن الجيش تدخل"
    found = matcher("الجيش", "الجيش المالي").find(text)
    assert [m.phrase for m in found] == ["الجيش المالي", "الجيش"]


def test_no_match_inside_other_words():
    assert matcher("غاو").find("غاوتي مدينة أخرى") == []
    assert matcher("mine").find("il a déterminé") == []


def test_tokens_keep_original_offsets():
    text = "وبالقرب من غاوٍ"
    tokens = tokenize(text)
    assert [text[t.start:t.end] for t in tokens] == ["وبالقرب", "من", "غاوٍ"]
    assert "قرب" in tokens[0].keys


def test_sentences_split_on_arabic_and_latin_punctuation():
    text = "قتل جندي. أصيب آخرون؟ Le Gén. Diarra a parlé. Fin"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["قتل جندي.", "أصيب آخرون؟", "Le Gén. Diarra a parlé.", "Fin"]


def test_gap_word_allows_a_few_words_between():
    m = matcher("سحب* ... جنود*")
    text = "وفي أغسطس سحبت واشنطن جنودها من القاعدة"
    (found,) = m.find(text)
    assert text[found.start:found.end] == "سحبت واشنطن جنودها"
    assert m.find("سحبت الحكومة في العام الماضي كل هؤلاء الجنود") == []


def test_phrase_must_be_text():
    with pytest.raises(TypeError):
        PhraseMatcher().add(True, "yaml read 'on' as a boolean")
