"""Central and top-level bodies are created in the portal without a parent (administrators);
only those kinds may stand at the top, and reviewers still place units under what they manage."""

import pytest
from django.urls import reverse

from blocs.models import Organization

pytestmark = pytest.mark.django_db

MINISTRY = {"code": "TW-BNV", "name": "Bộ Nội vụ", "kind": "central", "is_active": "on"}


def test_administrator_creates_a_ministry_without_a_parent(client, demo):
    client.force_login(demo.admin)
    response = client.post(reverse("organization_create"), MINISTRY)
    assert response.status_code == 302
    ministry = Organization.objects.get(code="TW-BNV")
    assert ministry.parent is None and ministry.kind == "central"


def test_only_top_level_kinds_stand_without_a_parent(client, demo):
    client.force_login(demo.admin)
    body = MINISTRY | {"code": "X-SO", "name": "Sở lạc", "kind": "department"}
    response = client.post(reverse("organization_create"), body)
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert response.context["form"]["name"].value() == "Sở lạc"
    assert not Organization.objects.filter(code="X-SO").exists()


def test_a_reviewer_still_needs_a_parent_it_manages(client, demo):
    client.force_login(demo.reviewer)
    body = MINISTRY | {"kind": "department"}
    response = client.post(reverse("organization_create"), body)
    assert "parent" in response.context["form"].errors
    assert not Organization.objects.filter(code="TW-BNV").exists()


def test_standing_office_is_marked_in_the_portal_by_administrators_only(client, demo):
    """Jurisdiction is the administrator's: marking an office makes its staff reviewers."""
    office = demo.org["DT-HN-PNV"]
    url = reverse("organization_edit", args=[office.pk])
    client.force_login(demo.reviewer)
    assert "emulation_office_for" not in client.get(url).context["form"].fields
    client.force_login(demo.admin)
    form = client.get(url).context["form"]
    body = {name: form[name].value() or "" for name in form.fields}
    body["is_active"] = "on"
    response = client.post(url, body | {"emulation_office_for": demo.org["DT"].pk})
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.emulation_office_for == demo.org["DT"]
