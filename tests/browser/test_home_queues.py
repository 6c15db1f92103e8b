"""Each role's home is its work queue (issue 15): log in, see the queue, follow an item to its
object, act, and the next person's queue shows it. Also the screenshots of each role's home at
1366 px and 390 px in docs/screenshots/home-<role>-<width>.png."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_journey import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs/screenshots"
ROLES = {"unit": "xaydung", "secretariat": "hvquan", "reviewer": "sonoivu", "admin": "admin"}


@pytest.fixture
def year_2020(demo_live):
    """Everything `load_demo` loads; Sở Xây dựng's registration returned for more targets."""
    import io

    from django.core.management import call_command

    from campaigns.models import Registration

    call_command("load_demo", stdout=io.StringIO())
    Registration.objects.filter(organization=demo_live.org["DT-SXD"]).update(
        status=Registration.Status.RETURNED, return_reason="Bổ sung chỉ tiêu chuyển đổi số"
    )
    return demo_live


def queue(page: Page, role: str, group: str):
    return page.get_by_test_id(f"queue-{role}-{group}")


def test_registration_goes_from_the_units_queue_to_the_secretariats(page: Page, year_2020):
    login(page, year_2020.url, "xaydung", year_2020.password)
    returned = queue(page, "unit", "registrations")
    expect(returned).to_contain_text("Bị trả lại")
    returned.get_by_role("link", name="Phong trào thi đua yêu nước năm 2020").click()
    expect(page.get_by_test_id("status")).to_have_text("Bị trả lại")
    page.get_by_role("button", name="Gửi thư ký khối").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    page.get_by_role("link", name="Trang chủ").click()
    expect(queue(page, "unit", "registrations")).to_contain_text("Không có việc nào đang chờ.")
    logout(page)

    login(page, year_2020.url, "hvquan", year_2020.password)
    review = queue(page, "secretariat", "review")
    expect(review).to_contain_text("Đăng ký: Sở Xây dựng")
    review.get_by_role("link", name="Đăng ký: Sở Xây dựng").click()
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã chấp nhận")
    page.get_by_role("link", name="Trang chủ").click()
    expect(queue(page, "secretariat", "review")).not_to_contain_text("Sở Xây dựng")


def test_reviewer_receives_a_proposal_from_the_queue(page: Page, year_2020):
    login(page, year_2020.url, "sonoivu", year_2020.password)
    receive = queue(page, "reviewer", "receive")
    judge = queue(page, "reviewer", "judge")
    expect(receive.locator("li")).to_have_count(2)
    expect(judge.locator("li")).to_have_count(2)
    first = receive.locator("li a").first
    title = first.inner_text()
    first.click()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_role("link", name="Trang chủ").click()
    # Received, it now waits in the next step of the office's queue: the appraisal.
    expect(receive.locator("li")).to_have_count(1)
    expect(judge.locator("li")).to_have_count(3)
    expect(judge).to_contain_text(title)


def test_screenshots_of_each_roles_home(page: Page, year_2020):
    SCREENSHOTS.mkdir(exist_ok=True)
    for role, username in ROLES.items():
        login(page, year_2020.url, username, year_2020.password)
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
            page.goto(f"{year_2020.url}/")
            if role != "admin":
                expect(page.get_by_test_id(f"queue-{role}")).to_be_visible()
            page.screenshot(path=SCREENSHOTS / f"home-{role}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})
        logout(page)
