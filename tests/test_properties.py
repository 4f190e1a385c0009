"""Property-based tests and a bounded fuzzing run over the text pipeline (hypothesis).

Complements tests/test_text_normalize.py, tests/test_timex.py and tests/test_numbers.py
(which cover a fixed Arabic/Latin alphabet, listed past phrases and digit round trips):
here the input is arbitrary Unicode, including controls, NUL, zero-width and bidi
characters, characters whose compatibility form expands, and unpaired combining marks.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from reliability_support import GAO_ATTACK, NIAMEY_PROTEST, TIMBUKTU_IED

from marsad.pipeline import extract_document
from marsad.records import Document
from marsad.text import fold, normalize
from marsad.text.normalize import fold_char
from marsad.text.numbers import find_numbers
from marsad.timex import find_dates

INVISIBLES = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff\u00ad"
# Pieces of real news vocabulary, so that the fuzzer reaches the deep stages (triggers, places,
# dates, numbers, actors) and not only the tokenizer.
VOCABULARY = [
    "هاجم", "مسلحون", "مجهولون", "قرية", "مدينة", "غاو", "تمبكتو", "مالي", "النيجر", "نيامي", "مقتل", "سبعة",
    "مدنيين", "جنود", "الجيش", "انفجار", "عبوة", "ناسفة", "تظاهر", "آلاف", "يوم", "الأحد", "أمس", "مارس",
    "2024", "١٢", "قبل", "أيام", "بحسب", "مصادر", "محلية", "،", ".", "\n", "\n\n",
    "killed", "attack", "Gao", "Mali", "soldiers", "gunmen", "on", "Sunday", "March", "10", "dozens", "protest",
    "attaque", "jihadistes", "Ménaka", "tués", "lundi", "dernier", "une", "dizaine", "de", "civils", "à",
    "ﷺ", "ﬁ", "ß", "İ", "ǅ", "\u0301", "\u0651", "ـ", "\x00", "\x1b", "\r", "\t", "\u2028", "\U0001F600",
]
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
NEWSY_TEXT = st.lists(
    st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(list(INVISIBLES)), ANY_TEXT.map(lambda s: s[:12])),
    max_size=40,
).flatmap(lambda words: st.lists(st.sampled_from([" ", " ", " ", "", "\u200f ", "  "]),
                                 min_size=len(words), max_size=len(words))
          .map(lambda seps: "".join(w + s for w, s in zip(words, seps, strict=True))))
# Real articles with junk, controls and invisibles spliced in anywhere: these reach the coder
# and produce reports, so the evidence-offset property is exercised on every stage.
MUTATED_ARTICLES = st.builds(
    lambda base, positions, junk: insert_at(base, positions, junk),
    st.lists(st.sampled_from([GAO_ATTACK, TIMBUKTU_IED, NIAMEY_PROTEST,
                              "Gunmen killed 12 civilians near Gao, Mali, on Sunday.",
                              "Des jihadistes ont tué une dizaine de soldats à Ménaka lundi dernier."]),
             min_size=1, max_size=3).map("\n".join),
    st.lists(st.integers(min_value=0, max_value=500), max_size=15),
    st.text(alphabet=st.sampled_from(list(INVISIBLES) + ["\x00", "\n", "ـ", "\u0651", "ﷺ", "\r", "\x1b", "x", "٣"]),
            max_size=15),
)
LANGUAGES = st.sampled_from(["ar", "fr", "en"])
VALID_PUBLISHED = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
                            .map(dt.date.isoformat))
# The timex stage also gets junk; the pipeline gets what the readers and the API let through.
PUBLISHED = st.one_of(VALID_PUBLISHED, st.sampled_from(["", "yesterday", "2024-02-30", "0000-00-00", "9999"]))


def insert_at(text: str, positions: list[int], chars: str) -> str:
    out = list(text)
    for position, char in sorted(zip(positions, chars, strict=False), reverse=True):
        out.insert(min(position, len(out)), char)
    return "".join(out)


# ---------------------------------------------------------------------- normalisation


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, NEWSY_TEXT))
@example("ﷺ ﷽ ㍻ ﬁ ß \u0301\u0301 x")
def test_every_normalised_character_comes_from_an_original_one_that_folds_to_it(text):
    normalized = normalize(text)
    assert len(normalized.origin) == len(normalized.text)
    assert normalized.origin == sorted(normalized.origin)
    for index, char in enumerate(normalized.text):
        source = normalized.origin[index]
        assert 0 <= source < len(text)
        assert char in fold_char(text[source])


@settings(max_examples=200, deadline=None)
@given(st.one_of(ANY_TEXT, NEWSY_TEXT), st.data())
def test_any_span_maps_back_inside_the_original(text, data):
    normalized = normalize(text)
    n = len(normalized.text)
    start = data.draw(st.integers(min_value=-3, max_value=n + 3))
    end = data.draw(st.integers(min_value=-3, max_value=n + 3))
    a, b = normalized.span_to_original(start, end)
    assert 0 <= a <= b <= len(text)
    lo, hi = max(0, min(start, n)), max(0, min(end, n))
    if lo < hi:
        assert normalized.text[lo:hi] in fold(text[a:b])


@settings(max_examples=200, deadline=None)
@given(NEWSY_TEXT, st.lists(st.integers(min_value=0, max_value=400), max_size=12),
       st.text(alphabet=INVISIBLES, min_size=12, max_size=12))
def test_invisible_characters_do_not_change_the_normalised_text(text, positions, invisibles):
    """Zero-width and bidi controls anywhere (inside words too) fold away entirely."""
    assert normalize(insert_at(text, positions, invisibles)).text == normalize(text).text


@settings(max_examples=200, deadline=None)
@given(NEWSY_TEXT)
def test_words_map_back_to_original_words(text):
    normalized = normalize(text)
    for match in re.finditer(r"[^\W_]+", normalized.text):
        a, b = normalized.span_to_original(match.start(), match.end())
        assert match.group() in fold(text[a:b])


# ---------------------------------------------------------------------- dates


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ANY_TEXT, NEWSY_TEXT), LANGUAGES, PUBLISHED)
def test_find_dates_never_crashes_and_returns_valid_iso_dates(text, language, published):
    for mention in find_dates(text, language, published):
        assert 0 <= mention.start <= mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        assert mention.value.precision in (1, 2, 3)
        if mention.value.iso is not None:
            day = dt.date.fromisoformat(mention.value.iso)
            assert 1 <= day.year <= 9999


AGO = {"ar": "قبل {n} أيام", "fr": "il y a {n} jours", "en": "{n} days ago"}


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)), st.integers(min_value=3, max_value=10),
       LANGUAGES)
def test_n_days_ago_is_exactly_n_days_before_publication(published, n, language):
    [mention] = find_dates(f"— {AGO[language].format(n=n)} —", language, published.isoformat())
    assert mention.value.iso == (published - dt.timedelta(days=n)).isoformat()


def test_arabic_n_days_ago_with_eleven_or_more_days():
    [mention] = find_dates("وقع الهجوم قبل 12 يوما", "ar", "2024-03-12")
    assert mention.value.iso == "2024-02-29"


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)), NEWSY_TEXT, NEWSY_TEXT)
def test_past_expressions_in_noise_never_resolve_after_publication(published, before, after):
    """A bare "yesterday" is the day before publication, unless the text anchors the writer's
    yesterday to a weekday ("أمس الأحد"): then every "yesterday" of the text is that day."""
    text = f"{before} . أمس . {after}"
    mentions = find_dates(text, "ar", published.isoformat())
    anchors = {m.value.iso for m in mentions if "أمس" in m.text and m.text.strip() != "أمس" and m.value.iso}
    expected = anchors if len(anchors) == 1 else anchors | {(published - dt.timedelta(days=1)).isoformat()}
    for mention in mentions:
        if mention.text.strip() == "أمس" and mention.value.iso:
            assert mention.value.iso in expected
            assert dt.date.fromisoformat(mention.value.iso) < published


# ---------------------------------------------------------------------- numbers


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, NEWSY_TEXT), LANGUAGES)
def test_find_numbers_never_crashes_and_spans_index_the_text(text, language):
    for mention in find_numbers(text, language):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        assert isinstance(mention.value, int) and mention.value >= 0


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["fr", "en"]))
def test_digits_round_trip_in_french_and_english(value, language):
    sentence = {"fr": "au moins {} personnes ont été tuées", "en": "{} people were killed"}[language]
    found = [m.value for m in find_numbers(sentence.format(value), language)]
    assert found == [value]


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.lists(st.integers(min_value=0, max_value=30), max_size=6),
       st.text(alphabet=INVISIBLES, min_size=6, max_size=6))
def test_invisible_characters_around_digits_keep_the_value_and_offsets(value, positions, invisibles):
    text = insert_at(f"قتل {value} شخصا", [p for p in positions if p <= 4], invisibles)
    [mention] = find_numbers(text, "ar")
    assert mention.value == value
    assert text[mention.start:mention.end] == mention.text


# ---------------------------------------------------------------------- the whole pipeline


@pytest.fixture(scope="module")
def resources():
    from marsad.pipeline import Resources

    return Resources.load()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(text=st.one_of(MUTATED_ARTICLES, NEWSY_TEXT, ANY_TEXT), language=st.one_of(st.none(), LANGUAGES),
       published=VALID_PUBLISHED)
@example(text="هاجم مسلحون مجهولون يوم الأحد 10 مارس 2024 قرية قرب مدينة غاو ما أسفر عن مقتل سبعة مدنيين",
         language=None, published="2024-03-12")
def test_fuzz_pipeline_never_raises_and_evidence_indexes_the_original(resources, text, language, published):
    doc = Document(id="fuzz", text=text, language=language, published=published)
    reports = extract_document(doc, resources)
    event("coded an event" if reports else "no event")
    for report in reports:
        assert 0 <= report.evidence_start <= report.evidence_end <= len(text)
        assert text[report.evidence_start:report.evidence_end] == report.evidence
        for mention in report.mentions:
            assert text[mention.start:mention.end] == mention.text
        if report.date:
            dt.date.fromisoformat(report.date)
        assert report.fatalities is None or report.fatalities >= 0


def test_invisibles_inside_arabic_words_keep_the_event(resources):
    text = (GAO_ATTACK.replace("هاجم", "ه\u200cاجم").replace("مقتل", "مق\u2060تل")
            .replace("مسلحون", "\u202eمسلحون\u202c"))
    [report] = extract_document(Document(id="zw", text=text, published="2024-03-12"), resources)
    assert (report.event_type, report.date, report.fatalities) == ("Violence against civilians", "2024-03-10", 7)
    assert text[report.evidence_start:report.evidence_end] == report.evidence


def test_zero_width_non_joiner_inside_a_place_name(resources):
    text = GAO_ATTACK.replace("غاو", "غ\u200cاو")
    [report] = extract_document(Document(id="zwnj", text=text, published="2024-03-12"), resources)
    assert report.location == "Gao"
