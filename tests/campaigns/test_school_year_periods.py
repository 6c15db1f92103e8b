"""Periods of a school-year authority (issue 16): their kinds' names, default dates and
deadlines, the year-end outline and section titles in the school year's words."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import outline_data, progress
from campaigns.models import PeriodSchedule, ReportingPeriod, period_kind_label
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = ReportingPeriod.Kind


@pytest.fixture
def education(demo):
    """Sở Giáo dục và Đào tạo: the province's education sector counts by school year."""
    return OrganizationFactory(
        code="DT-SGDDT-T",
        name="Sở Giáo dục và Đào tạo tỉnh Đồng Tháp",
        parent=demo.org["DT"],
        year_kind="school",
    )


def test_kind_labels_speak_the_years_language():
    assert period_kind_label(Kind.H1, "calendar") == "Sơ kết 6 tháng"
    assert period_kind_label(Kind.ANNUAL, "calendar") == "Tổng kết năm"
    assert period_kind_label(Kind.H1, "school") == "Sơ kết học kỳ I"
    assert period_kind_label(Kind.ANNUAL, "school") == "Tổng kết năm học"
    assert period_kind_label(Kind.PHASE, "school") == "Đợt thi đua"


def test_school_year_defaults(demo, education):
    made = progress.periods_ensure_defaults(authority=education, year=2020, actor=demo.admin)
    h1, annual = made
    assert (h1.kind, h1.name, h1.start, h1.end, h1.due) == (
        Kind.H1, "Sơ kết học kỳ I năm học 2020–2021", D(2020, 9, 1), D(2021, 1, 15),
        D(2021, 1, 20),
    )  # fmt: skip
    assert (annual.kind, annual.name, annual.start, annual.end, annual.due) == (
        Kind.ANNUAL, "Tổng kết năm học 2020–2021", D(2020, 9, 1), D(2021, 5, 31),
        D(2021, 7, 15),
    )  # fmt: skip
    assert h1.kind_label == "Sơ kết học kỳ I"


def test_calendar_defaults_unchanged(demo):
    h1, annual = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.admin
    )
    assert (h1.name, h1.start, h1.end, h1.due) == (
        "Sơ kết 6 tháng đầu năm 2020",
        D(2020, 1, 1),
        D(2020, 6, 15),
        D(2020, 6, 20),
    )
    assert (annual.name, annual.start, annual.end, annual.due) == (
        "Tổng kết năm 2020",
        D(2020, 1, 1),
        D(2020, 11, 15),
        D(2020, 11, 20),
    )


def test_the_year_end_gets_its_own_outline_when_loaded(demo, education):
    h1_outline = progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    h1, annual = progress.periods_ensure_defaults(authority=education, year=2020, actor=None)
    assert h1.outline == annual.outline == h1_outline  # no year-end outline yet: as before
    annual_outline = progress.outline_from_data(outline_data.SEED_000_ANNUAL_OUTLINE)
    h1, annual = progress.periods_ensure_defaults(authority=education, year=2021, actor=None)
    assert (h1.outline, annual.outline) == (h1_outline, annual_outline)


def test_year_end_outline_ends_with_next_years_directions():
    last = outline_data.SEED_000_ANNUAL_OUTLINE["sections"][-1]["title"]
    assert last.startswith("Phương hướng, nhiệm vụ") and last.endswith("năm 2021")
    outline_data.validate(outline_data.SEED_000_ANNUAL_OUTLINE)


SCHOOL_HEADINGS = [
    ("h1", "Tình hình tổ chức thực hiện phong trào thi đua 6 tháng đầu năm 2020",
     "Tình hình tổ chức thực hiện phong trào thi đua học kỳ I năm học 2020–2021"),
    ("h1", "Một số nhiệm vụ công tác trọng tâm 6 tháng cuối năm 2020",
     "Một số nhiệm vụ công tác trọng tâm học kỳ II năm học 2020–2021"),
    ("h1", "PHƯƠNG HƯỚNG NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG 06 THÁNG CUỐI NĂM 2020",
     "PHƯƠNG HƯỚNG NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG HỌC KỲ II NĂM HỌC 2020–2021"),
    ("annual", "Tình hình tổ chức thực hiện phong trào thi đua năm 2020",
     "Tình hình tổ chức thực hiện phong trào thi đua năm học 2020–2021"),
    ("annual", "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm 2021",
     "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm học 2021–2022"),
    ("annual", "Một số nhiệm vụ công tác trọng tâm 6 tháng cuối năm 2020",
     "Một số nhiệm vụ công tác trọng tâm năm học 2021–2022"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "title", "expected"), SCHOOL_HEADINGS)
def test_school_headings(education, kind, title, expected):
    period = ReportingPeriod(authority=education, year=2020, kind=kind)
    assert progress.period_heading(title, period) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tình hình tổ chức thực hiện phong trào thi đua năm 2020",
         "Tình hình tổ chức thực hiện phong trào thi đua năm 2021"),
        ("Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm 2021",
         "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm 2022"),
    ],
)  # fmt: skip
def test_calendar_year_end_outline_headings(title, expected):
    period = ReportingPeriod(year=2021, kind="annual")
    assert progress.period_heading(title, period) == expected


# Schedules -------------------------------------------------------------------------------------


def _schedule_body(client, authority, **changes):
    page = client.get(reverse("period_schedule", args=[authority.pk]))
    assert page.status_code == 200
    body = {}
    for _label, form in page.context["rows"]:
        for name in form.fields:
            value = form[name].value()
            body[form.add_prefix(name)] = "" if value is None else value
    body.update(changes)
    return body


def test_the_schedule_page_shows_built_in_dates_and_saves_nothing_unchanged(client, demo):
    client.force_login(demo.reviewer)
    body = _schedule_body(client, demo.org["DT"])
    assert (body["h1-end_day"], body["h1-end_month"], body["annual-due_month"]) == ("15", "6", "11")
    response = client.post(reverse("period_schedule", args=[demo.org["DT"].pk]), body)
    assert response.status_code == 302
    assert not PeriodSchedule.objects.exists()


def test_an_authority_keeps_its_own_dates_and_outline(client, demo, education):
    annual_outline = progress.outline_from_data(outline_data.SEED_000_ANNUAL_OUTLINE)
    client.force_login(demo.admin)
    body = _schedule_body(
        client, education, **{"annual-due_day": "30", "annual-due_month": "6",
                              "annual-outline": str(annual_outline.pk)}
    )  # fmt: skip
    response = client.post(reverse("period_schedule", args=[education.pk]), body)
    assert response.status_code == 302, response.context["rows"][1][1].errors
    schedule = PeriodSchedule.objects.get(authority=education)
    assert (schedule.kind, schedule.due_day, schedule.due_month) == ("annual", 30, 6)
    assert LogEntry.objects.get_for_object(schedule).exists()
    h1, annual = progress.periods_ensure_defaults(authority=education, year=2020, actor=None)
    assert (annual.start, annual.end, annual.due, annual.outline) == (
        D(2020, 9, 1),
        D(2021, 5, 31),
        D(2021, 6, 30),
        annual_outline,
    )
    assert h1.due == D(2021, 1, 20)
    # Posted back unchanged: nothing written.
    before = LogEntry.objects.count()
    client.post(reverse("period_schedule", args=[education.pk]), _schedule_body(client, education))
    assert LogEntry.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"h1-end_day": "1", "h1-end_month": "7"}, "end_month",
         "Sơ kết học kỳ I: ngày 01/07 nằm ngoài năm học."),
        ({"h1-end_day": "20", "h1-end_month": "8"}, "end_month",
         "Sơ kết học kỳ I: ngày 20/08 nằm ngoài năm học."),
        ({"h1-start_day": "1", "h1-start_month": "2"}, "end_day",
         "Sơ kết học kỳ I: ngày kết thúc phải sau ngày bắt đầu."),
        ({"h1-due_day": "10", "h1-due_month": "1"}, "due_day",
         "Sơ kết học kỳ I: hạn nộp phải sau ngày kết thúc."),
        ({"h1-due_day": "30", "h1-due_month": "2"}, "due_day", "Tháng 2 không có ngày 30."),
    ],
)  # fmt: skip
def test_schedule_errors_name_the_row(client, demo, education, changes, field, message):
    client.force_login(demo.admin)
    body = _schedule_body(client, education, **changes)
    response = client.post(reverse("period_schedule", args=[education.pk]), body)
    assert response.status_code == 200
    assert message in response.context["rows"][0][1].errors[field]
    assert not PeriodSchedule.objects.exists()


def test_another_provinces_office_may_not_open_the_schedule(client, demo):
    client.force_login(demo.reviewer)
    assert client.get(reverse("period_schedule", args=[demo.org["AG"].pk])).status_code == 403
    with pytest.raises(ValidationError):
        progress.schedules_save(
            schedules=[progress.schedule_for(demo.org["AG"], "h1")], actor=demo.reviewer
        )


# Dates within the school year ------------------------------------------------------------------


def _campaign_form(authority, user, **dates):
    from campaigns.forms import CampaignForm

    data = {"name": "Phong trào thi đua năm học 2020–2021", "kind": "annual", "year": "2020",
            "authority": str(authority.pk)} | dates  # fmt: skip
    return CampaignForm(data=data, user=user)


def test_a_school_year_campaign_lies_within_its_year(demo, education):
    form = _campaign_form(education, demo.admin, start="01/08/2020", end="31/05/2021")
    assert not form.is_valid()
    assert form.errors["start"] == [
        "Ngày 01/08/2020 nằm ngoài năm học 2020–2021 (01/09/2020–31/05/2021)."
    ]
    assert _campaign_form(education, demo.admin, start="01/09/2020", end="31/05/2021").is_valid()


def test_a_calendar_campaign_is_not_bounded_as_before(demo):
    form = _campaign_form(demo.org["DT"], demo.admin, start="01/09/2020", end="31/05/2021")
    assert form.is_valid(), form.errors


def test_a_school_year_period_lies_within_its_year(demo, education):
    from campaigns.forms import PeriodForm

    h1, _annual = progress.periods_ensure_defaults(authority=education, year=2020, actor=None)
    data = {"name": h1.name, "start": "01/09/2020", "end": "15/06/2021", "due": "20/06/2021"}
    form = PeriodForm(data=data, instance=h1)
    assert not form.is_valid()
    assert "nằm ngoài năm học 2020–2021" in form.errors["end"][0]
