"""Directory search and a bloc-year page with a province-sized organisation tree."""

from django.test import Client

from bench.common import measure
from blocs.models import Bloc, BlocMembership, Organization, StaffAssignment, User

UNITS, BLOCS, MEMBERS = 3000, 100, 25


def main():
    province = Organization.objects.create(
        code="B-P", name="Ủy ban nhân dân tỉnh Bench", kind="province"
    )
    office = Organization.objects.create(
        code="B-SNV", name="Sở Nội vụ Bench", kind="department", parent=province,
        emulation_office_for=province,
    )  # fmt: skip
    with measure("create organisations", rows=UNITS):
        units = Organization.objects.bulk_create(
            Organization(code=f"B-{i:05d}", name=f"Sở thử nghiệm Đồng Tháp số {i}",
                         kind="department", parent=province)
            for i in range(UNITS)
        )  # fmt: skip
    blocs = Bloc.objects.bulk_create(
        Bloc(code=f"BK{i}", name=f"Khối thi đua bench {i}", authority=province)
        for i in range(BLOCS)
    )
    BlocMembership.objects.bulk_create(
        BlocMembership(bloc=bloc, organization=units[b * MEMBERS + m], year=2026,
                       role="leader" if m == 0 else "member")
        for b, bloc in enumerate(blocs) for m in range(MEMBERS)
    )  # fmt: skip
    user = User.objects.create(username="bench-reviewer", full_name="Người đo")
    StaffAssignment.objects.create(user=user, organization=office)
    client = Client()
    client.force_login(user)
    client.get("/organizations/")  # warm templates
    with measure(f"directory search over {UNITS} units"):
        assert client.get("/organizations/", {"q": "đồng tháp số 12"}).status_code == 200
    with measure(f"bloc list ({BLOCS} blocs)"):
        assert client.get("/blocs/").status_code == 200
    with measure(f"bloc-year page ({MEMBERS} members, reviewer with forms)"):
        assert client.get(f"/blocs/{blocs[0].pk}/2026/").status_code == 200
    picker = {"bloc": blocs[0].pk, "year": 2026}
    for label, q in (("first of the process", "dong thap so 12"), ("folded", "thu nghiem 27")):
        with measure(f"picker suggestions over {UNITS} units ({label} search)"):
            response = client.get("/autocomplete/membership_candidates/", picker | {"q": q})
            assert response.status_code == 200
    with measure(f"picker suggestions over {UNITS} units (empty search)"):
        assert client.get("/autocomplete/membership_candidates/", picker).status_code == 200
