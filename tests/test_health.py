"""The health endpoint answers without login and says what is wrong, never with a 500."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_without_a_broker_reports_inline_tasks(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "inline",
        "worker": "inline",
        "status": "ok",
    }


def test_unreachable_broker_is_an_error_not_a_crash(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok" and body["broker"].startswith("error")
    assert body["status"] == "error"
