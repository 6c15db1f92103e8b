"""Registration pages: who may see and do what (own unit, other unit, secretariat of this bloc and
of another, reviewer, anonymous), and what the forms do with bad input."""

import pytest
from django.urls import reverse

from blocs.models import Bloc, BlocMembership, StaffAssignment
from campaigns import services
from campaigns.models import Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo, campaign):
    """Sở Xây dựng's draft registration, plus a secretariat of another bloc of the same province."""
    registration = services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )
    services.registration_save(
        registration=registration,
        targets=[services.TargetInput(text="Hoàn thành quy hoạch chung", due_text="Quý IV/2020")],
        titles=[],
        actor=demo.xaydung,
    )
    other_bloc = Bloc.objects.create(code="KTĐ4B", name="Khối thi đua 4B", authority=demo.org["DT"])
    BlocMembership.objects.create(
        bloc=other_bloc, organization=demo.org["DT-HLHPN"], year=2020, role="leader"
    )
    other_secretariat = UserFactory(full_name="Thư ký khối 4B")
    StaffAssignment.objects.create(user=other_secretariat, organization=demo.org["DT-HLHPN"])
    demo.registration = registration
    demo.campaign = campaign
    demo.other_secretariat = other_secretariat
    return demo


def _urls(w):
    r, c, b = w.registration, w.campaign, w.bloc
    return {
        "detail": ("get", reverse("registration_detail", args=[r.pk])),
        "edit": ("get", reverse("registration_edit", args=[r.pk])),
        "template": ("get", reverse("registration_template", args=[r.pk])),
        "submit": ("post", reverse("registration_transition", args=[r.pk, "submit"])),
        "accept": ("post", reverse("registration_transition", args=[r.pk, "accept"])),
        "overview": ("get", reverse("bloc_overview", args=[c.pk, b.pk])),
        "export": ("get", reverse("bloc_export_xlsx", args=[c.pk, b.pk])),
        "import": ("get", reverse("bloc_import", args=[c.pk, b.pk])),
        "start": ("post", reverse("registration_start", args=[c.pk, b.pk, w.org["DT-SXD"].pk])),
    }


ALLOWED = {
    # role: views that answer (200/302); every other view must answer 403
    "own unit": {"detail", "edit", "template", "submit", "start"},
    "other unit": set(),
    "secretariat": {
        "detail",
        "edit",
        "template",
        "submit",
        "overview",
        "export",
        "import",
        "start",
    },
    "other secretariat": set(),
    "reviewer": {"detail", "template", "overview", "export"},  # importing is the secretariat's
}


@pytest.mark.parametrize("role", ALLOWED)
def test_permission_matrix_for_registration_views(client, world, role):
    user = {
        "own unit": world.xaydung,
        "other unit": world.congthuong,
        "secretariat": world.secretariat,
        "other secretariat": world.other_secretariat,
        "reviewer": world.reviewer,
    }[role]
    client.force_login(user)
    for name, (method, url) in _urls(world).items():
        if name == "accept":
            continue  # state-dependent: covered below
        status = getattr(client, method)(url).status_code
        if name in ALLOWED[role]:
            assert status in (200, 302), (role, name, status)
        else:
            assert status == 403, (role, name, status)
        if name == "submit" and status == 302:
            services.registration_transition(
                registration=Registration.objects.get(pk=world.registration.pk),
                event="return",
                actor=world.secretariat,
                reason="để thử lại",
            )


def test_anonymous_is_sent_to_login(client, world):
    for method, url in _urls(world).values():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_only_the_secretariat_accepts_and_returns(client, world):
    services.registration_transition(
        registration=world.registration, event="submit", actor=world.xaydung
    )
    accept = reverse("registration_transition", args=[world.registration.pk, "accept"])
    for user in (world.xaydung, world.reviewer, world.other_secretariat):
        client.force_login(user)
        assert client.post(accept).status_code == 403
    client.force_login(world.secretariat)
    back = reverse("registration_transition", args=[world.registration.pk, "return"])
    response = client.post(back, {"reason": ""}, follow=True)
    assert "Hãy ghi rõ lý do" in response.content.decode()
    assert Registration.objects.get().status == "submitted"
    assert client.post(accept).status_code == 302
    assert Registration.objects.get().status == "accepted"


def test_accepted_registration_cannot_be_edited_until_reopened(client, world):
    for event, actor in (("submit", world.xaydung), ("accept", world.secretariat)):
        services.registration_transition(
            registration=Registration.objects.get(), event=event, actor=actor
        )
    client.force_login(world.xaydung)
    assert client.get(reverse("registration_edit", args=[world.registration.pk])).status_code == 403
    client.force_login(world.secretariat)
    client.post(
        reverse("registration_transition", args=[world.registration.pk, "reopen"]),
        {"reason": "Đơn vị xin điều chỉnh chỉ tiêu"},
    )
    assert Registration.objects.get().status == "draft"
    client.force_login(world.xaydung)
    assert client.get(reverse("registration_edit", args=[world.registration.pk])).status_code == 200


def _form_data(**target):
    row = {"text": "", "due_text": "", "planned_value": "", "unit": "", "points": "", "note": ""}
    row |= target
    data = {
        "target-TOTAL_FORMS": "1", "target-INITIAL_FORMS": "0",
        "target-MIN_NUM_FORMS": "0", "target-MAX_NUM_FORMS": "1000",
        "title-TOTAL_FORMS": "0", "title-INITIAL_FORMS": "0",
        "title-MIN_NUM_FORMS": "0", "title-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data |= {f"target-0-{k}": v for k, v in row.items()} | {"target-0-ORDER": "1"}
    return data


def test_bad_number_keeps_what_was_typed(client, world):
    client.force_login(world.xaydung)
    url = reverse("registration_edit", args=[world.registration.pk])
    response = client.post(url, _form_data(text="Đón 105.000 lượt khách", planned_value="nhiều"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "“nhiều” không phải là số" in html
    assert "Đón 105.000 lượt khách" in html
    assert world.registration.targets.get().text == "Hoàn thành quy hoạch chung"


def test_vietnamese_numbers_and_due_expressions_are_understood(client, world):
    client.force_login(world.xaydung)
    url = reverse("registration_edit", args=[world.registration.pk])
    data = _form_data(
        text="Đón khách du lịch", planned_value="105.000", unit="lượt khách", due_text="Năm 2020"
    )
    assert client.post(url, data).status_code == 302
    target = world.registration.targets.get()
    assert target.planned_value == 105000 and target.kind == "quantitative"
    assert (target.due_start.isoformat(), target.due_end.isoformat()) == (
        "2020-01-01",
        "2020-12-31",
    )


def test_secretariat_edit_on_behalf_is_recorded(client, world):
    from auditlog.models import LogEntry

    client.force_login(world.secretariat)
    url = reverse("registration_edit", args=[world.registration.pk])
    assert client.post(url, _form_data(text="Chỉ tiêu do thư ký nhập thay")).status_code == 302
    entry = LogEntry.objects.filter(additional_data__event="save").latest("pk")
    assert entry.actor == world.secretariat and entry.additional_data["on_behalf"] is True


def test_second_editor_is_refused_instead_of_overwriting(client, world):
    client.force_login(world.xaydung)
    url = reverse("registration_edit", args=[world.registration.pk])
    seen = Registration.objects.get().updated_at.isoformat()
    services.registration_save(
        registration=world.registration,
        targets=[services.TargetInput(text="Bản của thư ký")],
        titles=[],
        actor=world.secretariat,
    )
    response = client.post(url, _form_data(text="Bản của đơn vị") | {"seen_updated_at": seen})
    assert response.status_code == 400
    assert "vừa được Huỳnh Văn Quân cập nhật" in response.content.decode()
    assert world.registration.targets.get().text == "Bản của thư ký"


def test_overview_counts_and_constant_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.secretariat)
    # 15: roles_for reads the leader changes of the user's blocs (mid-year hand-overs).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("bloc_overview", args=[world.campaign.pk, world.bloc.pk]))
    rows = response.context["rows"]
    assert len(rows) == 8
    assert response.context["missing"] == 7
    assert response.context["counts"]["draft"] == 1


def test_units_are_late_after_the_deadline(client, world):
    import datetime

    world.campaign.registration_deadline = datetime.date(2020, 2, 15)
    world.campaign.save()
    services.registration_transition(
        registration=world.registration, event="submit", actor=world.xaydung
    )
    Registration.objects.filter(pk=world.registration.pk).update(
        submitted_at=datetime.datetime(2020, 2, 10, 9, 0, tzinfo=datetime.UTC)
    )
    client.force_login(world.secretariat)
    response = client.get(reverse("bloc_overview", args=[world.campaign.pk, world.bloc.pk]))
    late = {row.organization.code for row in response.context["rows"] if row.late}
    assert "DT-SXD" not in late  # submitted on 10/02, before the deadline
    assert len(late) == 7 and response.context["late"] == 7


def test_rows_are_saved_in_the_order_the_user_set(client, world):
    client.force_login(world.xaydung)
    data = _form_data(text="Chỉ tiêu A") | {
        "target-TOTAL_FORMS": "2",
        "target-1-text": "Chỉ tiêu B",
        "target-1-ORDER": "1",
        "target-0-ORDER": "2",
    }
    response = client.post(reverse("registration_edit", args=[world.registration.pk]), data)
    assert response.status_code == 302
    assert list(world.registration.targets.values_list("ordinal", "text")) == [
        (1, "Chỉ tiêu B"),
        (2, "Chỉ tiêu A"),
    ]


def test_an_import_preview_belongs_to_its_uploader(client, world, sample_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.secretariat)
    response = client.post(
        reverse("bloc_import", args=[world.campaign.pk, world.bloc.pk]),
        {"file": SimpleUploadedFile("mau.xlsx", sample_bytes)},
    )
    preview = response.url
    assert client.get(preview).status_code == 200
    for user in (world.reviewer, world.xaydung, world.other_secretariat):
        client.force_login(user)
        assert client.get(preview).status_code == 403
        assert client.post(preview, {"action": "confirm"}).status_code == 403
    assert Registration.objects.count() == 1  # only the fixture's own draft
