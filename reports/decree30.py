"""Pieces of the Decree 30/2020 layout shared by every report kind: text, not markup."""

import re
from dataclasses import dataclass
from datetime import date

from blocs.models import BlocMembership, Organization, StaffAssignment

from .wording import place_and_date

NOTE = re.compile(r"\^\[([^\]]*)\]")  # a footnote written inline, Pandoc style: text^[note]
PLACE_PREFIXES = re.compile(
    r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)?\s*(tỉnh|thành phố|huyện|thị xã|quận)?\s*", re.I
)


@dataclass
class Run:
    text: str
    note: str = ""  # a footnote attached right after the text


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    bold_rows: tuple[int, ...] = ()  # indexes of group or total rows
    widths: tuple[int, ...] = ()  # mm per column, 0 = the rest; fixed widths lay out faster


@dataclass
class Signature:
    on_behalf: str  # "TM. KHỐI THI ĐUA 4A"
    role: str  # "KHỐI TRƯỞNG"
    title: str  # "PHÓ GIÁM ĐỐC\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"
    name: str


def paragraphs(text: str) -> list[list[Run]]:
    """User text as paragraphs of runs, each footnote `^[…]` split off onto the run before it."""
    result = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        runs, position = [], 0
        for match in NOTE.finditer(line):
            runs.append(Run(line[position : match.start()], match[1].strip()))
            position = match.end()
        if position < len(line):
            runs.append(Run(line[position:]))
        result.append(runs)
    return result


def place_name(authority: Organization | None) -> str:
    """ "Ủy ban nhân dân tỉnh Đồng Tháp" → "Đồng Tháp", as the place line writes it."""
    if authority is None:
        return ""
    return PLACE_PREFIXES.sub("", authority.name).strip() or authority.name


def date_line(place: str, dated: date | None, *, year: int, month: int | None = None) -> str:
    """ "Đồng Tháp, ngày 18 tháng 6 năm 2020"; blanks left for the day (and month) until dated."""
    if dated:
        return place_and_date(place, dated)
    month_text = str(month) if month else "\u2003"
    return f"{place}, ngày \u2003\u2003 tháng {month_text} năm {year}"


def symbol(number: int | None, suffix: str) -> str:
    """ "12/BC-KTĐ4A", "01/BC-KTĐ4A" (Decree 30: a number below 10 takes a leading zero); a blank
    before the slash until the document is numbered."""
    return f"{number:02d}/{suffix}" if number else f"\u2003\u2003/{suffix}"


def bloc_signature(bloc, year: int) -> Signature:
    """The leading unit's signer that year, on behalf of the bloc (TM. KHỐI … / KHỐI TRƯỞNG)."""
    leader = (
        BlocMembership.objects.filter(bloc=bloc, year=year, role=BlocMembership.Role.LEADER)
        .select_related("organization")
        .first()
    )
    signer = (
        StaffAssignment.objects.filter(
            organization_id=leader.organization_id, can_sign=True, is_active=True
        )
        .select_related("user", "organization")
        .order_by("pk")
        .first()
        if leader
        else None
    )
    role = "CỤM TRƯỞNG" if bloc.kind == bloc.Kind.CLUSTER else "KHỐI TRƯỞNG"
    if signer is None:
        return Signature(f"TM. {bloc.name.upper()}", role, "", "")
    title = f"{signer.position.upper()}\n{signer.organization.name.upper()}".strip()
    return Signature(f"TM. {bloc.name.upper()}", role, title, signer.user.get_full_name())
