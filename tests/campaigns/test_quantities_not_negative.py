"""A service that validates its rows refuses a negative result or an over-long note even
when no form stood in front of it (issue 13: negative results were saved)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns import progress
from campaigns.models import Criterion, Target, TargetProgress
from tests.campaigns.test_number_round_trip import report_world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "note", "field"),
    [(Decimal(-1), "", "achieved_value"), (Decimal(1), "x" * 5001, "note")],
)
def test_report_save_refuses_what_the_model_cannot_keep(report_world, value, note, field):  # noqa: F811
    world, line = report_world, report_world.line
    with pytest.raises(ValidationError) as info:
        progress.report_save(
            report=world.report,
            progress=[progress.ProgressInput(target_id=line.target_id, state="done",
                                             achieved_value=value, note=note)],
            answers={}, documents=[], actor=world.congthuong,
        )  # fmt: skip
    assert field in info.value.message_dict
    assert TargetProgress.objects.get(pk=line.pk).achieved_value is None


def test_quantity_fields_carry_the_not_negative_validator():
    for model, name in [(Target, "planned_value"), (Target, "points"),
                        (TargetProgress, "achieved_value"), (Criterion, "max_points")]:  # fmt: skip
        field = model._meta.get_field(name)
        with pytest.raises(ValidationError) as info:
            field.run_validators(Decimal("-0.5"))
        assert info.value.messages == ["Không được nhỏ hơn 0."]
