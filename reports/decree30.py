"""Pieces of the Decree 30/2020 layout shared by every report kind: text, not markup."""

import re
from dataclasses import dataclass
from datetime import date

from blocs.leadership import leader_on
from blocs.models import Organization, StaffAssignment

from .wording import place_and_date

NOTE = re.compile(r"\^\[([^\]]*)\]")  # a footnote written inline, Pandoc style: text^[note]
PLACE_PREFIXES = re.compile(
    r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)?\s*(tỉnh|thành phố|huyện|thị xã|quận)?\s*", re.I
)
# A body named after the place it serves ("Sở Giáo dục và Đào tạo tỉnh Đồng Tháp", "Phòng Giáo
# dục và Đào tạo huyện Cao Lãnh"): the first place named, in lower case ("Trường THPT Thành phố
# Cao Lãnh" names no place of its own).
PLACE_WORDS = r"(?:tỉnh|thành phố|huyện|thị xã|quận)"
PLACE_IN_NAME = re.compile(rf"\s{PLACE_WORDS}\s+(\S.*?)(?=\s{PLACE_WORDS}\s|$)")


class HeaderLines:
    """A document whose header holds an upper body's and an issuer's lines (`parent_lines`,
    `issuer_lines`): each column as one text, as the templates and the DOCX print it."""

    @property
    def parent(self) -> str:
        return "\n".join(self.parent_lines)

    @property
    def issuer(self) -> str:
        return "\n".join(self.issuer_lines)


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
    """Decree 30's signature block (Phụ lục I ô 7a–7c): the authority lines in bold above the
    space for the signature and the seal, then (under it) the signer's title and name."""

    on_behalf: str  # "TM. KHỐI THI ĐUA 4A", "KT. GIÁM ĐỐC", "Q. GIÁM ĐỐC", or ""
    role: str  # "KHỐI TRƯỞNG", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC"
    title: str  # under the space, for a collective: "PHÓ GIÁM ĐỐC\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"
    name: str

    def __post_init__(self):
        # Typed in a textarea (CRLF, blank lines, stray spaces): a "\r\n" printed a blank line
        # in the DOCX. One line break between lines, none at the ends.
        for part in ("on_behalf", "role", "title", "name"):
            setattr(self, part, _lines(getattr(self, part)))

    @property
    def authority(self) -> list[str]:
        """The bold lines above the space: "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"."""
        return [line for part in (self.on_behalf, self.role) for line in part.splitlines()]

    @property
    def signed(self) -> list[str]:
        """The lines under the space: the title (for a collective) and the name."""
        return [line for part in (self.title, self.name) for line in part.splitlines()]


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in str(text or "").splitlines() if line.strip())


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


CENTRAL_PLACE = "Hà Nội"  # Decree 30: the city where a central body sits
_ASK = object()  # bloc_signature: look the leader up


def place_name(authority: Organization | None) -> str:
    """The date line's place: a central body's city (Hà Nội), else the province or district the
    authority governs ("Ủy ban nhân dân tỉnh Đồng Tháp" → "Đồng Tháp") or that its name serves
    ("Sở Giáo dục và Đào tạo tỉnh Đồng Tháp" → "Đồng Tháp"). One rule for every kind: the
    bloc's report and a unit's, whose place is its superior body's."""
    if authority is None:
        return ""
    if authority.kind == Organization.Kind.CENTRAL:
        return CENTRAL_PLACE
    governed = PLACE_PREFIXES.sub("", authority.name).strip()
    if governed != authority.name:
        return governed or authority.name
    served = PLACE_IN_NAME.search(authority.name)
    return served[1] if served else authority.name


def bloc_place(bloc, leader) -> str:
    """Where a bloc's report is dated: the place its authority governs; a ministry's cluster of
    the provinces' departments reports from its leading department's province, not Hà Nội (a
    central council's cluster of provinces keeps Hà Nội, its council's city)."""
    parent = leader.parent if leader is not None else None
    central = bloc.authority.kind == Organization.Kind.CENTRAL
    if central and parent is not None and parent.kind == Organization.Kind.PROVINCE:
        return place_name(parent)
    return place_name(bloc.authority)


# Capitals of 13 pt type that fit one line of the header's left column (about 69 mm): in bold
# "BAN QUẢN LÝ KHU KINH TẾ" (23) fits, "SỞ KHOA HỌC VÀ CÔNG NGHỆ" (24) does not.
HEADER_CHARS = 23
UPPER_BODY_CHARS = 25  # regular type is narrower
# Where a name reads on: before "và", a place ("huyện Hồng Ngự", "thành phố Cao Lãnh", "vùng
# Đồng bằng", "sông Cửu Long") or a bracket, after a comma.
PHRASE_STARTS = {"VÀ", "HUYỆN", "TỈNH", "QUẬN", "THÀNH", "THỊ", "VÙNG", "SÔNG"}
# Decree 30 (Phụ lục I) lets the superior body's name abbreviate the common phrases.
COMMON_PHRASES = ((re.compile(r"ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN"), "UBND"),
                  (re.compile(r"HỘI ĐỒNG NHÂN DÂN"), "HĐND"))  # fmt: skip


def header_lines(name: str, limit: int = HEADER_CHARS) -> list[str]:
    """A name in capitals on as few lines as fit the header's left column, broken between
    phrases ("SỞ KHOA HỌC" / "VÀ CÔNG NGHỆ", never "SỞ KHOA HỌC VÀ CÔNG" / "NGHỆ"); when no
    phrase boundary fits, the earlier lines are kept as full as they can be."""
    words = name.upper().split()
    best: dict[int, tuple[float, list[str]]] = {0: (0, [])}  # words placed → (cost, lines)
    for end in range(1, len(words) + 1):
        options = []
        for start in range(end):
            line = " ".join(words[start:end])
            if len(line) > limit and end - start > 1:
                continue
            slack = (limit - len(line)) / 10 if end < len(words) else 0
            cost = best[start][0] + 100 + _break_cost(words, start) + slack
            options.append((cost, [*best[start][1], line]))
        best[end] = min(options, key=lambda option: option[0])
    return best[len(words)][1]


# Two-syllable words of agencies' and places' names: a line never ends inside one ("SỞ GIÁO" /
# "DỤC"), even at the cost of one more line.
COMPOUNDS = frozenset(
    tuple(pair.split())
    for pair in (
        "GIÁO DỤC", "ĐÀO TẠO", "ĐỒNG BẰNG", "CỬU LONG", "THI ĐUA", "KHEN THƯỞNG", "KHOA HỌC",
        "CÔNG NGHỆ", "NHÂN DÂN", "KẾ HOẠCH", "ĐẦU TƯ", "TÀI CHÍNH", "XÃ HỘI", "LAO ĐỘNG",
        "THƯƠNG BINH", "NỘI VỤ", "XÂY DỰNG", "CÔNG THƯƠNG", "NÔNG NGHIỆP", "PHÁT TRIỂN",
        "NÔNG THÔN", "TÀI NGUYÊN", "MÔI TRƯỜNG", "GIAO THÔNG", "VẬN TẢI", "VĂN HÓA", "THỂ THAO",
        "DU LỊCH", "Y TẾ", "TƯ PHÁP", "THÔNG TIN", "TRUYỀN THÔNG", "NGOẠI VỤ", "THANH TRA",
    )
)  # fmt: skip


def _break_cost(words: list[str], start: int) -> int:
    """How badly a line starting at `words[start]` cuts the name."""
    word = words[start]
    if start and (words[start - 1], word) in COMPOUNDS:
        return 150
    if start == 0 or word in PHRASE_STARTS or word[0] == "(" or words[start - 1].endswith(","):
        return 0
    if words[start - 1] == "-":  # "TÀI CHÍNH - / KẾ HOẠCH", but a dash may join one place's name
        return 3
    return 10


def upper_body_lines(name: str) -> list[str]:
    """The superior body over the issuer (regular type, first line of the header), with the
    phrases Decree 30 lets it abbreviate: "UBND TỈNH ĐỒNG THÁP"."""
    text = name.upper()
    for phrase, abbreviation in COMMON_PHRASES:
        text = phrase.sub(abbreviation, text)
    return header_lines(text, UPPER_BODY_CHARS)


def date_line(place: str, dated: date | None, *, year: int, month: int | None = None) -> str:
    """ "Đồng Tháp, ngày 18 tháng 6 năm 2020"; blanks left for the day (and month) until dated;
    without a place (nobody issues it yet) the date alone, as place_and_date writes it."""
    if dated:
        return place_and_date(place, dated)
    month_text = str(month) if month else "\u2003"
    when = f"ngày \u2003\u2003 tháng {month_text} năm {year}"
    return f"{place}, {when}" if place else when


def symbol(number: int | None, suffix: str) -> str:
    """ "12/BC-KTĐ4A", "01/BC-KTĐ4A" (Decree 30: a number below 10 takes a leading zero); a blank
    before the slash until the document is numbered."""
    return f"{number:02d}/{suffix}" if number else f"\u2003\u2003/{suffix}"


# A unit's head signs in person, an acting head next, else a deputy signs for the head.
SIGNING_ORDER = (
    StaffAssignment.SignsAs.HEAD,
    StaffAssignment.SignsAs.ACTING,
    StaffAssignment.SignsAs.DEPUTY,
)
UNIT_HEAD = "THỦ TRƯỞNG ĐƠN VỊ"  # the authority line while the unit has nobody to sign
DEPUTY_OR_ACTING = re.compile(r"^(phó|quyền)\s+", re.I)


def unit_signer(organization_id: int) -> StaffAssignment | None:
    """Who signs the unit's documents: its head, else its acting head, else the deputy who
    signs, from the staff allowed to sign. Staff with no signing capacity (a clerk) never."""
    staff = (
        StaffAssignment.objects.filter(
            organization_id=organization_id,
            can_sign=True,
            is_active=True,
            signs_as__in=SIGNING_ORDER,
        )
        .select_related("user", "organization")
        .order_by("pk")
    )
    return min(staff, key=lambda s: SIGNING_ORDER.index(s.signs_as), default=None)


def signature(
    staff: StaffAssignment | None, *, on_behalf_of: str = "", as_role: str = ""
) -> Signature:
    """The signature block for every kind of document (Decree 30 Art. 10, Phụ lục I):

    - for a collective body (a bloc): "TM. KHỐI THI ĐUA 4A" / "KHỐI TRƯỞNG", and under the
      space the signer's position and unit, then the name (as seed 000 signs);
    - the head: the position alone ("GIÁM ĐỐC");
    - an acting head: "Q. GIÁM ĐỐC";
    - a deputy: "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC".

    With nobody to sign the authority lines stay and the name is left blank for the clerk."""
    name = staff.user.get_full_name() if staff else ""
    position = " ".join(staff.position.split()).upper() if staff else ""
    if on_behalf_of:
        title = f"{position}\n{staff.organization.name.upper()}" if staff else ""
        return Signature(f"TM. {on_behalf_of.upper()}", as_role.upper(), title, name)
    head = DEPUTY_OR_ACTING.sub("", position)
    if staff is None or not head:
        return Signature("", UNIT_HEAD, "", name)
    if staff.signs_as == StaffAssignment.SignsAs.DEPUTY:
        return Signature(f"KT. {head}", position, "", name)
    if staff.signs_as == StaffAssignment.SignsAs.ACTING:
        return Signature(f"Q. {head}", "", "", name)
    return Signature("", position, "", name)


def bloc_signature(bloc, year: int, on: date | None = None, *, leader=_ASK) -> Signature:
    """The signer of the unit leading the bloc on the document's date `on` (undated: today
    within the year, else the year's end), its head or the deputy who signs, on behalf of the
    bloc: TM. KHỐI … / KHỐI TRƯỞNG. Never whoever happens to be preparing the report. A caller
    that already knows that leader passes it."""
    if leader is _ASK:
        leader = leader_on(bloc, year, on)
    role = "CỤM TRƯỞNG" if bloc.kind == bloc.Kind.CLUSTER else "KHỐI TRƯỞNG"
    staff = unit_signer(leader.pk) if leader else None
    return signature(staff, on_behalf_of=bloc.name, as_role=role)
