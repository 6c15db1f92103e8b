"""A form posted back unchanged changes nothing (issue 13, DESIGN §5): no save, no `updated_at`,
no audit entry. A real change is still saved and audited."""

import pytest
from auditlog.models import LogEntry

from blocs import services
from blocs.models import Bloc, Organization, Person

pytestmark = pytest.mark.django_db

ORGANIZATION_FIELDS = [
    "code", "name", "short_name", "kind", "parent", "emulation_office_for",
    "address", "phone", "email", "is_active",
]  # fmt: skip
PERSON_FIELDS = ["full_name", "gender", "birth_year", "position", "is_active"]
BLOC_FIELDS = ["code", "name", "kind", "authority", "description", "is_active"]


def _as_posted(instance, names):
    """What the edit form's cleaned data holds when nothing was typed: the stored values."""
    fresh = type(instance).objects.get(pk=instance.pk)
    return fresh, {name: getattr(fresh, name) for name in names}


def _stamp(instance):
    return type(instance).objects.values_list("updated_at", flat=True).get(pk=instance.pk)


def test_an_unchanged_organization_is_not_saved(demo):
    organization = demo.org["DT"]
    before, entries = _stamp(organization), LogEntry.objects.count()
    fresh, data = _as_posted(organization, ORGANIZATION_FIELDS)
    services.organization_update(organization=fresh, actor=demo.admin, data=data)
    assert _stamp(organization) == before
    assert LogEntry.objects.count() == entries


def test_a_changed_organization_is_saved_and_audited(demo):
    organization = demo.org["DT"]
    before, entries = _stamp(organization), LogEntry.objects.count()
    fresh, data = _as_posted(organization, ORGANIZATION_FIELDS)
    services.organization_update(
        organization=fresh, actor=demo.admin, data=data | {"phone": "0277 3851 111"}
    )
    assert Organization.objects.get(pk=organization.pk).phone == "0277 3851 111"
    assert _stamp(organization) > before
    assert LogEntry.objects.count() == entries + 1


def test_an_unchanged_person_is_not_saved(demo):
    person = Person.objects.create(
        full_name="Nguyễn Thị Hoa", position="Giám đốc", organization=demo.org["DT"]
    )
    before, entries = _stamp(person), LogEntry.objects.count()
    fresh, data = _as_posted(person, PERSON_FIELDS)
    services.person_update(person=fresh, actor=demo.admin, data=data)
    assert _stamp(person) == before
    assert LogEntry.objects.count() == entries


def test_an_unchanged_bloc_is_not_saved_whatever_line_ends_the_browser_posts(demo):
    bloc = demo.bloc
    Bloc.objects.filter(pk=bloc.pk).update(description="Dòng một\nDòng hai")
    before, entries = _stamp(bloc), LogEntry.objects.count()
    fresh, data = _as_posted(bloc, BLOC_FIELDS)
    # A browser posts a textarea's lines with CRLF; the words are the same.
    data["description"] = "Dòng một\r\nDòng hai"
    services.bloc_update(bloc=fresh, actor=demo.admin, data=data)
    assert _stamp(bloc) == before
    assert LogEntry.objects.count() == entries


def test_a_changed_bloc_is_saved(demo):
    bloc = demo.bloc
    before = _stamp(bloc)
    fresh, data = _as_posted(bloc, BLOC_FIELDS)
    services.bloc_update(bloc=fresh, actor=demo.admin, data=data | {"name": "Khối 4A (mới)"})
    assert Bloc.objects.get(pk=bloc.pk).name == "Khối 4A (mới)"
    assert _stamp(bloc) > before
