from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from blocs.models import Bloc, BlocMembership

pytestmark = pytest.mark.django_db


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_load_demo_twice_gives_the_same_row_counts():
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first
    for username in ("admin", "sonoivu", "hvquan", "xaydung", "congthuong"):
        assert username in out.getvalue()


def test_demo_has_the_seed_structure():
    call_command("load_demo", stdout=StringIO())
    members = BlocMembership.objects.filter(bloc__code="KTĐ4A", year=2020)
    assert members.count() == 8
    assert members.get(role="leader").organization.name == "Sở Khoa học và Công nghệ"
    hong_ngu = Bloc.objects.filter(authority__code="DT-HN")
    assert sorted(hong_ngu.values_list("kind", flat=True)) == ["bloc", "bloc", "bloc", "cluster"]
    cluster = BlocMembership.objects.filter(bloc__code="CTĐ-ĐNB", year=2020)
    assert cluster.count() == 7
    assert cluster.get(role="leader").organization.code == "NT"
