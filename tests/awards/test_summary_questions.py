"""The award summary answers the authority's questions (issue 14, Deliver 9).

Its title names the reporting period; it totals one province's recipients across every
deciding body, by achievement year or by decision date, with proposed next to approved; every
award and class is named as the law names it. The registry's bloc: test_registry_blocs.py.
"""

import io
from datetime import UTC, date, datetime

import openpyxl
import pytest

from awards.models import Award, AwardType, Nominee, Proposal
from awards.summary import award_summary, to_xlsx
from blocs.models import BlocMembership, Organization, Person
from campaigns.models import ReportingPeriod
from reports.award_summary import award_summary_document
from reports.documents.award_summary import to_pdf
from reports.word import award_summary_docx
from tests.awards.test_summary import H1_2020, URL, _reviewer_of, decision, figures, give
from tests.reports.test_registration_pdf import _text

pytestmark = pytest.mark.django_db


# 1. The title names the period -------------------------------------------------------------


def test_title_names_a_six_month_or_annual_reporting_period(demo):
    table = award_summary(**H1_2020)
    assert table.title == "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG 06 THÁNG ĐẦU NĂM 2020"
    assert table.period == "(từ ngày 01/01/2020 đến hết ngày 15/06/2020)"  # the line stays
    year = award_summary(start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert year.title == "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2020"
    march = award_summary(start=date(2020, 3, 1), end=date(2020, 3, 31))
    assert march.title == "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG"


def test_title_names_a_configured_reporting_period(demo):
    # Nghị định 09/2019: a six-month period from 15/12 of the year before to 14/06.
    ReportingPeriod.objects.create(
        authority=demo.org["DT"], year=2020, kind=ReportingPeriod.Kind.H1, name="Sơ kết 2020",
        start=date(2019, 12, 15), end=date(2020, 6, 14), due=date(2020, 6, 20),
    )  # fmt: skip
    table = award_summary(start=date(2019, 12, 15), end=date(2020, 6, 14))
    assert table.title == "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG 06 THÁNG ĐẦU NĂM 2020"


# 2. Words as the law writes them -----------------------------------------------------------


def _labels(table):
    return [group.label for group in table.groups] + [
        row.label for group in table.groups for row in group.rows
    ]


def test_rows_are_named_as_the_law_names_them_each_class_on_its_row(demo):
    dt, unit = demo.org["DT"], demo.org["DT-SXD"]
    middle = decision(dt, date(2020, 3, 10))
    for code, people in (("HCLD1", 1), ("HCLD2", 2), ("HCLD3", 3), ("HCDL2", 1)):
        give(code, middle, unit, people=people)
    give("BK_TINH", middle, unit, collectives=1)
    table = award_summary(**H1_2020)
    labels = _labels(table)
    assert not [label for label in labels if "Chiến sỹ" in label]
    assert "Chiến sĩ thi đua toàn quốc" in labels and "Chiến sĩ thi đua cấp tỉnh" in labels
    assert not [label for label in labels if "các hạng" in label and "Lao động" in label]
    got = figures(table)
    assert got["Huân chương Lao động hạng Nhất"] == (1, 0, 1)
    assert got["Huân chương Lao động hạng Nhì"] == (2, 0, 2)
    assert got["Huân chương Lao động hạng Ba"] == (3, 0, 3)
    assert got["Huân chương Độc lập hạng Nhì"] == (1, 0, 1)
    assert got["Bằng khen của Chủ tịch UBND tỉnh"] == (1, 1, 0)
    # The same words in the catalogue the forms and the registry show.
    assert AwardType.objects.get(code="BK_TINH").name == "Bằng khen của Chủ tịch UBND tỉnh"
    assert not AwardType.objects.filter(name__contains="Chiến sỹ").exists()


# 3. Scope: the recipients of a province across all deciding bodies -------------------------


@pytest.fixture
def provinces(demo):
    """Đồng Tháp's units and a district's school awarded by the province and by the State;
    An Giang's unit by the State."""
    dt, central, ag = demo.org["DT"], demo.org["TW-HDTDKT"], demo.org["AG"]
    ag_unit = Organization.objects.create(
        code="AG-SXD", name="Sở Xây dựng tỉnh An Giang", kind="department", parent=ag
    )
    school = demo.org["DT-HN-THTT"]  # under the district of Hồng Ngự, under the province
    province_decision = decision(dt, date(2020, 3, 10))
    state_decision = decision(central, date(2020, 4, 1))
    give("BK_TINH", province_decision, demo.org["DT-SXD"], collectives=2)
    give("BK_TINH", province_decision, school, people=1)
    give("BK_TTG", state_decision, demo.org["DT-SXD"], people=1)
    give("HCLD3", state_decision, school, collectives=1)
    give("BK_TTG", state_decision, ag_unit, collectives=4)
    return demo


def test_province_scope_counts_its_recipients_across_every_deciding_body(provinces):
    table = award_summary(**H1_2020, province=provinces.org["DT"])
    got = figures(table)
    assert got["Bằng khen của Chủ tịch UBND tỉnh"] == (3, 2, 1)
    assert got["Bằng khen của Thủ tướng Chính phủ"] == (1, 0, 1)  # An Giang's 4 are not here
    assert got["Huân chương Lao động hạng Ba"] == (1, 1, 0)
    assert table.total == 5
    assert table.scope == "Ủy ban nhân dân tỉnh Đồng Tháp"
    by_authority = award_summary(**H1_2020, authority=provinces.org["DT"])
    assert by_authority.total == 3  # the province's own decisions only
    assert award_summary(**H1_2020, province=provinces.org["AG"]).total == 4


def test_page_offers_the_province_scope_to_its_reviewer(client, provinces):
    client.force_login(provinces.reviewer)
    params = {"from": "01/01/2020", "to": "15/06/2020", "province": provinces.org["DT"].pk}
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["table"].total == 5
    assert response.context["province"] == provinces.org["DT"]
    assert [p.code for p in response.context["provinces"]] == ["DT"]


def test_a_reviewer_of_one_province_may_not_total_another_provinces_recipients(client, provinces):
    client.force_login(_reviewer_of("AG-SNV", provinces))
    dt = provinces.org["DT"].pk
    for extra in ({}, {"format": "xlsx"}):
        assert client.get(URL, {"province": dt, **extra}).status_code == 403
        assert client.get(URL, {"province": dt, "basis": "achievement", "year": "2020",
                                **extra}).status_code == 403  # fmt: skip
    response = client.get(URL, {"from": "01/01/2020", "to": "15/06/2020",
                                "province": provinces.org["AG"].pk})  # fmt: skip
    assert response.status_code == 200
    assert response.context["table"].total == 4
    # The secretariat of a bloc totals its bloc, not a province.
    client.force_login(provinces.secretariat)
    assert client.get(URL, {"from": "01/01/2020", "to": "15/06/2020",
                            "province": dt}).status_code == 403  # fmt: skip


def test_scope_is_one_of_authority_province_bloc(client, provinces):
    client.force_login(provinces.reviewer)
    dt = provinces.org["DT"].pk
    response = client.get(URL, {"authority": dt, "province": dt})
    assert response.status_code == 200
    assert "Chỉ chọn một" in response.content.decode()
    assert response.context["table"] is None


# 4. Achievement year or decision date ------------------------------------------------------


@pytest.fixture
def late(demo):
    """Khối 4A's 2023 awards decided on 20/01/2024 (members in 2023 and 2024)."""
    for year in (2023, 2024):
        BlocMembership.objects.bulk_create(
            BlocMembership(bloc=demo.bloc, organization=m.organization, year=year, role=m.role)
            for m in BlocMembership.objects.filter(bloc=demo.bloc, year=2020)
        )
    decided = decision(demo.org["DT"], date(2024, 1, 20))
    award_type = AwardType.objects.get(code="BK_TINH")
    Award.objects.bulk_create(
        Award(award_type=award_type, year=2023, decision=decided, organization=demo.org[code])
        for code in ("DT-SXD", "DT-SCT")
    )
    return demo


def test_a_blocs_2023_awards_decided_in_2024(late):
    bloc = late.bloc
    by_year = award_summary(year=2023, bloc=bloc)
    assert by_year.total == 2
    assert by_year.title == "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2023"
    assert by_year.period == "(khen thưởng thành tích năm 2023)"
    assert award_summary(year=2024, bloc=bloc).total == 0
    in_2024 = {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}
    assert award_summary(**in_2024, bloc=bloc).total == 2
    assert award_summary(start=date(2023, 1, 1), end=date(2023, 12, 31), bloc=bloc).total == 0


def test_page_offers_both_bases_labelled(client, late):
    client.force_login(late.reviewer)
    html = client.get(URL).content.decode()
    assert "Ngày ký quyết định" in html and "Năm thành tích" in html
    params = {"basis": "achievement", "year": "2023", "bloc": late.bloc.pk}
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["table"].total == 2
    assert "KẾT QUẢ KHEN THƯỞNG NĂM 2023" in response.content.decode()
    by_date = client.get(URL, {"from": "01/01/2024", "to": "31/12/2024", "bloc": late.bloc.pk})
    assert by_date.context["table"].total == 2
    ws = openpyxl.load_workbook(io.BytesIO(client.get(URL, {**params, "format": "xlsx"}).content))
    assert ws.active["A1"].value == "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2023"


@pytest.mark.parametrize("year", ["abc", "20233", "0"])
def test_a_bad_achievement_year_is_a_message(client, late, year):
    client.force_login(late.reviewer)
    response = client.get(URL, {"basis": "achievement", "year": year})
    assert response.status_code == 200
    assert 'data-testid="award-summary-error"' in response.content.decode()


# 5. Proposed versus approved ---------------------------------------------------------------


def _proposal(demo, *, status, year=2020, submitted=datetime(2020, 3, 2, tzinfo=UTC)):
    return Proposal.objects.create(
        proposer=demo.org["DT-SXD"], authority=demo.org["DT"], kind="annual", year=year,
        title="Đề nghị khen thưởng", status=status,
        submitted_at=submitted if status != Proposal.Status.DRAFT else None,
    )  # fmt: skip


def _nominate(proposal, code, *, people=0, collectives=0, verdict=Nominee.Verdict.PENDING):
    """Nominees of the proposer: the unit itself once per collective, a new person each."""
    award_type = AwardType.objects.get(code=code)
    unit = proposal.proposer
    common = {"proposal": proposal, "award_type": award_type, "verdict": verdict,
              "achievement": "Hoàn thành xuất sắc nhiệm vụ"}  # fmt: skip
    for _ in range(collectives):
        Nominee.objects.create(organization=unit, **common)
    for _ in range(people):
        person = Person.objects.create(full_name="Lê Thị C", organization=unit)
        Nominee.objects.create(person=person, **common)


@pytest.fixture
def proposed(demo):
    submitted = _proposal(demo, status=Proposal.Status.RECEIVED)
    _nominate(submitted, "BK_TINH", people=3, collectives=1)
    _nominate(submitted, "HCLD3", people=1)
    _nominate(submitted, "BK_TINH", people=1, verdict=Nominee.Verdict.WITHDRAWN)
    _nominate(_proposal(demo, status=Proposal.Status.DRAFT), "BK_TINH", people=5)
    give("BK_TINH", decision(demo.org["DT"], date(2020, 4, 1)), demo.org["DT-SXD"], people=2)
    return demo


def _proposed(table):
    return {row.label: (row.proposed, row.total) for g in table.groups for row in g.rows}


def test_proposed_next_to_approved_per_award_type(proposed):
    table = award_summary(**H1_2020, authority=proposed.org["DT"])
    got = _proposed(table)
    assert got["Bằng khen của Chủ tịch UBND tỉnh"] == (4, 2)  # no draft, nobody withdrawn
    assert got["Huân chương Lao động hạng Ba"] == (1, 0)
    assert got["Cờ thi đua của Chính phủ"] == (0, 0)
    assert table.proposed == 5
    by_year = award_summary(year=2020, bloc=proposed.bloc)
    assert _proposed(by_year)["Bằng khen của Chủ tịch UBND tỉnh"] == (4, 2)
    assert award_summary(year=2021, bloc=proposed.bloc).proposed == 0
    assert award_summary(**H1_2020, province=proposed.org["AG"]).proposed == 0
    later = award_summary(start=date(2020, 6, 16), end=date(2020, 12, 31))
    assert later.proposed == 0  # submitted on 02/03/2020


@pytest.mark.parametrize("awards", [5, 100])
def test_one_aggregate_query_per_table(proposed, awards, django_assert_max_num_queries):
    give("BK_TINH", decision(proposed.org["DT"], date(2020, 5, 1)), proposed.org["DT-SXD"],
         collectives=awards)  # fmt: skip
    for scope in ({"authority": proposed.org["DT"]}, {"bloc": proposed.bloc},
                  {"province": proposed.org["DT"]}):  # fmt: skip
        # The award table, the proposal table; the range is one of the defaults (no lookup).
        with django_assert_max_num_queries(2):
            award_summary(**H1_2020, **scope)
        with django_assert_max_num_queries(2):
            award_summary(year=2020, **scope)


# 8. Every format shows the same rows -------------------------------------------------------


def _pdf_lines(table, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(to_pdf(award_summary_document(table)))
    return " ".join(_text(path).split())


def test_pdf_docx_and_xlsx_carry_the_title_rows_and_the_proposals(proposed, tmp_path):
    from docx import Document

    table = award_summary(**H1_2020, authority=proposed.org["DT"])
    pdf = _pdf_lines(table, tmp_path)
    assert "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG 06 THÁNG ĐẦU NĂM 2020" in pdf
    assert "Bằng khen của Chủ tịch UBND tỉnh 2 0 2" in pdf
    assert "Huân chương Lao động hạng Ba 0 0 0" in pdf
    assert "ĐỀ NGHỊ VÀ KẾT QUẢ KHEN THƯỞNG" in pdf
    assert "Bằng khen của Chủ tịch UBND tỉnh 4 2" in pdf
    assert "Chiến sỹ" not in pdf

    document = Document(io.BytesIO(award_summary_docx(award_summary_document(table))))
    paragraphs = [p.text for p in document.paragraphs]
    assert "I. TỔNG HỢP KẾT QUẢ KHEN THƯỞNG 06 THÁNG ĐẦU NĂM 2020" in paragraphs
    assert "II. ĐỀ NGHỊ VÀ KẾT QUẢ KHEN THƯỞNG" in paragraphs
    _header, *tables, _closing = document.tables  # the Decree 30 header and closing around them
    awarded, compared = ([[c.text for c in r.cells] for r in t.rows] for t in tables)
    assert ["4", "Bằng khen của Chủ tịch UBND tỉnh", "2", "0", "2", ""] in awarded
    assert ["4", "Bằng khen của Chủ tịch UBND tỉnh", "4", "2", ""] in compared

    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    first, second = book.worksheets
    assert first["A1"].value == table.title
    assert second.title == "Đề nghị và khen thưởng"
    rows = list(second.iter_rows(values_only=True))
    assert (4, "Bằng khen của Chủ tịch UBND tỉnh", 4, 2, None) in rows
    assert [r[1] for r in awarded[1:]] == [r[1] for r in compared[1:]]
