"""Import of a generated 10,000-row registration workbook (200 units × 50 targets)."""

import io

import openpyxl

from bench.common import measure
from blocs.models import Bloc, BlocMembership, Organization, User
from campaigns import exporter, importer
from campaigns.models import Campaign
from reports import documents

UNITS, TARGETS, YEAR = 200, 50, 2026
DUES = ["Tháng 11/2026", "Quý II/2026 Đang thực hiện", "6 tháng đầu năm 2026", "15/10/2026", ""]


def workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Phụ lục 1"])
    sheet.append(["BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU KHỐI THI ĐUA BENCH"])
    sheet.append([])
    sheet.append(["STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành (dự kiến)"])
    for u in range(UNITS):
        sheet.append([exporter.roman(u + 1), f"Sở thử nghiệm số {u}"])
        for t in range(TARGETS):
            sheet.append([t + 1, f"Chỉ tiêu {t} của đơn vị {u}: đạt 1.150 điểm", DUES[t % 5]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main():
    authority = Organization.objects.create(code="BI-P", name="UBND tỉnh Bench", kind="province")
    units = Organization.objects.bulk_create(
        Organization(code=f"BI-{i}", name=f"Sở thử nghiệm số {i}", kind="department")
        for i in range(UNITS)
    )
    bloc = Bloc.objects.create(code="BENCH", name="Khối thi đua bench", authority=authority)
    BlocMembership.objects.bulk_create(
        BlocMembership(bloc=bloc, organization=o, year=YEAR, role="leader" if i == 0 else "member")
        for i, o in enumerate(units)
    )
    campaign = Campaign.objects.create(
        name="Bench", year=YEAR, authority=authority, start=f"{YEAR}-01-01", end=f"{YEAR}-12-31"
    )
    actor = User.objects.create(username="bench-import", is_superuser=True)
    data = workbook()
    rows = UNITS * (TARGETS + 1)
    print(f"   workbook: {len(data) / 1024:,.0f} KB, {rows:,} rows")
    with measure("parse + plan", rows=rows):
        plan = importer.plan_from_bytes(data, campaign=campaign, bloc=bloc)
    assert plan.ok and plan.target_count == UNITS * TARGETS
    with measure("apply (one transaction)", rows=rows):
        importer.apply_import(plan, actor=actor, source="bench.xlsx")
    with measure("whole import of the same file again (all unchanged)", rows=rows):
        again = importer.plan_from_bytes(data, campaign=campaign, bloc=bloc)
        importer.apply_import(again, actor=actor, source="bench.xlsx")
    with measure("export", rows=rows):
        documents.render("registration", {"campaign": campaign, "bloc": bloc}, "xlsx", user=None)
