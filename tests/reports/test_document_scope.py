"""Authority on the data for a bloc's official reports (issue 13, finding 3): a report covers a
period of the bloc's own authority, opened by the bloc's writers; the service checks it too."""

import pytest
from django.core.exceptions import ValidationError

from campaigns import progress
from reports import services as report_services
from reports.models import ReportDocument

pytestmark = pytest.mark.django_db


def test_a_blocs_report_is_opened_only_for_a_period_of_its_authority(demo):
    foreign = progress.periods_ensure_defaults(
        authority=demo.org["AG"], year=2020, actor=demo.admin
    )[0]
    own = progress.periods_ensure_defaults(authority=demo.org["DT"], year=2020, actor=demo.admin)[0]
    for actor in (demo.secretariat, demo.admin, demo.reviewer):
        with pytest.raises(ValidationError):
            report_services.document_open(bloc=demo.bloc, period=foreign, actor=actor)
    with pytest.raises(ValidationError):  # the office reads the bloc's reports, never writes
        report_services.document_open(bloc=demo.bloc, period=own, actor=demo.reviewer)
    assert not ReportDocument.objects.exists()
    report_services.document_open(bloc=demo.bloc, period=own, actor=demo.secretariat)
