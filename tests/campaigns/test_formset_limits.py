"""A junk TOTAL_FORMS builds at most the formset's own limit of rows, not Django's 2000."""

import pytest

from campaigns.forms import PHASES_MAX

pytestmark = pytest.mark.django_db


def test_a_huge_total_forms_is_refused_without_building_thousands_of_forms(client, demo):
    client.force_login(demo.admin)
    response = client.post(
        "/campaigns/new/",
        {"name": "x", "phase-TOTAL_FORMS": "99999999999999999999", "phase-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200  # the form again, with its errors
    phases = response.context["phases"]
    assert phases.total_form_count() <= PHASES_MAX
    assert phases.non_form_errors()
    assert len(response.content) < 200_000  # was 4 MB and 9 s for 2000 forms
