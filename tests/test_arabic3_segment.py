"""Arabic sentences run together with no space after the period (our own invented text)."""

from marsad.text import split_sentences


def test_a_period_glued_to_the_next_arabic_sentence_ends_a_sentence():
    text = "هاجم مسلحون قرية قرب غاو.وقال سكان إن خمسة قتلوا. ثم انسحبوا."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "هاجم مسلحون قرية قرب غاو.", "وقال سكان إن خمسة قتلوا.", "ثم انسحبوا."]


def test_decimals_and_latin_abbreviations_are_not_boundaries():
    assert len(split_sentences("Le Dr. Traoré a parlé de 3.5 millions de déplacés.")) == 1
