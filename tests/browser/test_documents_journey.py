"""The secretariat compiles the bloc's six-month report, edits a section, looks at the print
view, generates the PDF, finalises, numbers, uploads the signed scan and issues it; a member
unit then finds it on its home page. Real browser."""

import pytest
from playwright.sync_api import Page, expect

from tests import samples
from tests.browser.test_foundation_journey import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARTY = "Các chi bộ thành viên tổ chức thành công đại hội nhiệm kỳ 2020-2025^[Sở Khoa học và Công nghệ, Sở Công Thương]."  # noqa: E501
SCAN = samples.PDF  # a real PDF: uploads are verified by parsing


@pytest.fixture
def world(demo_live):
    from awards import demo as awards_demo
    from campaigns import demo as campaigns_demo
    from campaigns import demo_progress

    campaigns_demo.load()
    demo_progress.load()
    awards_demo.load()
    return demo_live


def test_bloc_report_from_draft_to_issued(page: Page, world, artifacts, tmp_path):
    login(page, world.url, "hvquan", world.password)
    page.get_by_test_id("documents-link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo sơ kết, tổng kết")
    page.screenshot(path=artifacts / "documents-1-list.png", full_page=True)
    page.get_by_role("button", name="Soạn báo cáo").first.click()
    expect(page.get_by_test_id("status")).to_have_text("Dự thảo")
    page.get_by_label("3. Công tác xây dựng Đảng").fill(PARTY)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu nội dung báo cáo")
    page.screenshot(path=artifacts / "documents-2-draft.png", full_page=True)

    page.get_by_role("link", name="Xem bản in").click()
    expect(page.locator("body")).to_contain_text("TM. KHỐI THI ĐUA 4A")
    expect(page.locator("body")).to_contain_text("Các chi bộ thành viên tổ chức thành công")
    page.screenshot(path=artifacts / "documents-3-print-view.png", full_page=False)
    page.get_by_role("link", name="← Quay lại").click()

    page.get_by_role("button", name="Tạo tệp PDF").click()
    expect(page.get_by_test_id("version-state")).to_have_text("Xong")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name="Quay lại báo cáo").click()

    page.get_by_role("button", name="Chốt nội dung").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã chốt nội dung")
    page.get_by_role("button", name="Cấp số").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã cấp số")
    expect(page.locator("main")).to_contain_text("01/BC-KTĐ4A")
    scan = tmp_path / "bao-cao-da-ky.pdf"
    scan.write_bytes(SCAN)
    page.get_by_label("Bản đã ký, đóng dấu (PDF)").set_input_files(scan)
    page.get_by_role("button", name="Tải lên bản đã ký").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã ký")
    page.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã ban hành")
    page.screenshot(path=artifacts / "documents-4-issued.png", full_page=True)
    logout(page)

    login(page, world.url, "xaydung", world.password)
    page.get_by_test_id("card-received").get_by_role("link").first.click()
    expect(page.get_by_test_id("status")).to_have_text("Đã ban hành")
    expect(page.get_by_role("link", name="Tải bản đã ký (PDF)")).to_be_visible()
    expect(page.get_by_role("button", name="Chốt nội dung")).to_have_count(0)
    page.screenshot(path=artifacts / "documents-5-member.png", full_page=True)
