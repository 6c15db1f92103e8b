"""Seed 003's "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG" over a registry of 20,000 awards (6 years)."""

import random
from datetime import date, timedelta

from django.test import Client
from django.urls import reverse

from awards.models import Award, AwardType, Decision
from awards.summary import award_summary, summary_codes, to_xlsx
from bench.common import measure
from blocs.models import Bloc, BlocMembership, Organization, Person, User

AWARDS, UNITS, PEOPLE, MEMBERS = 20_000, 300, 3_000, 40
YEARS = range(2018, 2024)
DECISIONS_PER_YEAR = 30  # per authority; every 10th one stays a draft
START, END = date(YEARS[0], 1, 1), date(YEARS[-1], 12, 31)


def _world(rng: random.Random):
    province = Organization.objects.create(code="BS-P", name="UBND tỉnh Bench", kind="province")
    central = Organization.objects.create(code="BS-TW", name="Trung ương Bench", kind="central")
    units = Organization.objects.bulk_create(
        Organization(code=f"BS-{i}", name=f"Đơn vị tổng hợp {i:03d}", kind="department",
                     parent=province)
        for i in range(UNITS)
    )  # fmt: skip
    bloc = Bloc.objects.create(code="BENCH-S", name="Khối bench tổng hợp", authority=province)
    BlocMembership.objects.bulk_create(
        BlocMembership(bloc=bloc, organization=unit, year=year,
                       role="leader" if i == 0 else "member")
        for year in YEARS for i, unit in enumerate(units[:MEMBERS])
    )  # fmt: skip
    people = Person.objects.bulk_create(
        Person(full_name=f"Nguyễn Văn {i}", organization=units[i % UNITS]) for i in range(PEOPLE)
    )
    decisions = Decision.objects.bulk_create(
        Decision(authority=authority, year=year, number=n + 1,
                 dated=date(year, 1, 1) + timedelta(days=n * 12), title="Khen thưởng",
                 signer_name="Bench", signer_title="Chủ tịch",
                 status="draft" if n % 10 == 9 else "issued")
        for authority in (province, central) for year in YEARS
        for n in range(DECISIONS_PER_YEAR)
    )  # fmt: skip
    return province, bloc, units, people, decisions


def main():
    rng = random.Random(2020)
    province, bloc, units, people, decisions = _world(rng)
    in_table = list(AwardType.objects.filter(code__in=summary_codes()))
    others = list(AwardType.objects.exclude(code__in=summary_codes()))
    with measure(f"create {AWARDS:,} awards", rows=AWARDS):
        rows = []
        for _ in range(AWARDS):
            decision = rng.choice(decisions)
            award_type = rng.choice(in_table if rng.random() < 0.7 else others)
            person = rng.choice(people) if rng.random() < 0.6 else None
            organization = person.organization if person else rng.choice(units)
            rows.append(
                Award(award_type=award_type, year=decision.year - 1, decision=decision,
                      person=person, organization=organization)
            )  # fmt: skip
        Award.objects.bulk_create(rows, batch_size=2_000)

    for label, scope in (("authority", {"authority": province}), ("bloc", {"bloc": bloc})):
        for attempt in (1, 2, 3):
            with measure(f"award_summary, {label}, {len(YEARS)} years (run {attempt})"):
                table = award_summary(start=START, end=END, **scope)
        print(f"   → {table.total:,} awards ({table.collectives:,} tập thể, "
              f"{table.individuals:,} cá nhân)")  # fmt: skip
    with measure("to_xlsx"):
        to_xlsx(table)

    admin = User.objects.create(username="bench-summary-admin", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    params = {"from": f"{START:%d/%m/%Y}", "to": f"{END:%d/%m/%Y}", "authority": province.pk}
    url = reverse("award_summary")
    client.get(url, params)  # warm up templates
    for attempt in (1, 2, 3):
        with measure(f"summary page, authority, {AWARDS:,} awards (run {attempt})"):
            response = client.get(url, params)
        assert response.status_code == 200
    with measure("summary page, bloc"):
        response = client.get(url, {**params, "authority": "", "bloc": bloc.pk})
    assert response.status_code == 200
    with measure("summary xlsx download"):
        response = client.get(url, {**params, "format": "xlsx"})
    assert response.status_code == 200
