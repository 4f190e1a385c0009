"""French overnight ranges are dated by the night's first day (our own invented sentences)."""

from marsad.timex import find_dates


def _dates(text: str, published: str = "2025-07-09") -> list[tuple[str, str]]:
    return [(m.text, m.value.iso) for m in find_dates(text, "fr", published)]


def test_the_weekday_ending_a_night_is_no_date_of_its_own():
    assert _dates("Le poste a été attaqué dans la nuit de dimanche à lundi.") == [
        ("dans la nuit de dimanche", "2025-07-06")]
    assert _dates("Des tirs ont été entendus dans la nuit du samedi au dimanche.") == [
        ("dans la nuit du samedi", "2025-07-05")]


def test_two_days_named_without_a_night_stay_two_dates():
    assert [iso for _, iso in _dates("Des attaques ont visé Djibo lundi et Arbinda mardi.")] == [
        "2025-07-07", "2025-07-08"]
