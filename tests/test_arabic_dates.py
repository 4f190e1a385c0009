"""Relative dates count from the day the writer names ("اليوم (الجمعة)"), not a later crawl stamp."""

from marsad.timex import find_dates


def _isos(text: str, published: str) -> list[str | None]:
    return [m.value.iso for m in find_dates(text, "ar", published)]


def test_today_with_weekday_in_brackets_sets_the_writing_day():
    # stamped Tuesday 2024-03-12; the writer says today is Friday (2024-03-08)
    text = "قتل ثمانية أشخاص اليوم (الجمعة) في هجوم على سوق. ووقع هجوم آخر مساء الخميس قرب الحدود."
    assert _isos(text, "2024-03-12") == ["2024-03-08", "2024-03-07"]


def test_yesterday_with_weekday_moves_later_relative_dates():
    text = ("أفاد مسؤولون أمنيون يوم أمس (الثلاثاء) بأن الشرطة اعتقلت عشرة مشتبه بهم. "
            "وكانت الشرطة قد اعتقلت رجلا يوم الأحد الماضي في بلدة صغيرة.")
    # written Wednesday 2024-03-06, stamped Monday 2024-03-11
    assert _isos(text, "2024-03-11") == ["2024-03-05", "2024-03-03"]


def test_consistent_weekday_leaves_the_stamp_alone():
    text = "أعلن الجيش اليوم الاثنين مقتل خمسة مسلحين، بعد هجوم وقع أمس."
    assert _isos(text, "2024-03-11") == ["2024-03-11", "2024-03-10"]


def test_day_after_tomorrow_weekday_is_in_the_future():
    text = "قال متحدث أمس الجمعة إن الرئيس سيسافر بعد غد الاثنين إلى نيامي."
    assert _isos(text, "2024-03-12") == ["2024-03-08", "2024-03-11"]


def test_no_weekday_keeps_the_stamp():
    assert _isos("قتل ثلاثة جنود أمس في كمين", "2024-03-12") == ["2024-03-11"]
