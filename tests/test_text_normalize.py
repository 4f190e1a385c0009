"""Normalisation keeps an exact map back to the original text."""

from hypothesis import given
from hypothesis import strategies as st

from marsad.text import fold, normalize

ARABIC_AND_LATIN = st.text(
    alphabet=st.sampled_from(list("أإآاؤئىيةهـًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩۴۵ابتثجحخدذرزسشصضطظعغفقكلمنوي ،؛؟.éÉçÀœßﬁ\u200b\u200f\u202eabc")),
    max_size=60,
)


def test_arabic_letter_forms_fold():
    assert fold("أإآٱ") == "اااا"
    assert fold("مدرسة") == "مدرسه"
    assert fold("مستشفى") == "مستشفي"
    assert fold("قُتِلَ") == "قتل"
    assert fold("هـــجوم") == "هجوم"


def test_digits_and_punctuation_fold():
    assert fold("١٢٣") == "123"
    assert fold("۴۵") == "45"
    assert fold("؟،؛") == "?,;"


def test_latin_is_casefolded_and_accent_free():
    assert fold("Ménaka") == "menaka"
    assert fold("SÉVARÉ") == "sevare"
    assert fold("Straße") == "strasse"


def test_zero_width_and_bidi_controls_are_dropped():
    assert fold("غا\u200bو\u202e") == "غاو"


def test_span_maps_back_to_the_same_word():
    original = "قُتِلَ جنديٌّ في تمبكتو"
    normalized = normalize(original)
    start = normalized.text.index("جندي")
    a, b = normalized.span_to_original(start, start + len("جندي"))
    assert original[a:b] == "جنديٌّ"


@given(ARABIC_AND_LATIN)
def test_every_span_maps_back_to_characters_that_fold_to_it(text):
    normalized = normalize(text)
    n = len(normalized.text)
    for start in range(0, n, 3):
        for end in range(start + 1, min(n, start + 8) + 1):
            a, b = normalized.span_to_original(start, end)
            assert 0 <= a <= b <= len(text)
            # The original span folds to text that contains the normalised span.
            assert normalized.text[start:end] in fold(text[a:b])


@given(ARABIC_AND_LATIN)
def test_origin_is_monotonic(text):
    normalized = normalize(text)
    assert normalized.origin == sorted(normalized.origin)
    assert len(normalized.origin) == len(normalized.text)
