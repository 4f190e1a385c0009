"""Dates: absolute and relative expressions in Arabic, French and English, with ACLED precision."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.timex import DateValue, find_dates

PUBLISHED = "2015-07-21"  # a Tuesday


def dates(text: str, language: str, published: str | None = PUBLISHED) -> list[tuple[str | None, int]]:
    return [(m.value.iso, m.value.precision) for m in find_dates(text, language, published)]


@pytest.mark.parametrize(("text", "expected"), [
    ("انفجرت العبوة في 15 يوليو 2015 قرب السوق", ("2015-07-15", 1)),
    ("وفي أغسطس 2014 سحبت القوة جنودها من القاعدة", ("2014-08-15", 3)),
    ("هاجم المسلحون القرية في فبراير الماضي", ("2015-02-15", 3)),
    ("وقع الاتفاق في يونيو (حزيران) الماضي", ("2015-06-15", 3)),
    ("وقعت الهجمات في كانون الثاني/يناير", ("2015-01-15", 3)),
    ("اعتقل في شهر نوفمبر (تشرين الثاني) من العام الماضي", ("2014-11-15", 3)),
    ("قتل الجنود في 3 آذار 2015", ("2015-03-03", 1)),
    ("اندلعت الاشتباكات في 12 نيسان", ("2015-04-12", 1)),
    ("نفذت العملية في 3 جويلية 2015", ("2015-07-03", 1)),
    ("وصل الوفد في 9 جوان", ("2015-06-09", 1)),
    ("في 20 أفريل عام 2014 هاجم المسلحون الثكنة", ("2014-04-20", 1)),
    ("أطلق سراحه في الخامس عشر من يوليو", ("2015-07-15", 1)),
    ("عقد الاجتماع في السابع من الشهر الحالي", ("2015-07-07", 1)),
    ("قتل خمسة جنود يوم الاثنين", ("2015-07-20", 1)),
    ("قتل 37 شخصا الجمعة الماضي", ("2015-07-17", 1)),
    ("قال الجيش أمس إن", ("2015-07-20", 1)),
    ("أعلنت الشرطة أول أمس", ("2015-07-19", 1)),
    ("سقطت القذائف البارحة على الحي", ("2015-07-20", 1)),
    ("طبق هذا التدبير الأسبوع الماضي", ("2015-07-16", 2)),
    ("رفضت المحكمة الشهر الماضي الطلب", ("2015-06-15", 3)),
    ("هاجمت الجماعة القرى مطلع يوليو (تموز)", ("2015-07-03", 2)),
    ("قتل 38 شخصا في منتصف يونيو الماضي", ("2015-06-15", 2)),
    ("أطلقت العملية قبل أسبوعين", ("2015-07-07", 2)),
    ("هاجم المسلحون الموقع ليلة 24 إلى 25 يونيو", ("2015-06-24", 1)),
])
def test_arabic_dates(text: str, expected: tuple[str, int]) -> None:
    assert dates(text, "ar") == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("L'attaque a eu lieu le 3 mars", ("2015-03-03", 1)),
    ("Le convoi est tombé dans une embuscade lundi dernier", ("2015-07-20", 1)),
    ("Les assaillants ont frappé hier", ("2015-07-20", 1)),
    ("Les faits remontent à avant-hier", ("2015-07-19", 1)),
    ("Le ministre l'a annoncé aujourd'hui", ("2015-07-21", 1)),
    ("dans la nuit du 24 au 25 juin, des hommes armés ont attaqué", ("2015-06-24", 1)),
    ("Deux civils ont été enlevés la semaine dernière", ("2015-07-16", 2)),
    ("Le camp a été attaqué en février dernier", ("2015-02-15", 3)),
    ("Les combats ont repris début juin", ("2015-06-03", 2)),
    ("Une mine a explosé mi-juin", ("2015-06-15", 2)),
    ("Le village a été attaqué il y a deux jours", ("2015-07-19", 1)),
    ("Le 1er juillet 2015, la base a été visée", ("2015-07-01", 1)),
])
def test_french_dates(text: str, expected: tuple[str, int]) -> None:
    assert dates(text, "fr") == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen attacked the village on March 3", ("2015-03-03", 1)),
    ("The army said last Monday that", ("2015-07-20", 1)),
    ("Police arrested him yesterday", ("2015-07-20", 1)),
    ("The minister spoke today", ("2015-07-21", 1)),
    ("The base was attacked last week", ("2015-07-16", 2)),
    ("Clashes broke out earlier this month", ("2015-07-15", 3)),
    ("Troops withdrew in August 2014", ("2014-08-15", 3)),
    ("The bomb went off on 15 July 2015", ("2015-07-15", 1)),
    ("The convoy was ambushed on July 14, 2015", ("2015-07-14", 1)),
    ("Militants stormed the town two days ago", ("2015-07-19", 1)),
    ("Fighting resumed in mid-June", ("2015-06-15", 2)),
    ("A suicide bomber struck on Friday", ("2015-07-17", 1)),
])
def test_english_dates(text: str, expected: tuple[str, int]) -> None:
    assert dates(text, "en") == [expected]


@pytest.mark.parametrize(("text", "language"), [
    ("مارس الجيش ضغوطا على المتمردين", "ar"),  # مارس = "exerted", not March
    ("وصل الوفد في اليوم التالي", "ar"),  # "the next day" is not "today"
    ("Thousands march through the capital", "en"),
    ("The talks may resume", "en"),
    ("The ceasefire has held for months.", "en"),
])
def test_ordinary_words_are_not_dates(text: str, language: str) -> None:
    assert dates(text, language) == []


def test_weekday_glued_to_a_date_is_one_mention() -> None:
    assert dates("mardi 14 juillet, des tirs ont été entendus", "fr") == [("2015-07-14", 1)]
    assert dates("أعلن الجيش أمس الاثنين", "ar") == [("2015-07-20", 1)]
    # the weekday wins when the feed date is later than the writing date
    assert dates("أعلن الجيش أمس الجمعة", "ar") == [("2015-07-17", 1)]


def test_day_month_without_year_near_publication_stays_in_that_year() -> None:
    assert dates("La réunion est prévue le 25 juillet", "fr") == [("2015-07-25", 1)]
    assert dates("Les combats du 3 décembre", "fr") == [("2014-12-03", 1)]


def test_relative_dates_without_publication_date_are_unresolved() -> None:
    assert dates("قتل جنديان أمس", "ar", published=None) == [(None, 1)]
    assert dates("في 15 يوليو 2015", "ar", published=None) == [("2015-07-15", 1)]


def test_numeric_dates_and_arabic_indic_digits() -> None:
    assert dates("Communiqué du 15/07/2015", "fr") == [("2015-07-15", 1)]
    assert dates("في ١٥ يوليو ٢٠١٥", "ar") == [("2015-07-15", 1)]


def test_mention_offsets_and_value_type() -> None:
    text = "وقال مسؤول إن الهجوم وقع يومَ الاثنينِ الماضي في القرية"
    [mention] = find_dates(text, "ar", PUBLISHED)
    assert isinstance(mention.value, DateValue)
    assert text[mention.start:mention.end] == mention.text
    assert "الاثنين" in mention.text and mention.kind == "date"


def test_no_date_no_mention() -> None:
    assert find_dates("هاجم مسلحون موقعا عسكريا شمال البلاد", "ar", PUBLISHED) == []


def test_hostile_input_does_not_crash() -> None:
    for text in ["", "31 فبراير 2015", "30/02/2015", "يوليو" * 500, "2015-13-45", "\u0640" * 50]:
        find_dates(text, "ar", "not-a-date")


WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
PAST_PHRASES = [("أمس", "ar"), ("أول أمس", "ar"), ("الأسبوع الماضي", "ar"), ("الشهر الماضي", "ar"),
                ("فبراير الماضي", "ar"), ("قبل ثلاثة أيام", "ar"), ("الجمعة الماضي", "ar"),
                ("hier", "fr"), ("la semaine dernière", "fr"), ("lundi dernier", "fr"), ("le mois dernier", "fr"),
                ("en mars dernier", "fr"), ("yesterday", "en"), ("last week", "en"), ("last Monday", "en"),
                ("last month", "en"), ("two days ago", "en"), ("earlier this month", "en")]


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)), st.sampled_from(range(7)))
def test_weekday_resolves_to_that_weekday_on_or_before_publication(published: dt.date, index: int) -> None:
    [mention] = find_dates(f"هاجم المسلحون القرية يوم {WEEKDAYS_AR[index]}", "ar", published.isoformat())
    resolved = dt.date.fromisoformat(mention.value.iso)
    assert resolved.isoweekday() == index + 1
    assert 0 <= (published - resolved).days < 7


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)), st.sampled_from(PAST_PHRASES))
def test_past_expressions_never_resolve_after_publication(published: dt.date, case: tuple[str, str]) -> None:
    phrase, language = case
    [mention] = find_dates(f"— {phrase} —", language, published.isoformat())
    assert mention.value.iso is not None
    assert dt.date.fromisoformat(mention.value.iso) <= published


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_absolute_dates_round_trip(day: dt.date) -> None:
    months_ar = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
                 "أكتوبر", "نوفمبر", "ديسمبر"]
    text = f"وقع الهجوم في {day.day} {months_ar[day.month - 1]} {day.year}"
    assert dates(text, "ar", published=None) == [(day.isoformat(), 1)]
