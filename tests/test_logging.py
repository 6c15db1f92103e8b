"""Structured logs: JSON lines with the request id, user id and Celery task of each record."""

import json
import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from emulation_portal.logging import ContextFilter, JsonFormatter, RequestIdMiddleware

log = logging.getLogger("emulation_portal.test")


class Collect(logging.Handler):
    """A handler as settings.LOGGING builds it (context filter, JSON), keeping what it writes."""

    def __init__(self):
        super().__init__()
        self.addFilter(ContextFilter())
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def collected():
    handler = Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler.lines
    root.removeHandler(handler)


def test_json_line_fields_and_exception(collected):
    try:
        raise ValueError("Sở Xây dựng chưa nộp báo cáo")
    except ValueError:
        log.exception("Không gửi được nhắc việc cho %s", "Sở Xây dựng")
    (line,) = collected
    assert line["level"] == "ERROR" and line["logger"] == "emulation_portal.test"
    assert line["message"] == "Không gửi được nhắc việc cho Sở Xây dựng"
    assert line["time"].endswith("+00:00")
    assert "ValueError: Sở Xây dựng chưa nộp báo cáo" in line["exception"]
    assert "request_id" not in line and "task" not in line  # outside any request or task


def test_records_inside_a_request_carry_its_id_and_user(collected):
    def view(request):
        log.warning("trong yêu cầu")
        return HttpResponse()

    def respond(request):
        middleware.process_view(request, view, (), {})  # as Django's handler does
        return view(request)

    middleware = RequestIdMiddleware(respond)
    request = RequestFactory().get("/")
    request.user = type("User", (), {"is_authenticated": True, "pk": 42})()
    response = middleware(request)
    log.warning("sau yêu cầu")
    inside, after = collected
    assert inside["request_id"] == response["X-Request-ID"]
    assert len(inside["request_id"]) == 32 and inside["user_id"] == 42
    assert "request_id" not in after


@pytest.mark.django_db
def test_response_header_and_the_proxys_request_id(client):
    generated = client.get("/accounts/login/")["X-Request-ID"]
    assert len(generated) == 32 and generated != client.get("/accounts/login/")["X-Request-ID"]
    from_proxy = "9f2c1e7a4b6d8e0f1a2b3c4d5e6f7a8b"
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID=from_proxy)["X-Request-ID"] == (
        from_proxy
    )
    forged = "x\nlevel=CRITICAL"
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID=forged)["X-Request-ID"] != forged


@pytest.mark.django_db
def test_djangos_response_log_knows_the_request_and_user(client, demo, collected):
    client.force_login(demo.xaydung)
    response = client.get("/organizations/999999/")
    assert response.status_code == 404
    (line,) = [line for line in collected if line["logger"] == "django.request"]
    assert line["level"] == "WARNING"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == demo.xaydung.pk
