"""Awards and reports records are bounded for every caller and their database rules speak
Vietnamese (issue 13): a nominee's achievement over 5.000 characters is a field error from the
service as from the form; a second decision with the same number reads as a sentence."""

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.forms import NomineeForm
from awards.models import Decision, Nominee
from blocs.models import Organization, Person
from emulation_portal.fields import MEDIUM_TEXT_MAX
from tests.awards.test_proposals import _proposal

pytestmark = pytest.mark.django_db


def test_the_service_refuses_an_over_long_achievement_on_its_field(world):
    proposal = _proposal(world)
    with pytest.raises(ValidationError) as exc:
        services.nominee_add(
            proposal=proposal, award_type=world.cstdcs, person=world.mai,
            achievement="x" * (MEDIUM_TEXT_MAX + 1), actor=world.demo.xaydung,
        )  # fmt: skip
    assert "Tối đa 5000 ký tự" in exc.value.message_dict["achievement"][0]
    assert not Nominee.objects.filter(proposal=proposal).exists()


def test_the_form_checks_the_same_bound_first(world):
    form = NomineeForm(
        {"person": world.mai.pk, "award_type": world.cstdcs.pk,
         "achievement": "x" * (MEDIUM_TEXT_MAX + 1)},
        people=Person.objects.all(), organizations=Organization.objects.none(),
        award_types=type(world.cstdcs).objects.all(),
    )  # fmt: skip
    assert not form.is_valid()
    assert list(form.errors) == ["achievement"]


def test_a_repeated_decision_number_is_a_vietnamese_message(world):
    issued = world.unit_decision
    copy = Decision(
        authority=issued.authority, year=issued.year, number=issued.number,
        symbol_suffix="QĐ-SXD", dated=issued.dated, title="Bản trùng số",
        signer_name="Nguyễn Văn Ký", signer_title="Giám đốc",
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        copy.full_clean()
    assert exc.value.messages == ["Cơ quan đã có quyết định mang số này trong năm."]
