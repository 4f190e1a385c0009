"""Numbers: digits in three scripts, number words, duals, vague quantities, qualifiers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.numbers import find_numbers

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def values(text: str, language: str) -> list[int]:
    return [m.value for m in find_numbers(text, language)]


@pytest.mark.parametrize(("text", "expected"), [
    ("قتل ثلاثة جنود", 3),
    ("أصيب خمسة وعشرين شخصا", 25),
    ("نزح مائة وخمسون مدنيا", 150),
    ("وصل عشرون مراقبا", 20),
    ("أحد عشر قرويا", 11),
    ("ثلاثة آلاف وخمسمائة لاجئ", 3500),
    ("ألفين وخمسمائة نازح", 2500),
    ("مقتل جنديين في الكمين", 2),
    ("سقوط قتيلين", 2),
    ("قتل ١٢ مدنيا", 12),
    ("قتل ۴۵ مدنيا", 45),
    ("نزح ٣٬٥٠٠ شخص", 3500),
    ("بلغت الخسائر 2.5 مليون دولار", 2_500_000),
])
def test_arabic_numbers(text: str, expected: int) -> None:
    assert values(text, "ar") == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("vingt-cinq soldats", 25),
    ("quatre-vingt-dix assaillants", 90),
    ("soixante-quinze villageois", 75),
    ("dix-sept gendarmes", 17),
    ("vingt et un civils", 21),
    ("deux mille trois cents déplacés", 2300),
    ("12 000 réfugiés", 12000),
    ("1,5 million de personnes", 1_500_000),
])
def test_french_numbers(text: str, expected: int) -> None:
    assert values(text, "fr") == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("twenty-five soldiers", 25),
    ("one hundred and five villagers", 105),
    ("three thousand refugees", 3000),
    ("12,000 displaced people", 12000),
])
def test_english_numbers(text: str, expected: int) -> None:
    assert values(text, "en") == [expected]


@pytest.mark.parametrize(("text", "language", "value", "label"), [
    ("سقط عشرات الضحايا", "ar", 12, "dozens"),
    ("العشرات من الجرحى", "ar", 12, "dozens"),
    ("فر مئات السكان", "ar", 100, "hundreds"),
    ("des dizaines de morts", "fr", 12, "dozens"),
    ("des centaines de manifestants", "fr", 100, "hundreds"),
    ("dozens of people", "en", 12, "dozens"),
    ("tens of people", "en", 10, "tens"),
    ("hundreds of protesters", "en", 100, "hundreds"),
    ("several soldiers", "en", 10, "several"),
    ("quelques assaillants", "fr", 3, "few"),
])
def test_vague_quantities_take_acled_values(text: str, language: str, value: int, label: str) -> None:
    [mention] = find_numbers(text, language)
    assert (mention.value, mention.data["vague"]) == (value, label)


def test_une_dizaine_is_ten_and_approximate() -> None:
    [mention] = find_numbers("une dizaine de civils", "fr")
    assert mention.value == 10 and mention.data["approx"]


@pytest.mark.parametrize(("text", "language"), [
    ("قتل ما لا يقل عن 7 أشخاص", "ar"),
    ("قتل 12 جنديا على الأقل", "ar"),
    ("au moins 12 morts", "fr"),
    ("at least 7 people", "en"),
])
def test_at_least(text: str, language: str) -> None:
    [mention] = find_numbers(text, language)
    assert mention.data["at_least"] and not mention.data["approx"]


@pytest.mark.parametrize(("text", "language"), [
    ("قتل نحو عشرين شخصا", "ar"),
    ("حوالي 30 قتيلا", "ar"),
    ("environ 40 personnes", "fr"),
    ("about 40 people", "en"),
])
def test_approximately(text: str, language: str) -> None:
    [mention] = find_numbers(text, language)
    assert mention.data["approx"]


@pytest.mark.parametrize(("text", "language"), [
    ("قتل بين 10 و15 شخصا", "ar"),
    ("entre 10 et 15 morts", "fr"),
    ("10 to 15 people", "en"),
])
def test_ranges_keep_the_lowest(text: str, language: str) -> None:
    [mention] = find_numbers(text, language)
    assert mention.value == 10 and mention.data["range"] == [10, 15]


def test_separate_numbers_are_not_summed() -> None:
    assert values("قتل خمسة جنود وثلاثة مدنيين", "ar") == [5, 3]
    assert values("five soldiers and three civilians", "en") == [5, 3]


def test_offsets_point_into_the_original_text() -> None:
    text = "أعلنَ الجيشُ مقتلَ خمسةٍ وعشرينَ مسلحاً"
    [mention] = find_numbers(text, "ar")
    assert text[mention.start:mention.end] == mention.text == "خمسةٍ وعشرينَ"


def test_articles_are_not_numbers_on_their_own() -> None:
    assert values("un soldat a ouvert le feu", "fr") == []
    assert values("a soldier opened fire", "en") == []


def test_hostile_input_does_not_crash() -> None:
    for text in ["", "٫٫٫", "1,,,000", "و و و", "-" * 1000, "9" * 400, "\u200f\u0640\u064b"]:
        find_numbers(text, "ar")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["ascii", "arabic", "persian"]))
def test_digits_round_trip(value: int, script: str) -> None:
    digits = str(value)
    if script == "arabic":
        digits = digits.translate(ARABIC_INDIC)
    elif script == "persian":
        digits = digits.translate(PERSIAN)
    assert values(f"قتل {digits} شخصا", "ar") == [value]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9))
def test_thousands_separators_round_trip(value: int) -> None:
    assert values(f"{value:,} people", "en") == [value]
    assert values(f"{value:,} شخص".replace(",", "٬").translate(ARABIC_INDIC), "ar") == [value]
    assert values(f"{value:,} personnes".replace(",", " "), "fr") == [value]
