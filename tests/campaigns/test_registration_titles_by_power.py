"""The registration form offers only the titles the bloc's authority confers or proposes
upward (issue 13: the whole catalogue, ministry flags and commune titles included, was
offered), and the service refuses a posted foreign title with a Vietnamese error."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import selectors, services
from campaigns.forms import TitleFormSet
from campaigns.models import TitleRegistration

from .reported_world import form_data

pytestmark = pytest.mark.django_db


def _award(code):
    return apps.get_model("awards", "AwardType").objects.get(code=code)


@pytest.fixture
def draft(demo, campaign):
    return services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )


def test_the_catalogue_offered_to_a_province(demo):
    offered = set(
        apps.get_model("awards", "AwardType")
        .objects.conferrable_by(demo.org["DT"])
        .values_list("code", flat=True)
    )
    # the province confers these, or proposes them to the Government
    assert {"CO_TINH", "CSTD_TINH", "TTLDXS", "CSTDCS", "LDTT", "CO_CP", "CSTD_TQ"} <= offered
    # a ministry's flag, a commune's titles: not the province's to confer or propose
    assert not offered & {"CO_BO", "DVQT", "THON_VH", "GD_VH"}


def test_the_form_lists_only_the_bloc_authoritys_titles(client, demo, draft):
    client.force_login(demo.xaydung)
    html = client.get(reverse("registration_edit", args=[draft.pk])).content.decode()
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in html
    assert "Cờ thi đua của Bộ, ban, ngành" not in html
    assert "Thôn, tổ dân phố văn hóa" not in html


def test_a_posted_foreign_title_is_a_field_error(client, demo, draft):
    client.force_login(demo.xaydung)
    url = reverse("registration_edit", args=[draft.pk])
    data = form_data(client.get(url).content.decode())
    data |= {"title-0-award_type": str(_award("CO_BO").pk), "title-0-count": "1"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert not TitleRegistration.objects.filter(registration=draft).exists()


def test_the_service_refuses_a_title_outside_the_authoritys_power(demo, draft):
    with pytest.raises(ValidationError) as info:
        services.registration_save(
            registration=draft, targets=[],
            titles=[services.TitleInput(_award("CO_BO").pk, 1)], actor=demo.xaydung,
        )  # fmt: skip
    message = " ".join(info.value.messages)
    assert "Cờ thi đua của Bộ, ban, ngành" in message
    assert "Ủy ban nhân dân tỉnh Đồng Tháp" in message
    assert not TitleRegistration.objects.filter(registration=draft).exists()


def test_a_title_already_registered_stays_editable(demo, draft):
    """A line saved before this rule (here written directly) may still be kept or changed."""
    TitleRegistration.objects.create(registration=draft, award_type=_award("CO_BO"), count=1)
    services.registration_save(
        registration=draft, targets=[],
        titles=[services.TitleInput(_award("CO_BO").pk, 2)], actor=demo.xaydung,
    )  # fmt: skip
    assert draft.titles.get().count == 2
    offered = (
        TitleFormSet(
            prefix="title", form_kwargs={"award_types": selectors.registrable_titles(draft)}
        )
        .empty_form.fields["award_type"]
        .queryset
    )
    assert offered.filter(code="CO_BO").exists()


def test_an_imported_foreign_title_is_an_error_on_its_row(demo, campaign, sample_bytes):
    from campaigns import importer
    from tests.campaigns.test_import_errors import _edit

    data = _edit(sample_bytes, B25="Cờ thi đua của Bộ, ban, ngành: 01 tập thể")
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    errors = [str(e) for e in plan.errors]
    assert any(e.startswith("Dòng 25, cột B") and "thẩm quyền" in e for e in errors), errors
    with pytest.raises(ValidationError):
        importer.apply_import(plan, actor=demo.secretariat, source="x.xlsx")
    assert not TitleRegistration.objects.exists()
