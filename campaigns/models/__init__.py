from .progress import (
    Evidence,
    IssuedDocument,
    NarrativeAnswer,
    OutlineSection,
    ProgressReport,
    ReportingPeriod,
    ReportOutline,
    TargetProgress,
)
from .registration import (
    Campaign,
    CampaignPhase,
    ImportBatch,
    Registration,
    Target,
    TitleRegistration,
)
from .scoring import Criterion, MeetingNomination, MeetingResult, Score, ScoringScheme

__all__ = [
    "Campaign",
    "CampaignPhase",
    "Criterion",
    "Evidence",
    "ImportBatch",
    "IssuedDocument",
    "MeetingNomination",
    "MeetingResult",
    "NarrativeAnswer",
    "OutlineSection",
    "ProgressReport",
    "Registration",
    "ReportOutline",
    "ReportingPeriod",
    "Score",
    "ScoringScheme",
    "Target",
    "TargetProgress",
    "TitleRegistration",
]
