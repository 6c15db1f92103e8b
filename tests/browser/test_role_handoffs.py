"""Issue 15's acceptance, one chain per paper: each person logs in, sees the step in the badge,
the notifications and the queue, follows the notification to the paper, acts, and the next
person's queue and notifications show it; the one who acted is not told of their own step.

The demo's earlier notices are marked read first, so each badge counts only the chain's steps.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_journey import login, logout
from tests.browser.test_home_queues import queue
from tests.samples import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Bổ sung chỉ tiêu về chuyển đổi số"
CAMPAIGN = "Phong trào thi đua yêu nước năm 2020"
PROPOSAL = "Đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2020 (đợt 4)"


@pytest.fixture
def year_2020(demo_live):
    """Everything `load_demo` loads; each test marks the notices read once its scene is set."""
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    return demo_live


def all_read():
    from blocs.models import User
    from notifications import services

    for user in User.objects.all():
        services.mark_read(user=user)


def badge(page: Page):
    return page.get_by_test_id("notifications-link").locator(".badge")


def follow_notice(page: Page, text: str) -> None:
    """From the badge to the list, then the one unread notice to its page."""
    page.get_by_test_id("notifications-link").click()
    unread = page.get_by_test_id("notifications").locator("li[data-unread='1']")
    notice = unread.get_by_role("button", name=text)
    expect(notice).to_have_count(1)
    notice.click()


def no_notices(page: Page) -> None:
    """The actor's own step told them nothing."""
    page.get_by_role("link", name="Trang chủ").click()
    expect(badge(page)).to_have_count(0)


def test_registration_returned_fixed_submitted_accepted(page: Page, year_2020, artifacts):
    """Unit → secretariat → unit, through a returned registration."""
    from campaigns import services
    from campaigns.models import Registration

    registration = Registration.objects.get(
        campaign__name=CAMPAIGN, organization=year_2020.org["DT-SXD"]
    )
    # Accepted in the demo: reopened, sent again and returned, as the people would have.
    services.registration_transition(
        registration=registration, event="reopen", actor=year_2020.secretariat, reason=REASON
    )
    services.registration_transition(
        registration=registration, event="submit", actor=year_2020.xaydung
    )
    all_read()
    services.registration_transition(
        registration=registration, event="return", actor=year_2020.secretariat, reason=REASON
    )
    detail = re.compile(rf"/registrations/{registration.pk}/$")

    login(page, year_2020.url, "xaydung", year_2020.password)
    expect(badge(page)).to_have_text("1")
    expect(queue(page, "unit", "registrations")).to_contain_text("Bị trả lại")
    page.screenshot(path=artifacts / "handoff-1-unit-returned.png", full_page=True)
    follow_notice(page, "Đăng ký thi đua bị trả lại")
    expect(page).to_have_url(detail)
    expect(page.get_by_test_id("status")).to_have_text("Bị trả lại")
    page.get_by_role("button", name="Gửi thư ký khối").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    no_notices(page)
    expect(queue(page, "unit", "registrations")).not_to_contain_text(CAMPAIGN)
    logout(page)

    login(page, year_2020.url, "hvquan", year_2020.password)
    expect(badge(page)).to_have_text("1")
    expect(queue(page, "secretariat", "review")).to_contain_text("Đăng ký: Sở Xây dựng")
    page.screenshot(path=artifacts / "handoff-2-secretariat-submitted.png", full_page=True)
    follow_notice(page, "đã gửi đăng ký thi đua")
    expect(page).to_have_url(detail)
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã chấp nhận")
    no_notices(page)
    expect(queue(page, "secretariat", "review")).not_to_contain_text("Sở Xây dựng")
    logout(page)

    login(page, year_2020.url, "xaydung", year_2020.password)
    expect(badge(page)).to_have_text("1")
    follow_notice(page, "Đăng ký thi đua đã được chấp nhận")
    expect(page).to_have_url(detail)
    expect(page.get_by_test_id("status")).to_have_text("Đã chấp nhận")
    page.screenshot(path=artifacts / "handoff-3-unit-accepted.png", full_page=True)


def test_proposal_sent_again_received_by_the_office(page: Page, year_2020, artifacts):
    """Unit → reviewer → unit, through a proposal returned for more documents."""
    from awards import services
    from awards.models import Proposal

    proposal = Proposal.objects.get(title=PROPOSAL)
    # The officer has gathered the dossier the office asked for.
    for nominee, kind, _label, present in services.checklist(proposal):
        if not present:
            services.document_add(
                proposal=proposal, nominee=nominee, kind=kind, name=f"{kind}.pdf", data=PDF,
                actor=year_2020.xaydung,
            )  # fmt: skip
    all_read()
    detail = re.compile(rf"/proposals/{proposal.pk}/$")

    login(page, year_2020.url, "xaydung", year_2020.password)
    proposals = queue(page, "unit", "proposals")
    expect(proposals).to_contain_text(PROPOSAL)
    proposals.get_by_role("link", name=PROPOSAL).click()
    page.get_by_role("button", name="Gửi lại tờ trình").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    no_notices(page)
    expect(queue(page, "unit", "proposals")).not_to_contain_text(PROPOSAL)
    logout(page)

    login(page, year_2020.url, "sonoivu", year_2020.password)
    expect(badge(page)).to_have_text("1")
    expect(queue(page, "reviewer", "receive")).to_contain_text(PROPOSAL)
    page.screenshot(path=artifacts / "handoff-4-reviewer-submitted.png", full_page=True)
    follow_notice(page, "Có tờ trình khen thưởng mới cần thẩm định")
    expect(page).to_have_url(detail)
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("alert")).to_be_visible()
    no_notices(page)
    expect(queue(page, "reviewer", "receive")).not_to_contain_text(PROPOSAL)
    expect(queue(page, "reviewer", "judge")).to_contain_text(PROPOSAL)
    logout(page)

    login(page, year_2020.url, "xaydung", year_2020.password)
    expect(badge(page)).to_have_text("1")
    follow_notice(page, "Tờ trình đã được tiếp nhận")
    expect(page).to_have_url(detail)
    expect(page.get_by_test_id("status")).to_have_text("Đã tiếp nhận")
    page.screenshot(path=artifacts / "handoff-5-unit-received.png", full_page=True)


def test_decision_issued_from_the_queue_reaches_the_unit(page: Page, year_2020, artifacts):
    """Reviewer → unit: the office issues its draft decision for an approved proposal."""
    import datetime

    from awards import services
    from awards.models import Proposal

    proposal = Proposal.objects.get(title=PROPOSAL.replace("đợt 4", "đợt 6"))  # approved
    decision = services.decision_create(
        authority=proposal.authority, year=2020, dated=datetime.date(2020, 12, 28),
        title="Tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2020",
        signer_name="Nguyễn Văn A", signer_title="Phó Chủ tịch",
        nominees=list(proposal.nominees.all()), actor=year_2020.reviewer,
    )  # fmt: skip
    all_read()

    login(page, year_2020.url, "sonoivu", year_2020.password)
    decide = queue(page, "reviewer", "decide")
    decide.get_by_role("link", name=decision.symbol).click()
    page.get_by_role("button", name="Ban hành").click()
    no_notices(page)
    expect(queue(page, "reviewer", "decide")).not_to_contain_text(decision.symbol)
    logout(page)

    login(page, year_2020.url, "xaydung", year_2020.password)
    expect(badge(page)).to_have_text("1")
    follow_notice(page, f"Đã ban hành quyết định khen thưởng {decision.symbol}")
    expect(page).to_have_url(re.compile(rf"/proposals/{proposal.pk}/$"))
    expect(page.get_by_test_id("status")).to_have_text("Đã có quyết định")
    page.screenshot(path=artifacts / "handoff-6-unit-decided.png", full_page=True)
