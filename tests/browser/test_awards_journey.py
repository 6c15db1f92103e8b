"""Sở Xây dựng's officer proposes two people for Chiến sĩ thi đua cơ sở with their dossiers;
Sở Nội vụ's reviewer sees one flagged ineligible (no initiative), returns the proposal with the
reason, the officer sends it again unchanged, the reviewer approves the eligible one; a decision
is drafted and issued; the registry and the award summary show it. Real browser."""

import datetime
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests import samples
from tests.browser.test_foundation_journey import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = samples.PDF  # a real PDF: uploads are verified by parsing
UNIT = "Sở Xây dựng"
AUTHORITY = "Ủy ban nhân dân tỉnh Đồng Tháp"
CSTDCS = "Chiến sĩ thi đua cơ sở"
MAI, HUNG = "Nguyễn Thị Mai", "Lê Văn Hùng"
MAI_NOMINEE, HUNG_NOMINEE = f"{MAI} – {CSTDCS}", f"{HUNG} – {CSTDCS}"
INITIATIVE = "Số hoá hồ sơ cấp phép xây dựng"
TITLE = "Đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2020"
SYMBOL = "05/TTr-SXD"
ACHIEVEMENT = {
    MAI: "Hoàn thành xuất sắc nhiệm vụ năm 2020; chủ trì sáng kiến số hoá hồ sơ cấp phép.",
    HUNG: "Hoàn thành xuất sắc nhiệm vụ năm 2020; thẩm định 120 hồ sơ cấp phép đúng hạn.",
}
NOT_ELIGIBLE_NOTE = "Chưa có sáng kiến được công nhận năm 2020."
REASON = "Bổ sung sáng kiến cho ông Lê Văn Hùng"
DECISION_TITLE = "Tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2020"
DECISION_SYMBOL = "40/QĐ-UBND.KT"  # the ORM's Bằng khen decision is 39 of 2021: next is 40
SIGNER = "Trần Văn Ký"
BK_DECISION = "39/QĐ-UBND.KT"
BK_UNIT = "Sở Xây dựng"


@pytest.fixture
def awards_world(demo_live, settings, tmp_path):
    """Sở Xây dựng's people and 2020 records; one Bằng khen UBND tỉnh of 2021 for the summary.

    Mai: Lao động tiên tiến 2020 and an initiative 2020 (eligible for CSTĐ cơ sở).
    Hùng: Lao động tiên tiến 2020 only (not eligible: Luật TĐKT 2003 (sửa đổi 2013), Điều 23 —
    a 2020 achievement is judged by the law then in force).
    Twenty more LĐTT 2020 in the unit, so 15% of 22 = 3 places are enough for two nominees.
    """
    from awards.models import Award, AwardType, Decision, Initiative
    from blocs.models import Person

    settings.MEDIA_ROOT = tmp_path / "media"  # the dossier files stay out of the project
    unit, province = demo_live.org["DT-SXD"], demo_live.org["DT"]
    ldtt = AwardType.objects.get(code="LDTT")
    unit_decision = Decision.objects.create(
        authority=unit,
        year=2020,
        number=1,
        symbol_suffix="QĐ-SXD",
        dated=datetime.date(2020, 12, 1),
        title="Công nhận danh hiệu Lao động tiên tiến năm 2020",
        signer_name="Nguyễn Văn Giám",
        signer_title="Giám đốc",
        status=Decision.Status.ISSUED,
    )
    mai = Person.objects.create(
        full_name=MAI, gender="female", position="Chuyên viên", organization=unit
    )
    hung = Person.objects.create(
        full_name=HUNG, gender="male", position="Chuyên viên", organization=unit
    )
    colleagues = [
        Person.objects.create(full_name=f"Cán bộ Sở Xây dựng số {n:02d}", organization=unit)
        for n in range(1, 21)
    ]
    for person in [mai, hung, *colleagues]:
        Award.objects.create(
            award_type=ldtt, year=2020, decision=unit_decision, person=person, organization=unit
        )
    Initiative.objects.create(
        person=mai, year=2020, title=INITIATIVE, scope=Initiative.Scope.BASE,
        recognized_by="Quyết định 12/QĐ-SXD ngày 20/11/2020",
    )  # fmt: skip
    bk_decision = Decision.objects.create(
        authority=province,
        year=2021,
        number=39,
        symbol_suffix="QĐ-UBND.KT",
        dated=datetime.date(2021, 2, 20),
        title="Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2020",
        signer_name=SIGNER,
        signer_title="Chủ tịch",
        status=Decision.Status.ISSUED,
    )
    Award.objects.create(
        award_type=AwardType.objects.get(code="BK_TINH"),
        year=2020,
        decision=bk_decision,
        organization=unit,
    )
    demo_live.mai, demo_live.hung = mai, hung
    return demo_live


def shot(page: Page, artifacts, step: str) -> None:
    page.screenshot(path=artifacts / f"awards-{step}.png", full_page=True)


def awards_menu(page: Page, item: str) -> None:
    """Navigation: "Khen thưởng" ▸ item."""
    page.get_by_test_id("nav").get_by_role("button", name="Khen thưởng", exact=True).click()
    page.get_by_test_id("nav").get_by_role("link", name=item, exact=True).click()


def nominee_row(page: Page, name: str) -> Locator:
    return page.get_by_test_id("nominees").locator(f"tr[data-nominee='{name}']")


def open_proposal(page: Page) -> None:
    """Khen thưởng ▸ Đề nghị khen thưởng ▸ the proposal."""
    awards_menu(page, "Đề nghị khen thưởng")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đề nghị khen thưởng")
    page.get_by_test_id("proposals").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def upload(page: Page, kind: str, nominee: str | None, path) -> None:
    page.get_by_label("Loại tài liệu").select_option(label=kind)
    page.get_by_label("Của đối tượng").select_option(label=nominee or "— cả tờ trình —")
    page.get_by_label("Tệp (PDF, ảnh, Word, Excel; tối đa 10 MB)").set_input_files(path)
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def verdict(page: Page, nominee: str, result: str, note: str = "") -> None:
    """The reviewer's verdict form: tick one nominee, choose the result, write the note."""
    page.get_by_label(nominee, exact=True).check()
    page.get_by_label("Kết quả thẩm định").select_option(label=result)
    page.get_by_label("Lý do, ghi chú").fill(note)
    page.get_by_role("button", name="Ghi kết quả thẩm định").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def receive_and_check(page: Page) -> None:
    """Reviewer: take the proposal in, see Hùng flagged, Mai eligible, Hùng not."""
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã tiếp nhận")
    hung_checks = nominee_row(page, HUNG).get_by_test_id("checks")
    failed = hung_checks.locator(".check-fail")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("✘")
    expect(failed).to_contain_text("Chưa có sáng kiến được công nhận năm 2020")
    expect(failed).to_contain_text("(Luật TĐKT 2003 (sửa đổi 2013), Điều 23)")
    mai_checks = nominee_row(page, MAI).get_by_test_id("checks")
    expect(mai_checks.locator(".check-fail")).to_have_count(0)
    expect(mai_checks.locator(".check-pass").first).to_contain_text(
        f"Đạt Lao động tiên tiến năm 2020; sáng kiến: {INITIATIVE}."
    )
    expect(mai_checks).to_contain_text("2 CSTĐ cơ sở trên 22 LĐTT (tối đa 3).")


def test_cstd_co_so_proposal_review_return_approve_decide_registry_summary(
    page: Page, awards_world, artifacts, tmp_path
):
    from awards.models import Award, Decision, Nominee, Proposal, ReviewAction

    world = awards_world
    files = {}
    for name in ("to-trinh", "bien-ban", "bao-cao-mai", "sang-kien-mai", "bao-cao-hung",
                 "sang-kien-hung"):  # fmt: skip
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(PDF)

    # 1. Sở Xây dựng's officer drafts the proposal.
    login(page, world.url, "xaydung", world.password)
    awards_menu(page, "Đề nghị khen thưởng")
    page.get_by_role("link", name="Lập tờ trình").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lập tờ trình đề nghị khen thưởng")
    page.get_by_label("Trích yếu").fill(TITLE)
    page.get_by_label("Loại khen thưởng").select_option(label="Thường xuyên (tổng kết năm)")
    page.get_by_label("Năm thành tích").fill("2020")
    page.get_by_label("Cấp quyết định").select_option(label=AUTHORITY)
    page.get_by_label("Số, ký hiệu tờ trình").fill(SYMBOL)
    page.get_by_label("Ngày tờ trình").fill("15/12/2020")
    shot(page, artifacts, "1-proposal-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_test_id("status")).to_have_text("Đang soạn")
    expect(page.locator("main")).to_contain_text(
        f"{UNIT} → {AUTHORITY} · Thường xuyên (tổng kết năm) · năm 2020 · "
        f"Tờ trình số {SYMBOL} ngày 15/12/2020"
    )

    # 2. Two nominees.
    for person in (MAI, HUNG):
        page.get_by_role("combobox", name="Cá nhân").fill(person)
        page.get_by_role("listbox").get_by_role("option").filter(has_text=person).first.click()
        page.get_by_label("Danh hiệu, hình thức").select_option(label=CSTDCS)
        page.get_by_label("Tóm tắt thành tích").fill(ACHIEVEMENT[person])
        page.get_by_role("button", name="Thêm", exact=True).click()
        expect(nominee_row(page, person)).to_contain_text(CSTDCS)
    expect(page.get_by_test_id("nominees").locator("tbody tr")).to_have_count(2)
    expect(nominee_row(page, HUNG)).to_contain_text(ACHIEVEMENT[HUNG])
    checklist = page.get_by_test_id("checklist").locator("li")
    expect(checklist).to_have_count(6)  # 2 for the proposal, 2 for each nominee
    expect(page.get_by_test_id("checklist").locator(".text-danger")).to_have_count(6)
    shot(page, artifacts, "2-nominees-added")

    # 3. The dossier: tờ trình, biên bản; each nominee's report and initiative confirmation.
    # (Hùng has no recognised initiative; the officer attaches what he has anyway.)
    upload(page, "Tờ trình đề nghị khen thưởng (kèm danh sách)", None, files["to-trinh"])
    upload(page, "Biên bản họp Hội đồng thi đua – khen thưởng", None, files["bien-ban"])
    report = "Báo cáo thành tích (có xác nhận của cấp trình)"
    initiative = "Quyết định, giấy xác nhận công nhận sáng kiến"
    upload(page, report, MAI_NOMINEE, files["bao-cao-mai"])
    upload(page, initiative, MAI_NOMINEE, files["sang-kien-mai"])
    upload(page, report, HUNG_NOMINEE, files["bao-cao-hung"])
    upload(page, initiative, HUNG_NOMINEE, files["sang-kien-hung"])
    expect(checklist).to_have_count(6)
    expect(page.get_by_test_id("checklist").locator(".text-danger")).to_have_count(0)
    for item in checklist.all():
        expect(item).to_contain_text("✔")
    expect(page.get_by_role("link", name="sang-kien-mai.pdf")).to_be_visible()
    shot(page, artifacts, "3-dossier-complete")

    page.get_by_role("button", name="Gửi tờ trình").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi tờ trình.")
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    expect(page.get_by_role("button", name="Thêm", exact=True)).to_have_count(0)
    shot(page, artifacts, "4-submitted")
    logout(page)

    # 4. Sở Nội vụ's reviewer receives it: Hùng is flagged, with the explanation.
    login(page, world.url, "sonoivu", world.password)
    awards_menu(page, "Đề nghị khen thưởng")
    row = page.get_by_test_id("proposals").locator("tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text(UNIT)
    expect(row).to_contain_text("Đã gửi")
    expect(row.locator("td").nth(4)).to_have_text("2")
    page.get_by_test_id("proposals").get_by_role("link", name=TITLE).click()
    receive_and_check(page)
    shot(page, artifacts, "5-received-checks")

    # 5. Verdicts, then the proposal goes back with the reason.
    verdict(page, MAI_NOMINEE, "Đủ điều kiện")
    expect(nominee_row(page, MAI)).to_contain_text("Đủ điều kiện")
    verdict(page, HUNG_NOMINEE, "Không đủ điều kiện", NOT_ELIGIBLE_NOTE)
    expect(nominee_row(page, HUNG)).to_contain_text("Không đủ điều kiện")
    expect(nominee_row(page, HUNG)).to_contain_text(NOT_ELIGIBLE_NOTE)
    expect(page.get_by_test_id("status")).to_have_text("Đã thẩm định")
    shot(page, artifacts, "6-verdicts")
    page.get_by_label("Ý kiến, lý do").fill(REASON)
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(page.get_by_test_id("status")).to_have_text("Trả lại để bổ sung")
    expect(page.get_by_test_id("return-reason")).to_contain_text(REASON)
    shot(page, artifacts, "7-returned-reviewer")
    logout(page)

    # 6. The officer reads the reason and sends the proposal again as it is.
    login(page, world.url, "xaydung", world.password)
    open_proposal(page)
    expect(page.get_by_test_id("status")).to_have_text("Trả lại để bổ sung")
    expect(page.get_by_test_id("return-reason")).to_contain_text(REASON)
    expect(page.get_by_test_id("timeline")).to_contain_text(f"Trả lại để bổ sung: {REASON}")
    shot(page, artifacts, "8-returned-officer")
    page.get_by_role("button", name="Gửi lại tờ trình").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi tờ trình.")
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    expect(page.get_by_test_id("return-reason")).to_have_count(0)
    expect(page.get_by_test_id("timeline")).to_contain_text("Gửi lại sau khi bổ sung")
    logout(page)

    # 7. The reviewer receives it again, judges again and approves the eligible nominee.
    login(page, world.url, "sonoivu", world.password)
    open_proposal(page)
    receive_and_check(page)
    expect(nominee_row(page, MAI)).to_contain_text("Chưa thẩm định")  # verdicts start afresh
    verdict(page, MAI_NOMINEE, "Đủ điều kiện")
    verdict(page, HUNG_NOMINEE, "Không đủ điều kiện", NOT_ELIGIBLE_NOTE)
    page.get_by_role("button", name="Duyệt các đối tượng đủ điều kiện").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã duyệt")
    expect(nominee_row(page, MAI)).to_contain_text("Được duyệt")
    expect(nominee_row(page, HUNG)).to_contain_text("Không duyệt")
    shot(page, artifacts, "9-approved")

    # 8. The decision: drafted from the menu, number left for the system, then issued.
    awards_menu(page, "Dự thảo quyết định")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dự thảo quyết định khen thưởng")
    expect(page.get_by_label(HUNG_NOMINEE)).to_have_count(0)  # only approved nominees
    page.get_by_label("Ký hiệu").fill("QĐ-UBND.KT")
    page.get_by_label("Ngày ký").fill("25/02/2021")
    page.get_by_label("Trích yếu").fill(DECISION_TITLE)
    page.get_by_label("Người ký*", exact=True).fill(SIGNER)
    expect(page.get_by_label("Chức vụ người ký")).to_have_value("Chủ tịch")
    page.get_by_label(MAI_NOMINEE, exact=True).check()
    shot(page, artifacts, "10-decision-form")
    page.get_by_role("button", name="Lưu").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"Quyết định số {DECISION_SYMBOL} ngày 25/02/2021")
    expect(page.get_by_test_id("status")).to_have_text("Dự thảo")
    expect(page.locator("main")).to_contain_text(MAI_NOMINEE)
    page.get_by_role("button", name=re.compile("^Ban hành")).click()
    expect(page.get_by_role("alert")).to_contain_text(f"Đã ban hành quyết định {DECISION_SYMBOL}.")
    expect(page.get_by_test_id("status")).to_have_text("Đã ban hành")
    expect(page.get_by_test_id("awards").locator("li")).to_have_text([f"{MAI} – {CSTDCS} (2020)"])
    expect(page.get_by_role("button", name=re.compile("^Ban hành"))).to_have_count(0)
    shot(page, artifacts, "11-decision-issued")

    # 9. The registry: Mai's award with the decision's symbol.
    awards_menu(page, "Sổ khen thưởng")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sổ khen thưởng")
    registry = page.get_by_test_id("registry").locator("tbody tr")
    award_row = registry.filter(has_text=CSTDCS)
    expect(award_row).to_have_count(1)
    expect(award_row).to_contain_text(MAI)
    expect(award_row).to_contain_text(UNIT)
    expect(award_row).to_contain_text(f"{DECISION_SYMBOL} ngày 25/02/2021")
    expect(registry.filter(has_text=HUNG).filter(has_text=CSTDCS)).to_have_count(0)
    page.get_by_placeholder("Tên cá nhân hoặc đơn vị").fill(MAI)
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(registry).to_have_count(2)  # her LĐTT 2020 and the new CSTĐ cơ sở
    expect(registry.filter(has_text=CSTDCS)).to_contain_text(DECISION_SYMBOL)
    expect(registry.filter(has_text="Lao động tiên tiến")).to_contain_text("01/QĐ-SXD")
    shot(page, artifacts, "12-registry")

    # 10. The award summary of Đồng Tháp for 2021: the new CSTĐ cơ sở (group III, after seed
    # 003's rows) and the ORM's Bằng khen của Chủ tịch UBND tỉnh.
    awards_menu(page, "Tổng hợp kết quả khen thưởng")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng hợp kết quả khen thưởng")
    page.get_by_label("Từ ngày").fill("01/01/2021")
    page.get_by_label("Đến hết ngày").fill("31/12/2021")
    page.get_by_label("Cơ quan quyết định").select_option(label=AUTHORITY)
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_test_id("award-summary-period")).to_have_text(
        "(từ ngày 01/01/2021 đến hết ngày 31/12/2021)"
    )
    table = page.get_by_test_id("award-summary")
    expect(table.locator("tr[data-group]")).to_have_count(3)
    expect(table.locator("tr[data-group='I']")).to_contain_text("Khen thưởng cấp Nhà nước")
    expect(table.locator("tr[data-group='II']")).to_contain_text("Khen thưởng cấp tỉnh")
    expect(table.locator("tr[data-group='III']")).to_contain_text("Khen thưởng cấp cơ sở")
    bk = table.locator("tr[data-row='II.4']")
    expect(bk.locator("[data-col='label']")).to_have_text("Bằng khen của Chủ tịch UBND tỉnh")
    expect(bk.locator("[data-col='total']")).to_have_text("1")
    expect(bk.locator("[data-col='collectives']")).to_have_text("1")
    expect(bk.locator("[data-col='individuals']")).to_have_text("0")
    new_award = table.locator("tr[data-row='III.2']")
    expect(new_award.locator("[data-col='label']")).to_have_text(CSTDCS)
    expect(new_award.locator("[data-col='individuals']")).to_have_text("1")
    total = table.locator("tr[data-row='total']")
    expect(total.locator("[data-col='total']")).to_have_text("2")
    shot(page, artifacts, "13-summary")

    # 11. What was stored.
    proposal = Proposal.objects.get(title=TITLE)
    decision = Decision.objects.get(authority=world.org["DT"], year=2021, number=40)
    assert decision.symbol == DECISION_SYMBOL
    assert decision.status == Decision.Status.ISSUED
    assert decision.dated == datetime.date(2021, 2, 25)
    assert proposal.status == Proposal.Status.DECIDED
    assert proposal.return_reason == ""
    mai, hung = (proposal.nominees.get(person=p) for p in (world.mai, world.hung))
    assert (mai.verdict, mai.decision_id) == (Nominee.Verdict.APPROVED, decision.pk)
    assert (hung.verdict, hung.decision_id) == (Nominee.Verdict.REJECTED, None)
    award = Award.objects.get(award_type__code="CSTDCS", person=world.mai)
    assert (award.year, award.decision_id, award.nominee_id) == (2020, decision.pk, mai.pk)
    assert award.organization == world.org["DT-SXD"]
    assert not Award.objects.filter(award_type__code="CSTDCS", person=world.hung).exists()
    assert proposal.documents.count() == 6
    actions = list(proposal.actions.values_list("action", "comment"))
    assert ("return", REASON) in actions
    assert [a for a, _c in actions if not a.startswith("verdict")] == [
        "create", "submit", "receive", "return", "submit", "receive", "approve", "decision",
    ]  # fmt: skip
    assert (
        ReviewAction.objects.filter(
            proposal=proposal,
            nominee=hung,
            action="verdict:not_eligible",
            comment=NOT_ELIGIBLE_NOTE,
        ).count()
        == 2
    )


def test_verdict_uses_the_checks_the_reviewer_sees(awards_world):
    """Hùng's initiative is recorded after the proposal was sent: the reviewer's page shows
    ✔ for him, yet "Đủ điều kiện" is refused as if the check still failed."""
    from awards import eligibility, services
    from awards.models import AwardType, DossierDocument, Initiative

    world = awards_world
    officer, reviewer = world.xaydung, world.reviewer
    proposal = services.proposal_create(
        actor=officer, proposer=world.org["DT-SXD"], authority=world.org["DT"],
        kind="annual", year=2020, title=TITLE,
    )  # fmt: skip
    nominee = services.nominee_add(
        proposal=proposal, award_type=AwardType.objects.get(code="CSTDCS"), person=world.hung,
        achievement=ACHIEVEMENT[HUNG], actor=officer,
    )  # fmt: skip
    kinds = DossierDocument.Kind
    for owner, kind in [(None, kinds.SUBMISSION), (None, kinds.MINUTES),
                        (nominee, kinds.REPORT), (nominee, kinds.INITIATIVE)]:  # fmt: skip
        services.document_add(
            proposal=proposal, nominee=owner, kind=kind, name="a.pdf", data=PDF, actor=officer
        )
    services.proposal_submit(proposal=proposal, actor=officer)
    Initiative.objects.create(
        person=world.hung, year=2020, title="Quy trình thẩm định hồ sơ cấp phép một cửa",
        scope=Initiative.Scope.BASE,
    )  # fmt: skip
    services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
    nominee.refresh_from_db()
    shown = [c.as_dict() for c in eligibility.evaluate(nominee)]  # as proposal_detail does
    assert eligibility.passes(shown)
    services.nominees_verdict(
        proposal=proposal, nominees=[nominee], verdict="eligible", note="", actor=reviewer
    )
