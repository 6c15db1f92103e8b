"""The award summary (seed 003's "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG") as a report a clerk signs:
the issuing body's header, "Số", place and date, "BÁO CÁO" with the period as its trích yếu, the
two tables, Nơi nhận and the signature block. Plain data, so the PDF and the DOCX read no more.

Who issues it follows the scope: a bloc's summary is the bloc's (signed TM. by its leading
unit, as its reports are); an authority's or a province's is its emulation office's (Sở Nội vụ
under UBND tỉnh), signed by that office's head or KT. by a deputy; an authority without such an
office issues its own.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from awards import summary
from awards.summary import BY_ACHIEVEMENT, SummaryTable
from blocs.models import Organization

from . import decree30
from .bloc_report import default_recipients, short_name
from .unit_report import abbreviation

KIND = "BÁO CÁO"
SUBJECT = "Tổng hợp kết quả khen thưởng"
ARCHIVE = "Lưu: VT"
PEOPLES_COMMITTEE = re.compile(r"^(ủy|uỷ) ban nhân dân\s+", re.I)


@dataclass(frozen=True)
class AwardSummaryDocument(decree30.HeaderLines):
    table: SummaryTable
    parent_lines: list[str]
    issuer_lines: list[str]
    issuer_name: str  # in running text: "Sở Nội vụ tỉnh Đồng Tháp"
    symbol: str
    place: str
    year: int  # of the date line, left for the clerk to fill in the day and month
    whose: str  # "của các cơ quan thành viên Khối 4A"
    recipients: list[str]
    signature: decree30.Signature

    kind = KIND
    headers = summary.HEADERS
    proposed_headers = summary.PROPOSED_HEADERS
    total_label = summary.TOTAL_LABEL

    @property
    def date_line(self) -> str:
        return decree30.date_line(self.place, None, year=self.year)

    @property
    def period_words(self) -> str:
        """ "06 tháng đầu năm 2020", or "" for a range that is no reporting period."""
        return self.table.period_words

    @property
    def summary(self) -> str:
        """The trích yếu: "Tổng hợp kết quả khen thưởng 06 tháng đầu năm 2020"."""
        return " ".join(filter(None, (SUBJECT, self.period_words, self.whose)))

    @property
    def summary_note(self) -> str:
        """The dates or the achievement year under the trích yếu, without the table's brackets
        (the header puts its own)."""
        return self.table.period.strip("()")

    @property
    def lead(self) -> str:
        """ "Khối thi đua 4A tổng hợp kết quả khen thưởng … (từ ngày … đến hết ngày …) như sau:"."""
        words = (self.issuer_name, SUBJECT.lower(), self.whose, self.table.period, "như sau:")
        text = " ".join(filter(None, words))
        return text[0].upper() + text[1:]

    @property
    def ending(self) -> str:
        """The last paragraph, kept on the page of the signature block (Decree 30: "./.")."""
        subject = " ".join(filter(None, (SUBJECT.lower(), self.period_words, self.whose)))
        return f"Trên đây là báo cáo {subject}./."


def award_summary_document(table: SummaryTable) -> AwardSummaryDocument:
    """The table with the header, the Nơi nhận and the signer of whoever issues it."""
    # An achievement year's awards are decided after it ends: the line is dated then.
    after = table.year.end + timedelta(days=1) if table.basis == BY_ACHIEVEMENT else table.end
    year = after.year
    if table.bloc is not None:
        bloc = table.bloc
        return AwardSummaryDocument(
            table=table,
            parent_lines=[],
            issuer_lines=decree30.header_lines(bloc.name),
            issuer_name=bloc.name,
            symbol=decree30.symbol(None, f"BC-{bloc.code}"),
            place=decree30.place_name(bloc.authority),
            year=year,
            whose=f"của các cơ quan thành viên {short_name(bloc)}",
            recipients=default_recipients(bloc),
            signature=decree30.bloc_signature(bloc, table.year.number),
        )
    body = table.province or table.authority
    if body is None:  # every deciding body (an administrator's view): nobody issues it yet
        return AwardSummaryDocument(
            table, [], [], "", decree30.symbol(None, "BC"), "", year, "", [ARCHIVE],
            decree30.signature(None),
        )  # fmt: skip
    office = Organization.objects.filter(emulation_office_for=body).order_by("pk").first()
    issuer = office or body
    upper = body if office else body.parent
    if table.province is not None:
        whose = f"trên địa bàn {PEOPLES_COMMITTEE.sub('', body.name)}"
    else:
        whose = f"của {body.short_name or body.name}"  # "UBND tỉnh Đồng Tháp", as Decree 30 allows
    return AwardSummaryDocument(
        table=table,
        parent_lines=decree30.upper_body_lines(upper.name) if upper else [],
        issuer_lines=decree30.header_lines(issuer.name),
        issuer_name=issuer.name,
        symbol=decree30.symbol(None, f"BC-{abbreviation(issuer)}"),
        place=decree30.place_name(body),
        year=year,
        whose=whose,
        recipients=[body.name, ARCHIVE] if office else [ARCHIVE],
        signature=decree30.signature(decree30.unit_signer(issuer.pk)),
    )
