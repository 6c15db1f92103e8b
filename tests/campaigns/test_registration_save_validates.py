"""`registration_save` validates every row itself (issue 13): a caller other than the form
cannot save a negative value, an impossible day, over-long text or a zero count; the error
names the row and nothing is written."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import Target, TitleRegistration

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo, campaign):
    return services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )


def _save(demo, draft, targets, titles=()):
    return services.registration_save(
        registration=draft, targets=list(targets), titles=list(titles), actor=demo.xaydung
    )


GOOD = services.TargetInput(text="Hoàn thành kế hoạch cải cách hành chính", due_text="Quý 4/2020")

BAD_ROWS = [
    ("negative", {"planned_value": Decimal("-5"), "unit": "%"}, "Không được nhỏ hơn 0"),
    ("negative points", {"points": Decimal("-1")}, "Không được nhỏ hơn 0"),
    ("impossible day", {"due_text": "31/02/2020"}, "31/02/2020"),
    ("long text", {"text": "x" * 5001}, "Tối đa 5000 ký tự"),
    ("long note", {"note": "y" * 2001}, "Tối đa 2000 ký tự"),
    ("long due", {"due_text": "Tháng 11/2020 " + "z" * 300}, "255"),
    ("too many digits", {"planned_value": Decimal("1e20"), "unit": "đ"}, "18"),
]


@pytest.mark.parametrize(("case", "values", "words"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_row_from_any_caller_is_refused_naming_it(demo, draft, case, values, words):
    bad = services.TargetInput(**({"text": "Chỉ tiêu thứ hai"} | values))
    with pytest.raises(ValidationError) as info:
        _save(demo, draft, [GOOD, bad])
    message = " ".join(info.value.messages)
    assert "Chỉ tiêu 2" in message, message
    assert words in message, message
    assert not Target.objects.filter(registration=draft).exists()


def test_an_edited_row_is_checked_too(demo, draft):
    _save(demo, draft, [GOOD])
    target = draft.targets.get()
    edited = services.TargetInput(id=target.pk, text=target.text, due_text="30/02/2020")
    with pytest.raises(ValidationError) as info:
        _save(demo, draft, [edited])
    assert "Chỉ tiêu 1" in " ".join(info.value.messages)
    target.refresh_from_db()
    assert target.due_text == "Quý 4/2020"


def test_a_zero_title_count_is_refused(demo, draft):
    ldtt = apps.get_model("awards", "AwardType").objects.get(code="LDTT")
    with pytest.raises(ValidationError) as info:
        _save(demo, draft, [GOOD], [services.TitleInput(ldtt.pk, 0)])
    assert "Lao động tiên tiến" in " ".join(info.value.messages)
    assert not TitleRegistration.objects.filter(registration=draft).exists()
    assert not Target.objects.filter(registration=draft).exists()


def test_good_rows_still_save(demo, draft):
    ldtt = apps.get_model("awards", "AwardType").objects.get(code="LDTT")
    _save(demo, draft, [GOOD], [services.TitleInput(ldtt.pk, 12)])
    assert draft.targets.get().due_text == "Quý 4/2020"
    assert draft.titles.get().count == 12
