"""The progress records the campaigns and reports tests build and count, imported once
(tests/campaigns/test_progress_services.py, tests/reports/test_bloc_figures.py): `pm.Target`,
`pm.State.DONE`…"""

from campaigns.models import (
    IssuedDocument,
    NarrativeAnswer,
    OutlineSection,
    ProgressReport,
    ReportingPeriod,
    Target,
    TargetProgress,
    TitleRegistration,
)

State = TargetProgress.State
Status = ProgressReport.Status
HANDED_IN = (Status.SUBMITTED, Status.ACCEPTED)

__all__ = [
    "HANDED_IN",
    "IssuedDocument",
    "NarrativeAnswer",
    "OutlineSection",
    "ProgressReport",
    "ReportingPeriod",
    "State",
    "Status",
    "Target",
    "TargetProgress",
    "TitleRegistration",
]
