"""Bad values in forms get a Vietnamese field error and a 400, never a 500 or a silent save
(issue 13: 1e400, 40 digits, 1e30 points, negative values, 31/02/2020, a garbage lock stamp,
1 MB reasons)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.forms import AnswerForm, MeetingForm, ReasonForm, ScoreForm
from campaigns.models import Registration
from tests.campaigns.test_number_round_trip import _as_rendered, report_world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(demo, campaign):
    registration = services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )
    services.registration_save(
        registration=registration,
        targets=[services.TargetInput(text="Hoàn thành quy hoạch chung", due_text="Quý IV/2020")],
        titles=[],
        actor=demo.xaydung,
    )
    return registration


def _target_post(**target):
    row = {"text": "Chỉ tiêu thử", "due_text": "", "planned_value": "", "unit": "", "points": "",
           "note": ""} | target  # fmt: skip
    data = {
        "seen_updated_at": "",
        "target-TOTAL_FORMS": "1", "target-INITIAL_FORMS": "0",
        "target-MIN_NUM_FORMS": "0", "target-MAX_NUM_FORMS": "1000",
        "title-TOTAL_FORMS": "0", "title-INITIAL_FORMS": "0",
        "title-MIN_NUM_FORMS": "0", "title-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    return data | {f"target-0-{k}": v for k, v in row.items()} | {"target-0-ORDER": "1"}


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("planned_value", "1e400", "“1e400” không phải là số"),
        ("planned_value", "9" * 40, "quá lớn: tối đa 15 chữ số trước dấu phẩy"),
        ("planned_value", "NaN", "không phải là số"),
        ("planned_value", "-5", "không được nhỏ hơn 0"),
        ("planned_value", "12.5", "phần thập phân viết sau dấu phẩy"),
        ("planned_value", "1,2345", "tối đa 3 chữ số sau dấu phẩy"),
        ("points", "1e30", "“1e30” không phải là số"),
        ("points", "100000", "quá lớn: tối đa 5 chữ số trước dấu phẩy"),
        ("points", "-1", "không được nhỏ hơn 0"),
        ("due_text", "31/02/2020", "“31/02/2020” không phải là ngày có thật"),
        ("due_text", "Hạn 30.2.2021 Đang thực hiện", "“30.2.2021” không phải là ngày có thật"),
    ],
)
def test_registration_refuses_bad_values_on_their_field(
    client, demo, registration, field, typed, message
):
    client.force_login(demo.xaydung)
    url = reverse("registration_edit", args=[registration.pk])
    extra = {"unit": "lượt"} if field == "planned_value" else {}
    response = client.post(url, _target_post(**{field: typed}, **extra))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html, html[html.find("invalid-feedback") - 200 :][:600]
    assert "Chỉ tiêu thử" in html  # what was typed is kept
    assert registration.targets.get().text == "Hoàn thành quy hoạch chung"


@pytest.mark.parametrize("due", ["Quý II/2020", "Tháng 3-5/2020", "29/02/2020", "Đã ban hành"])
def test_other_due_expressions_stay_accepted(client, demo, registration, due):
    client.force_login(demo.xaydung)
    url = reverse("registration_edit", args=[registration.pk])
    assert client.post(url, _target_post(due_text=due)).status_code == 302
    assert registration.targets.get().due_text == due


@pytest.mark.parametrize(
    "stamp", ["9999-99-99T99:99:99", "2020-13-45T10:00:00+07:00", "không phải ngày", "9" * 5000]
)
def test_garbage_lock_stamp_is_a_form_error_not_a_500(client, demo, registration, stamp):
    client.force_login(demo.xaydung)
    url = reverse("registration_edit", args=[registration.pk])
    response = client.post(url, _target_post() | {"seen_updated_at": stamp})
    assert response.status_code == 400
    assert "Hãy tải lại trang" in response.content.decode()
    assert registration.targets.get().text == "Hoàn thành quy hoạch chung"


def test_the_real_lock_stamp_still_saves(client, demo, registration):
    client.force_login(demo.xaydung)
    url = reverse("registration_edit", args=[registration.pk])
    data = _as_rendered(client, url)
    assert data["seen_updated_at"]
    assert client.post(url, data).status_code == 302


def test_report_refuses_bad_results_and_garbage_stamp(client, report_world):  # noqa: F811
    world, line = report_world, report_world.line
    client.force_login(world.congthuong)
    url = reverse("report_edit", args=[world.report.pk])
    for typed, message in (
        ("-1", "không được nhỏ hơn 0"),
        ("1e400", "không phải là số"),
        ("9" * 40, "quá lớn"),
    ):
        data = _as_rendered(client, url)
        data |= {f"t{line.pk}-state": "done", f"t{line.pk}-achieved_value": typed}
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode(), typed
    data = _as_rendered(client, url) | {"seen_updated_at": "9999-99-99T00:00:00"}
    response = client.post(url, data)
    assert response.status_code == 400 and "Hãy tải lại trang" in response.content.decode()
    line.refresh_from_db()
    assert line.achieved_value is None


def test_a_one_megabyte_return_reason_is_refused(client, demo, registration):
    services.registration_transition(registration=registration, event="submit", actor=demo.xaydung)
    client.force_login(demo.secretariat)
    url = reverse("registration_transition", args=[registration.pk, "return"])
    response = client.post(url, {"reason": "x" * 1_000_000}, follow=True)
    assert "Lý do dài quá: tối đa 2000 ký tự." in response.content.decode()
    registration = Registration.objects.get(pk=registration.pk)
    assert registration.status == "submitted" and registration.return_reason == ""


@pytest.mark.parametrize(
    ("form", "data", "field"),
    [
        (ScoreForm, {"points": "NaN"}, "points"),
        (ScoreForm, {"points": "1e30"}, "points"),
        (ScoreForm, {"points": "-0,5"}, "points"),
        (ScoreForm, {"comment": "x" * 1_000_000}, "comment"),
        (ReasonForm, {"reason": "x" * 1_000_000}, "reason"),
        (MeetingForm, {"held_on": "01/12/2020", "attendees": "8", "note": "x" * 1_000_000}, "note"),
        (MeetingForm, {"held_on": "31/02/2020", "attendees": "8"}, "held_on"),
        (MeetingForm, {"held_on": "01/12/2020", "attendees": "1e3"}, "attendees"),
        (AnswerForm, {"value": "Infinity"}, "value"),
        (AnswerForm, {"text": "x" * 1_000_000}, "text"),
    ],
)
def test_forms_refuse_values_the_database_cannot_keep(form, data, field):
    bound = form(data)
    assert not bound.is_valid()
    assert field in bound.errors


def test_a_statistic_may_be_negative():
    bound = AnswerForm({"value": "-2,5"})
    assert bound.is_valid() and bound.cleaned_data["value"] == Decimal("-2.5")


def test_a_reason_that_is_only_nul_is_asked_for_again(demo, registration):
    """PostgreSQL stores no NUL (text or the audit trail's JSON): text arrives without it, so a
    reason of NUL alone is an empty reason, refused with a message, never a database error."""
    services.registration_transition(registration=registration, event="submit", actor=demo.xaydung)
    with pytest.raises(ValidationError, match="lý do"):
        services.registration_transition(
            registration=registration, event="return", actor=demo.secretariat, reason="\x00"
        )
    note = services.registration_transition(
        registration=registration, event="return", actor=demo.secretariat, reason="Bổ\x00 sung"
    )
    assert note.return_reason == "Bổ sung"
