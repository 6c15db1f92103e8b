"""A unit's progress report (report kind e) as a Decree 30 document: plain data for the PDF and
the DOCX."""

from dataclasses import dataclass, field
from datetime import date

from blocs.models import StaffAssignment
from campaigns.dashboard import report_view
from emulation_portal.fields import format_vi_number, with_unit

from .wording import place_and_date


@dataclass
class Section:
    number: str
    title: str
    depth: int
    text: str = ""
    table: list[tuple] = field(default_factory=list)  # (STT, target, due, state, result)
    items: list[str] = field(default_factory=list)
    missing: bool = False


@dataclass
class UnitReport:
    parent: str
    issuer: str
    place: str
    dated: date | None
    title: str
    summary: str
    sections: list[Section]
    recipients: list[str]
    signer_title: str
    signer_name: str

    @property
    def place_date(self) -> str:
        return place_and_date(self.place, self.dated)


def unit_report(pk: int) -> UnitReport:
    view = report_view(pk)
    report, organization = view.report, view.report.organization
    rows = [
        (line.target.ordinal, line.target.text, line.target.due_text, line.get_state_display(),
         with_unit(line.achieved_value, line.target.unit))
        for line in view.lines
    ]  # fmt: skip
    documents = [f"Số {d.symbol} ngày {d.issued_on:%d/%m/%Y}: {d.title}" for d in view.documents]
    titles = [f"{t.award_type.name}: {t.count:02d} {t.award_type.unit_word}" for t in view.titles]
    computed = {"targets_table": ("table", rows), "documents_issued": ("items", documents),
                "titles_registered": ("items", titles)}  # fmt: skip
    sections = []
    for item in view.sections:
        section = Section(item["number"], item["title"], item["depth"])
        if item["kind"] == "computed":
            attribute, values = computed.get(item["source"], ("items", []))
            setattr(section, attribute, values)
            section.missing = not values
        elif item.get("answer") is not None:
            answer = item["answer"]
            section.text = (
                answer.text if item["kind"] != "statistic" else format_vi_number(answer.value)
            )
        sections.append(section)
    signer = (
        StaffAssignment.objects.filter(organization=organization, can_sign=True, is_active=True)
        .select_related("user")
        .first()
    )
    return UnitReport(
        parent=(organization.parent.name if organization.parent else "").upper(),
        issuer=organization.name.upper(),
        place=(organization.parent.name.split("tỉnh")[-1].strip() if organization.parent else ""),
        dated=report.submitted_at.date() if report.submitted_at else None,
        title=f"Kết quả thực hiện phong trào thi đua – {report.period.name.lower()}",
        summary=f"{report.bloc.name}",
        sections=sections,
        recipients=[f"Thư ký {report.bloc.name}", "Lưu: VT"],
        signer_title=(signer.position if signer else "").upper(),
        signer_name=signer.user.get_full_name() if signer else "",
    )
