"""The bloc report's figures (issue 14): each target from its last reported state, rows that add
up, targets and titles in separate columns reconciling with Phụ lục 1, totals across units,
bloc-wide sentences without a unit prefix, place and recipients, and the web page's links.

The expected figures are counted here with plain queries, independently of the Builder."""

import datetime
import re

import pytest
from django.urls import reverse

from blocs.models import Bloc, BlocMembership, Organization
from campaigns import progress
from reports import services
from reports.bloc_report import HANDED_IN, _pct, bloc_report
from tests import progress_models as pm

pytestmark = pytest.mark.django_db
COUNTED = ["Chỉ tiêu đăng ký", "Hoàn thành", "Đang thực hiện", "Quá hạn",
           "Không đạt, điều chỉnh", "Chưa báo cáo"]  # fmt: skip


@pytest.fixture
def world(full_demo):
    return full_demo


def period(kind: str) -> pm.ReportingPeriod:
    return pm.ReportingPeriod.objects.get(authority__code="DT", year=2020, kind=kind)


def targets_section(report):
    return next(s for s in report.sections if s.table and "Chỉ tiêu đăng ký" in s.table.columns)


def table_by_unit(report) -> dict[str, dict[str, str]]:
    table = targets_section(report).table
    return {row[1]: dict(zip(table.columns, row, strict=True)) for row in table.rows}


@pytest.fixture
def six_month_only(world):
    """The demo without its annual reports: the year as it stands before units report on it."""
    pm.ProgressReport.objects.filter(period=period("annual")).delete()


@pytest.fixture
def annual_reports(world, six_month_only):
    """Two units report for the year: Sở KH&CN hands in (two targets done since June, one not
    achieved, one dropped), Sở GTVT's report stays a draft and so does not count."""
    annual = period("annual")
    reports = {}
    for code in ("DT-SKHCN", "DT-SGTVT"):
        reports[code] = progress.report_open(
            period=annual, bloc=world.bloc, organization=world.org[code], actor=world.secretariat
        )
    lines = list(reports["DT-SKHCN"].progress.exclude(state__in=pm.TargetProgress.DONE_STATES))
    for line, state in zip(lines, [pm.State.DONE, pm.State.DONE_LATE, pm.State.NOT_ACHIEVED,
                                   pm.State.DROPPED], strict=False):  # fmt: skip
        line.state = state
        line.save(update_fields=["state"])
    pm.TargetProgress.objects.filter(report=reports["DT-SGTVT"]).update(state=pm.State.DONE)
    for event in ("submit", "accept"):
        progress.report_transition(report=reports["DT-SKHCN"], event=event, actor=world.secretariat)
    return reports


def independent_counts(bloc: Bloc, on: pm.ReportingPeriod) -> dict[str, dict[str, int]]:
    """Per unit: each registered target's latest state among the bloc's handed-in reports of the
    year up to the period's end, classified once."""
    result = {}
    members = BlocMembership.objects.filter(bloc=bloc, year=on.year)
    for organization in Organization.objects.filter(memberships__in=members):
        counts = dict.fromkeys(COUNTED, 0)
        targets = pm.Target.objects.filter(
            registration__bloc=bloc,
            registration__campaign__year=on.year,
            registration__organization=organization,
        )
        for target in targets:
            counts["Chỉ tiêu đăng ký"] += 1
            last = (
                pm.TargetProgress.objects.filter(
                    target=target,
                    report__bloc=bloc,
                    report__status__in=pm.HANDED_IN,
                    report__period__year=on.year,
                    report__period__end__lte=on.end,
                )
                .order_by("-report__period__end")
                .first()
            )
            if last is None:
                counts["Chưa báo cáo"] += 1
            elif last.state in pm.TargetProgress.DONE_STATES:
                counts["Hoàn thành"] += 1
            elif last.state in (pm.State.NOT_ACHIEVED, pm.State.DROPPED):
                counts["Không đạt, điều chỉnh"] += 1
            elif target.due_end and target.due_end < on.end:
                counts["Quá hạn"] += 1
            else:
                counts["Đang thực hiện"] += 1
        counts["Danh hiệu đăng ký"] = pm.TitleRegistration.objects.filter(
            registration__bloc=bloc,
            registration__campaign__year=on.year,
            registration__organization=organization,
        ).count()
        result[organization.name] = counts
    return result


def printed(row: dict[str, str]) -> dict[str, int]:
    return {column: int(row.get(column, "0")) for column in [*COUNTED, "Danh hiệu đăng ký"]}


@pytest.mark.parametrize("kind", ["h1", "annual"])
def test_figures_match_an_independent_count(world, annual_reports, kind,
                                            django_assert_max_num_queries):  # fmt: skip
    reported = period(kind)
    with django_assert_max_num_queries(25):
        report = bloc_report(world.bloc, reported)
    expected = independent_counts(world.bloc, period(kind))
    rows = table_by_unit(report)
    assert {name: printed(rows[name]) for name in expected} == expected
    total = printed(rows["Cộng"])
    for column in total:
        assert total[column] == sum(counts[column] for counts in expected.values()), column


def test_annual_report_continues_from_the_six_month_states(world, six_month_only):
    """No annual report handed in: every target keeps its six-month state (11 done), instead of
    "0/8 cơ quan … hoàn thành 0 … quá hạn 10"."""
    section = targets_section(bloc_report(world.bloc, period("annual")))
    total = dict(zip(section.table.columns, section.table.rows[-1], strict=True))
    assert total["Hoàn thành"] == "11"
    assert "hoàn thành 11 chỉ tiêu (17,5%)" in section.figures
    # The sentence says what the figures rest on, truthfully.
    assert (
        "theo báo cáo kỳ này của 0/8 cơ quan và báo cáo gần nhất của 8 cơ quan chưa gửi báo cáo "
        "kỳ này (Sơ kết 6 tháng đầu năm 2020)" in section.figures
    )


def test_the_sentence_counts_this_period_s_reports(world, annual_reports):
    figures = targets_section(bloc_report(world.bloc, period("annual"))).figures
    # Read "8/8 (7 chưa gửi)" before: the count is this period's reports, then the others'.
    assert (
        "theo báo cáo kỳ này của 1/8 cơ quan và báo cáo gần nhất của 7 cơ quan chưa gửi báo cáo "
        "kỳ này (Sơ kết 6 tháng đầu năm 2020)" in figures
    )


@pytest.mark.parametrize("kind", ["h1", "annual"])
def test_every_row_adds_up(world, kind):
    for name, row in table_by_unit(bloc_report(world.bloc, period(kind))).items():
        counts = printed(row)
        parts = sum(counts[c] for c in COUNTED[1:])
        assert parts == counts["Chỉ tiêu đăng ký"], (name, row)


def test_targets_and_titles_reconcile_with_phu_luc_1(world):
    """Sở Xây dựng: 0 chỉ tiêu, yet Phụ lục 1 lists 5 rows: they are its title registrations."""
    report = bloc_report(world.bloc, period("h1"))
    rows = table_by_unit(report)
    for unit in report.appendix.units:
        counts = printed(rows[unit.name])
        assert counts["Chỉ tiêu đăng ký"] + counts["Danh hiệu đăng ký"] == len(unit.lines), unit
    assert printed(rows["Sở Xây dựng"])["Danh hiệu đăng ký"] == 5


def test_rates_are_rounded_half_up():
    assert _pct(28, 42) == "66,7%"
    assert _pct(7, 49) == "14,3%"
    assert _pct(1, 8) == "12,5%"
    assert _pct(0, 0) == "—"


def _section_id(title_start: str) -> int:
    return pm.OutlineSection.objects.get(
        outline=period("h1").outline, title__startswith=title_start
    ).pk


def test_issued_documents_are_totalled_then_listed_per_unit(world):
    """Seed 000's outline has no section computed from issued documents: they belong to
    "Công tác xây dựng, ban hành các văn bản…" and appear there, a total line first."""
    reports = {
        r.organization.code: r for r in pm.ProgressReport.objects.filter(period=period("h1"))
    }
    day = datetime.date(2020, 3, 2)
    pm.IssuedDocument.objects.create(
        report=reports["DT-SKHCN"],
        symbol="12/KH-SKHCN",
        issued_on=day,
        title="Kế hoạch phát động thi đua năm 2020",
    )
    pm.IssuedDocument.objects.create(
        report=reports["DT-SKHCN"],
        symbol="13/HD-SKHCN",
        issued_on=day,
        title="Hướng dẫn chấm điểm thi đua",
    )
    pm.IssuedDocument.objects.create(report=reports["DT-SCT"], symbol="05/KH-SCT", issued_on=day,
                                  title="Kế hoạch tổ chức phong trào thi đua")  # fmt: skip
    report = bloc_report(world.bloc, period("h1"))
    section = next(s for s in report.sections if s.title.startswith("Công tác xây dựng, ban hành"))
    lines = section.figures.splitlines()
    assert lines[0] == "Các cơ quan thành viên Khối 4A ban hành 03 văn bản:"
    assert lines[1] == "- Sở Công Thương (01 văn bản):"
    assert lines[2] == "+ 05/KH-SCT ngày 02/03/2020 Kế hoạch tổ chức phong trào thi đua."
    assert lines[3] == "- Sở Khoa học và Công nghệ (02 văn bản):"
    assert "+ 12/KH-SKHCN ngày 02/03/2020 Kế hoạch phát động thi đua năm 2020." in lines
    assert not section.missing


def test_numeric_answers_are_totalled_then_detailed(world):
    outline = period("h1").outline
    parent = pm.OutlineSection.objects.get(outline=outline, number="III", parent__isnull=False)
    section = pm.OutlineSection.objects.create(
        outline=outline, parent=parent, ordinal=99, number="6",
        title="Số phong trào thi đua được phát động", kind=pm.OutlineSection.Kind.STATISTIC,
        source="campaigns_launched",
    )  # fmt: skip
    reports = {
        r.organization.code: r for r in pm.ProgressReport.objects.filter(period=period("h1"))
    }
    pm.NarrativeAnswer.objects.create(report=reports["DT-SKHCN"], section=section, value=1200)
    pm.NarrativeAnswer.objects.create(report=reports["DT-SCT"], section=section, value=34)
    report = bloc_report(world.bloc, period("h1"))
    text = next(s for s in report.sections if s.key == str(section.pk)).text.splitlines()
    assert text == ["Tổng cộng: 1.234", "- Sở Công Thương: 34", "- Sở Khoa học và Công nghệ: 1.200"]


def test_bloc_wide_answers_print_once_without_a_unit_prefix(world):
    """The rule: an answer that speaks of the bloc ("Khối", "các cơ quan thành viên") or that
    several units gave word for word prints once, unprefixed, before the units' own answers."""
    h1 = period("h1")
    reports = {r.organization.code: r for r in pm.ProgressReport.objects.filter(period=h1)}
    favourable = _section_id("Thuận lợi")
    hard = _section_id("Khó khăn")
    # The demo's answers there are the leading unit's (seed 000's text): replaced by these.
    pm.NarrativeAnswer.objects.filter(section_id__in=[favourable, hard]).delete()
    pm.NarrativeAnswer.objects.create(
        report=reports["DT-SGTVT"], section_id=favourable,
        text="Các cơ quan thành viên Khối tích cực thi đua thực hiện nhiệm vụ.",
    )  # fmt: skip
    same = "Kinh phí cho công tác thi đua còn hạn chế."
    pm.NarrativeAnswer.objects.create(report=reports["DT-SCT"], section_id=hard, text=same)
    pm.NarrativeAnswer.objects.create(report=reports["DT-SXD"], section_id=hard, text=same + " ")
    pm.NarrativeAnswer.objects.create(report=reports["DT-SGTVT"], section_id=hard,
                                   text="Thiếu cán bộ chuyên trách.")  # fmt: skip
    # About the unit itself, though the words look like the bloc's.
    unit_own = ["Kiện toàn thành viên Hội đồng Thi đua - Khen thưởng Sở.",
                "Khối lượng công việc lớn."]  # fmt: skip
    for code, text in zip(("DT-STNMT", "DT-SNNPTNT"), unit_own, strict=True):
        pm.NarrativeAnswer.objects.create(report=reports[code], section_id=hard, text=text)
    report = bloc_report(world.bloc, h1)
    texts = {s.key: s.text for s in report.sections}
    assert (
        texts[str(favourable)] == "Các cơ quan thành viên Khối tích cực thi đua thực hiện nhiệm vụ."
    )
    assert texts[str(hard)].splitlines() == [
        same,
        "- Sở Giao thông Vận tải: Thiếu cán bộ chuyên trách.",
        "- Sở Nông nghiệp và Phát triển nông thôn: Khối lượng công việc lớn.",
        "- Sở Tài nguyên và Môi trường: Kiện toàn thành viên Hội đồng Thi đua - Khen thưởng Sở.",
    ]


def test_place_and_short_name_of_a_central_cluster(world):
    """A cluster run by the central council prints "Hà Nội", and its intro names it once."""
    cluster = Bloc.objects.get(code="CTĐ-ĐNB")
    h1 = pm.ReportingPeriod.objects.create(
        authority=cluster.authority, year=2020, kind=pm.ReportingPeriod.Kind.H1, name="Sơ kết",
        start=datetime.date(2020, 1, 1), end=datetime.date(2020, 6, 15),
        due=datetime.date(2020, 6, 20),
    )  # fmt: skip
    report = bloc_report(cluster, h1)
    assert report.place == "Hà Nội"
    assert "(gọi tắt" not in report.intro
    assert report.recipients == [
        "Ban Thi đua - Khen thưởng Trung ương",
        "Các cơ quan thành viên Cụm thi đua các tỉnh miền Đông Nam bộ",
        "Lưu: VT",
    ]


def test_default_recipients_and_short_name_of_a_provincial_bloc(world):
    report = bloc_report(world.bloc, period("h1"))
    assert report.place == "Đồng Tháp"
    assert "Khối thi đua 4A (gọi tắt Khối 4A)" in report.intro
    assert report.recipients == ["Sở Nội vụ tỉnh Đồng Tháp", "Các cơ quan thành viên Khối 4A",
                                 "Lưu: VT"]  # fmt: skip
    edited = bloc_report(world.bloc, period("h1"), content={"recipients": ["UBND tỉnh"]})
    assert edited.recipients == ["UBND tỉnh"]


FIGURE_LINK = re.compile(r'<a href="(/documents/\d+/figures/[^"]+)">(\d+)</a>')
RECORDS = re.compile(r'<table[^>]*data-testid="records".*?<tbody>(.*?)</tbody>', re.S)


@pytest.mark.parametrize("kind", ["h1", "annual"])
def test_each_figure_on_the_web_page_lists_exactly_the_records_it_counts(world, client, kind):
    """Every count of the targets table (each unit's and the bloc's) and of its sentence links to
    a list whose rows, counted here, are as many as the figure printed: the sentence's basis too,
    the n of "theo báo cáo (kỳ này) của n/m cơ quan" and the k units counted from an earlier
    report."""
    document = services.document_open(bloc=world.bloc, period=period(kind), actor=None)
    client.force_login(world.secretariat)
    page = client.get(reverse("document_detail", args=[document.pk])).content.decode()
    links = FIGURE_LINK.findall(page)
    section = targets_section(services.document_context(document))
    table = section.table
    counted = [c for c in table.columns if c in (*COUNTED, "Danh hiệu đăng ký")]
    total = dict(zip(table.columns, table.rows[-1], strict=True))
    # The sentence states the targets, done, running and overdue, and each other figure not 0,
    # and the reports it is based on: this period's, and earlier ones where some are missing.
    basis = re.search(r"báo cáo (?:kỳ này )?của (\d+)/\d+ cơ quan(?: và báo cáo gần nhất "
                      r"của (\d+) cơ quan)?", section.figures)  # fmt: skip
    sentence = 4 + sum(int(total.get(column, "0")) > 0 for column in
                       ("Không đạt, điều chỉnh", "Chưa báo cáo", "Danh hiệu đăng ký"))  # fmt: skip
    sentence += 1 + (basis[2] is not None)
    assert len(links) == len(counted) * len(table.rows) + sentence
    by_figure = {url.rsplit("/", 2)[1]: figure for url, figure in links if "/bao-cao-" in url}
    assert by_figure == {"bao-cao-ky-nay": basis[1]} | (
        {"bao-cao-ky-truoc": basis[2]} if basis[2] else {}
    )
    handed_in = pm.ProgressReport.objects.filter(
        bloc=world.bloc, period=period(kind), status__in=HANDED_IN
    )
    assert int(basis[1]) == handed_in.count()
    # The demo's annual report counts one unit from its six-month report: both links shown.
    assert (basis[2] is not None) == (kind == "annual")
    for url, figure in set(links):
        rows = RECORDS.search(client.get(url).content.decode())[1].count("<tr>")
        assert rows == int(figure), url


def test_figure_lists_are_for_those_who_compile_and_refuse_unknown_figures(world, client):
    document = services.document_open(bloc=world.bloc, period=period("h1"), actor=None)
    outsider = Organization.objects.exclude(memberships__bloc=world.bloc).first()
    client.force_login(world.secretariat)
    assert client.get(reverse("document_figure", args=[document.pk, "zzz"])).status_code == 404
    url = reverse("document_unit_figure", args=[document.pk, "hoan-thanh", outsider.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.xaydung)
    for figure in ("hoan-thanh", "bao-cao-ky-nay", "bao-cao-ky-truoc"):
        url = reverse("document_figure", args=[document.pk, figure])
        assert client.get(url).status_code == 403


def test_web_page_says_what_the_document_says(world, client):
    pm.NarrativeAnswer.objects.filter(section_id=_section_id("Khó khăn")).delete()  # one left empty
    document = services.document_open(bloc=world.bloc, period=period("h1"), actor=None)
    client.force_login(world.secretariat)
    page = client.get(reverse("document_detail", args=[document.pk])).content.decode()
    assert "chưa có số liệu" in page
    assert "chưa có nội dung" not in page


def test_the_leading_units_answers_are_the_blocs_text(world):
    """The year's leading unit drafts the bloc's text: its answer prints first and unprefixed
    even when it names neither the bloc nor its members (seed 000's II.4, III.2…)."""
    h1 = period("h1")
    leader = BlocMembership.objects.get(
        bloc=world.bloc, year=2020, role=BlocMembership.Role.LEADER
    ).organization
    reports = {r.organization_id: r for r in pm.ProgressReport.objects.filter(period=h1)}
    other = next(r for org_id, r in reports.items() if org_id != leader.pk)
    hard = _section_id("Khó khăn")
    drafted = "Việc ứng dụng công nghệ thông tin trong công tác khen thưởng còn chậm."
    pm.NarrativeAnswer.objects.update_or_create(
        report=reports[leader.pk], section_id=hard, defaults={"text": drafted}
    )
    pm.NarrativeAnswer.objects.update_or_create(
        report=other, section_id=hard, defaults={"text": "Thiếu cán bộ chuyên trách."}
    )
    texts = {s.key: s.text for s in bloc_report(world.bloc, h1).sections}
    assert texts[str(hard)].splitlines() == [
        drafted,
        f"- {other.organization.name}: Thiếu cán bộ chuyên trách.",
    ]
