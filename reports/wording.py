"""Decree 30/2020 wording that the PDF and DOCX renderers of a context share."""

from datetime import date


def place_and_date(place: str, dated: date | None) -> str:
    """ "Đồng Tháp, ngày 05 tháng 3 năm 2020": a day below 10 and the months 1 and 2 get a
    leading zero (Nghị định 30/2020, Phụ lục I); undated, blanks to fill in by hand."""
    if dated is None:
        when = "ngày    tháng    năm"
    else:
        month = f"{dated.month:02d}" if dated.month <= 2 else str(dated.month)
        when = f"ngày {dated.day:02d} tháng {month} năm {dated.year}"
    return f"{place}, {when}" if place else when
