"""The admin speaks Vietnamese, third-party apps included (issue 15), and /favicon.ico exists."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(
        "root", password="x", full_name="Nguyễn Văn Thống"
    )
    client.force_login(user)
    return client


def test_admin_index_names_third_party_apps_in_vietnamese(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    for english in ["Audit log", "Axes", "Access attempts", "Access logs", "Log entries"]:
        assert f">{english}<" not in html, english
    assert "Nhật ký thay đổi" in html and "Đăng nhập sai" in html
    assert "Mục đăng nhập" not in html
    assert "Chào mừng bạn" not in html and "Xin chào," in html
    assert "<strong>Nguyễn Văn Thống</strong>." in html  # the whole name, not "Thống"


def test_audit_log_lists_changes_in_vietnamese(admin_client):
    organization = OrganizationFactory(name="Sở Tư pháp")
    organization.name, organization.phone = "Sở Tư pháp tỉnh", "0277 3851 234"
    organization.save()
    assert LogEntry.objects.get_for_object(organization).exists()
    response = admin_client.get(reverse("admin:auditlog_logentry_changelist"), {"q": "Tư pháp"})
    html = response.content.decode()
    assert "Show counts" not in html and "change: " not in html and "changes: " not in html
    assert "2 thay đổi: tên, điện thoại" in html
    assert response.status_code == 200


def test_axes_pages_are_in_vietnamese(admin_client):
    html = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Access attempts" not in html and "Attempt Time" not in html


def test_favicon_is_served_and_linked(admin_client):
    response = Client().get("/favicon.ico")  # anonymous: browsers ask before logging in
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(response.streaming_content)
    assert 'rel="icon"' in admin_client.get(reverse("admin:index")).content.decode()
