"""A unit's progress report (report kind e) as a Decree 30 document: plain data for the PDF and
the DOCX, filled from the unit's own records (its targets, titles, awards, issued documents and
answers); sections with nothing to say are left out."""

import re
from dataclasses import dataclass, field
from datetime import date

from awards.models import Award
from campaigns.dashboard import report_view
from campaigns.exporter import roman
from emulation_portal.fields import format_vi_number, with_unit

from . import decree30
from .wording import place_and_date

# Said once, in place of the sections, when the unit has recorded nothing for the period.
NOTHING_REPORTED = "Trong kỳ báo cáo, đơn vị chưa có nội dung, số liệu để báo cáo."
TITLES_LEAD = "Đơn vị đăng ký danh hiệu thi đua:"
# (header, mm, may be dropped when no target has it); 0 mm = the rest of the width.
TARGET_COLUMNS = (
    ("STT", 12, False),
    ("Chỉ tiêu", 0, False),
    ("Thời hạn", 28, True),
    ("Tình hình", 30, False),
    ("Kết quả", 30, True),
)
NUMBER = re.compile(r"(?P<word>\D*?)(?P<value>[IVXLCDM]+|\d+|[a-zđ])(?P<end>[.)]?)")
LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese lettered items: a), b), … đ), e), g)


@dataclass
class Section:
    number: str
    title: str
    depth: int
    text: str = ""
    table: decree30.Table | None = None
    items: list[str] = field(default_factory=list)
    children: bool = False  # a heading over kept subsections

    @property
    def has_content(self) -> bool:
        return bool(self.text or self.table or self.items)


@dataclass
class UnitReport(decree30.HeaderLines):
    parent_lines: list[str]
    issuer_lines: list[str]
    symbol: str
    place: str
    dated: date | None
    title: str
    summary: str
    sections: list[Section]
    recipients: list[str]
    signature: decree30.Signature

    @property
    def place_date(self) -> str:
        return place_and_date(self.place, self.dated)

    @property
    def nothing_reported(self) -> str:
        return "" if self.sections else NOTHING_REPORTED


def unit_report(pk: int) -> UnitReport:
    view = report_view(pk)
    report, organization = view.report, view.report.organization
    titles = [f"{t.award_type.name}: {t.count:02d} {t.award_type.unit_word}" for t in view.titles]
    sources = {item["source"] for item in view.sections if item["kind"] == "computed"}
    sections = []
    for item in view.sections:
        section = Section(item["number"], item["title"], item["depth"])
        source = item.get("source") if item["kind"] == "computed" else None
        if source == "targets_table":
            section.table = _targets_table(view.lines)
            if "titles_registered" not in sources and titles:
                # The outline has no place of its own for the titles: they are targets too.
                section.text, section.items = TITLES_LEAD, titles
        elif source == "titles_registered":
            section.items = titles
        elif source == "awards_received":
            section.items = _awards(organization, report.period)
        elif source == "documents_issued":
            section.items = [
                f"Số {d.symbol} ngày {d.issued_on:%d/%m/%Y}: {d.title}" for d in view.documents
            ]
        elif item.get("answer") is not None:
            answer = item["answer"]
            section.text = (
                answer.text if item["kind"] != "statistic" else format_vi_number(answer.value)
            )
        sections.append(section)
    parent = organization.parent
    return UnitReport(
        parent_lines=decree30.upper_body_lines(parent.name) if parent else [],
        issuer_lines=decree30.header_lines(organization.name),
        symbol=decree30.symbol(None, f"BC-{abbreviation(organization)}"),
        place=decree30.place_name(parent),
        dated=report.submitted_at.date() if report.submitted_at else None,
        title=f"Kết quả thực hiện phong trào thi đua – {_running(report.period.name)}",
        summary=f"{report.bloc.name}",
        sections=_ended(_renumbered(_kept(sections))),
        recipients=[f"Thư ký {report.bloc.name}", "Lưu: VT"],
        signature=decree30.signature(decree30.unit_signer(organization.pk)),
    )


def _running(name: str) -> str:
    """A period's name inside a sentence: its first letter lowered, the rest as written
    ("học kỳ I", "Đồng Tháp" keep their capitals)."""
    return name[:1].lower() + name[1:]


def abbreviation(organization) -> str:
    """The unit's part of the document symbol: the last part of its code ("DT-SXD" → "SXD"),
    the code's own abbreviation of the unit as Decree 30 (Phụ lục III) writes it."""
    return organization.code.rsplit("-", 1)[-1]


def _targets_table(lines: list) -> decree30.Table | None:
    """The unit's targets with their state and result; a column no target fills is left out
    rather than printed empty."""
    if not lines:
        return None
    rows = [
        (str(line.target.ordinal), line.target.text, line.target.due_text,
         line.get_state_display(), with_unit(line.achieved_value, line.target.unit))
        for line in lines
    ]  # fmt: skip
    kept = [
        index
        for index, (_, _, optional) in enumerate(TARGET_COLUMNS)
        if not optional or any(row[index] for row in rows)
    ]
    return decree30.Table(
        columns=[TARGET_COLUMNS[i][0] for i in kept],
        rows=[[row[i] for i in kept] for row in rows],
        widths=tuple(TARGET_COLUMNS[i][1] for i in kept),
    )


def _awards(organization, period) -> list[str]:
    """Awards to the unit and its people by decisions dated within the period, one line per
    decision and award type."""
    awards = (
        Award.objects.filter(
            organization=organization,
            decision__status="issued",
            decision__dated__range=(period.start, period.end),
        )
        .select_related("decision", "award_type")
        .order_by("decision__dated", "decision__number", "award_type__summary_order", "pk")
    )
    groups: dict[tuple, list] = {}  # (decision, award type) → [award, collective?, people]
    for award in awards:
        group = groups.setdefault((award.decision_id, award.award_type_id), [award, False, 0])
        if award.person_id:
            group[2] += 1
        else:
            group[1] = True
    lines = []
    for award, collective, people in groups.values():
        whom = ["tập thể đơn vị"] if collective else []
        if people:
            whom.append(f"{people:02d} cá nhân")
        decision = award.decision
        lines.append(
            f"{award.award_type.name}: {' và '.join(whom)} (Quyết định số {decision.symbol} ngày "
            f"{decision.dated:%d/%m/%Y})"
        )
    return lines


def _kept(sections: list[Section]) -> list[Section]:
    """The sections with something to say, and the headings over them."""
    kept = []
    for index, section in enumerate(sections):
        below = []
        for later in sections[index + 1 :]:
            if later.depth <= section.depth:
                break
            below.append(later)
        section.children = any(s.has_content for s in below)
        if section.has_content or section.children:
            kept.append(section)
    return kept


def _ended(sections: list[Section]) -> list[Section]:
    """Decree 30 ends the text with "./.": after the last line of the last section that has
    lines (items or paragraphs; a table cannot carry it)."""
    for section in reversed(sections):
        if section.items:
            section.items[-1] = _end(section.items[-1])
            return sections
        lines = section.text.rstrip().splitlines()
        if lines:
            section.text = "\n".join([*lines[:-1], _end(lines[-1])])
            return sections
    return sections


def _end(line: str) -> str:
    line = line.rstrip()
    return line if line.endswith("./.") else f"{line.rstrip('.')}./."


def _renumbered(sections: list[Section]) -> list[Section]:
    """Numbers in order once sections are left out ("I, II, III", not "I, III"), each in the
    style the outline numbers that level ("Phần I", "I", "1", "a")."""
    counters: dict[int, int] = {}
    for section in sections:
        counters = {depth: n for depth, n in counters.items() if depth <= section.depth}
        counters[section.depth] = ordinal = counters.get(section.depth, 0) + 1
        match = NUMBER.fullmatch(section.number)
        if not match:
            continue
        value = match["value"]
        if value.isdigit():
            value = str(ordinal)
        elif value in LETTERS and len(value) == 1 and value.islower():
            value = LETTERS[ordinal - 1] if ordinal <= len(LETTERS) else value
        else:
            value = roman(ordinal)
        section.number = f"{match['word']}{value}{match['end']}"
    return sections
