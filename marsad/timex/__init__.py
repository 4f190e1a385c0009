"""Dates: recognition in Arabic, French and English and resolution to ISO with ACLED precision."""

from marsad.timex.dates import DateValue, days_told, find_dates
from marsad.timex.lexicon import TimexLexicon, load_timex_lexicon

__all__ = ["DateValue", "TimexLexicon", "days_told", "find_dates", "load_timex_lexicon"]
