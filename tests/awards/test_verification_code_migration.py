"""Awards recorded before certificates had verification codes each get their own code."""

import datetime

import pytest

from tests.migrations import migrate


@pytest.mark.django_db(transaction=True)
def test_each_existing_award_gets_its_own_verification_code():
    old = migrate([("awards", "0012_law_names")])
    Organization = old.get_model("blocs", "Organization")
    Decision = old.get_model("awards", "Decision")
    Award = old.get_model("awards", "Award")
    AwardType = old.get_model("awards", "AwardType")
    province = Organization.objects.create(code="T", name="UBND tỉnh T", kind="province")
    decision = Decision.objects.create(
        authority=province,
        year=2020,
        number=1,
        dated=datetime.date(2020, 12, 20),
        title="Về việc tặng Bằng khen",
        signer_name="Nguyễn Văn A",
        signer_title="Chủ tịch",
    )
    # Its own type: a transactional test before this one may have flushed the catalogue.
    award_type = AwardType.objects.create(
        code="T_BK", name="Bằng khen (thử)", category="award", recipient="both", level="bo_tinh"
    )
    for _ in range(3):
        Award.objects.create(
            award_type=award_type, year=2020, decision=decision, organization=province
        )
    try:
        new = migrate([])
        codes = list(new.get_model("awards", "Award").objects.values_list("verification_code"))
        assert len(codes) == 3 and None not in {c for (c,) in codes}
        assert len(set(codes)) == 3
    finally:
        migrate([])
