"""The demo's notices on its 2020 calendar. The workflow steps the demo replays notify their
people as they would, then each app dates its records on the 2020 calendar; a notice takes the
date its step was given (a registration's or report's sending or decision date, a proposal's
review step), not the day `load_demo` ran."""

from django.urls import resolve

from awards.models import ReviewAction
from awards.services import TIMELINE_ACTION
from campaigns.models import ProgressReport, Registration
from notifications.models import Notification

PAPERS = {"registration": Registration, "report": ProgressReport}


def load() -> None:
    for notice in Notification.objects.all():
        at = _step_date(notice)
        if at is not None:
            Notification.objects.filter(pk=notice.pk).update(created_at=at)


def _step_date(notice: Notification):
    kind, _, step = notice.event.partition(".")
    pk = resolve(notice.link).kwargs.get("pk") if notice.link else None
    if kind in PAPERS:
        paper = PAPERS[kind].objects.filter(pk=pk).first()
        if paper is None:
            return None
        return paper.submitted_at if step == "submit" else paper.decided_at or paper.submitted_at
    if kind == "proposal":
        steps = ReviewAction.objects.filter(proposal_id=pk).order_by("-at")
        done = steps.filter(action=TIMELINE_ACTION.get(step, step)).first() or steps.first()
        return done.at if done else None
    return None
