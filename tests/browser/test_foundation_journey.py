"""Each demo account logs in through a real browser and sees its role's navigation."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page: Page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def logout(page: Page) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


ROLE_NAV = {
    "admin": "Quản trị",
    "sonoivu": "Quản lý khối, cụm",
    "hvquan": "Thư ký khối",
    "xaydung": "Đơn vị của tôi",
}


def test_every_demo_account_sees_its_navigation(page: Page, demo_live, artifacts):
    for username, nav_item in ROLE_NAV.items():
        login(page, demo_live.url, username, demo_live.password)
        expect(page.get_by_test_id("nav")).to_contain_text(nav_item)
        page.screenshot(path=artifacts / f"foundation-home-{username}.png", full_page=True)
        logout(page)


def test_khoi_4a_2020_page_lists_eight_units_with_the_leader(page: Page, demo_live, artifacts):
    login(page, demo_live.url, "xaydung", demo_live.password)
    page.get_by_role("link", name="Khối, cụm", exact=True).click()
    page.get_by_role("link", name="Khối thi đua 4A").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Khối thi đua 4A – năm 2020")
    rows = page.get_by_test_id("members").locator("tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.first).to_contain_text("Sở Khoa học và Công nghệ")
    expect(rows.first).to_contain_text("Khối trưởng")
    expect(page.get_by_test_id("leader")).to_have_text("Sở Khoa học và Công nghệ")
    page.screenshot(path=artifacts / "foundation-khoi-4a-2020.png", full_page=True)


def test_wrong_password_is_refused_in_vietnamese(page: Page, demo_live):
    login(page, demo_live.url, "xaydung", "sai-mat-khau")
    expect(page.locator("main form")).to_contain_text("Tên đăng nhập và mật khẩu chính xác")
