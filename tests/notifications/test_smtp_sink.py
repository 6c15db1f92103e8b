"""The e-mail path end to end: a real SMTP conversation with a sink on 127.0.0.1 (aiosmtpd),
configured through EMAIL_URL's parser as production would be. Never skipped: CI proves it."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from campaigns import services as campaign_services
from campaigns.models import Registration
from emulation_portal.env import email_url
from notifications.models import Notification

pytestmark = pytest.mark.django_db


class Sink:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sink():
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def test_a_returned_registration_is_mailed_through_smtp(
    world, sink, django_capture_on_commit_callbacks
):
    handler, port = sink
    world.xaydung.email = "xaydung@example.gov.vn"
    world.xaydung.save()
    smtp = email_url(f"smtp://portal:m%E1%BA%ADt@127.0.0.1:{port}")
    assert (smtp.user, smtp.password) == ("portal", "mật")  # percent-decoded
    registration = Registration.objects.get(bloc=world.bloc, organization=world.org["DT-SXD"])
    with (
        override_settings(
            EMAIL_BACKEND=smtp.backend,
            EMAIL_HOST=smtp.host,
            EMAIL_PORT=smtp.port,
            # the sink offers no AUTH: log in with no credentials
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            NOTIFICATION_EMAILS=True,
        ),  # fmt: skip
        django_capture_on_commit_callbacks(execute=True),
    ):
        campaign_services.registration_transition(
            registration=registration, event="return", actor=world.secretariat,
            reason="Thiếu chỉ tiêu về cải cách hành chính.",
        )  # fmt: skip
    assert [to for to, _message in handler.received] == [["xaydung@example.gov.vn"]]
    message = handler.received[0][1]
    # UTF-8 encoded words, folded after "Subject:" (the unfolded space is not part of it).
    assert "=?utf-8?" in message.as_string() or "=?UTF-8?" in message.as_string()
    assert (
        message["Subject"].strip().startswith("Thi đua – Khen thưởng: Đăng ký thi đua bị trả lại")
    )
    body = message.get_content()
    assert "Thiếu chỉ tiêu về cải cách hành chính." in body
    assert f"/registrations/{registration.pk}/" in body
    notice = Notification.objects.get(recipient=world.xaydung, event="registration.return")
    assert notice.emailed_at is not None
