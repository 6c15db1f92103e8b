"""An authority's emulation year (issue 16): its emulation office (and administrators) set it on
the organisation's edit page; once blocs, campaigns or periods count years by it, it stays."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blocs import permissions, services
from blocs.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def education(demo):
    """A department of the province running its own school-sector emulation, no records yet."""
    return OrganizationFactory(
        code="DT-SGDDT-T", name="Sở Giáo dục và Đào tạo tỉnh Đồng Tháp", parent=demo.org["DT"]
    )


def _initial(client, organization):
    form = client.get(reverse("organization_edit", args=[organization.pk])).context["form"]
    return {
        name: form[name].value() if not isinstance(form[name].value(), bool) else "on"
        for name in form.fields
        if form[name].value() not in (None, False)
    }


def test_the_office_managing_an_authority_sets_its_school_year(client, demo, education):
    department = education
    assert permissions.can_set_year_settings(demo.reviewer, department)
    client.force_login(demo.reviewer)
    data = _initial(client, department)
    for name in ("year_kind", "year_start_month", "year_end_month"):
        assert name in data
    data.update(year_kind="school", year_start_month="8", year_end_month="6")
    response = client.post(reverse("organization_edit", args=[department.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    department.refresh_from_db()
    assert (department.year_kind, department.year_start_month, department.year_end_month) == (
        "school",
        8,
        6,
    )


def test_another_provinces_office_may_not(demo):
    other = demo.org["AG"]
    assert not permissions.can_set_year_settings(demo.reviewer, other)
    assert permissions.can_set_year_settings(demo.admin, other)


def test_changing_the_kind_of_an_authority_with_records_is_refused_by_name(demo):
    province = demo.org["DT"]
    with pytest.raises(ValidationError) as refused:
        services.organization_update(
            organization=province, actor=demo.admin, data={"year_kind": "school"}
        )
    message = " ".join(refused.value.messages)
    assert "thành viên khối, cụm năm 2020" in message
    assert "không đổi cách tính năm được" in message
    assert Organization.objects.get(pk=province.pk).year_kind == "calendar"


def test_the_refusal_names_campaigns_and_periods(demo, campaign):
    from campaigns import progress

    progress.periods_ensure_defaults(authority=demo.org["DT"], year=2020, actor=None)
    with pytest.raises(ValidationError) as refused:
        services.organization_update(
            organization=demo.org["DT"], actor=demo.admin, data={"year_start_month": 8}
        )
    assert "phong trào, kỳ báo cáo" in " ".join(refused.value.messages)


def test_months_of_a_calendar_authority_are_kept_when_not_posted(client, demo, education):
    department = education
    client.force_login(demo.reviewer)
    data = _initial(client, department)
    del data["year_start_month"], data["year_end_month"]
    response = client.post(reverse("organization_edit", args=[department.pk]), data)
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.year_start_month, department.year_end_month) == (9, 5)


def test_posting_an_authority_with_records_back_unchanged_passes(client, demo):
    province = demo.org["DT"]
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("organization_edit", args=[province.pk]), _initial(client, province)
    )
    assert response.status_code == 302


def test_the_months_show_only_for_a_school_year(client, demo):
    """The page loads the script that hides the months of a calendar authority."""
    client.force_login(demo.reviewer)
    page = client.get(reverse("organization_edit", args=[demo.org["DT"].pk])).content.decode()
    assert 'src="/static/js/year_settings.js"' in page
    assert 'id="div_id_year_start_month"' in page
