"""A unit that has reported on its registered targets: the world the identity tests break.

Sở KH&CN's registration is imported from the seed 000 sample and accepted; its six-month report
says target 1 is done (with a PDF as evidence) and target 2 is in progress, and that report has
been handed in and accepted by the secretariat.
"""

import html.parser
from types import SimpleNamespace

from campaigns import importer, progress, services
from campaigns.models import Registration, ReportingPeriod
from campaigns.outline_data import SEED_000_OUTLINE
from campaigns.progress import ProgressInput

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"0000000115 00000 n \ntrailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def build(*, demo, campaign, sample_bytes):
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    registration = Registration.objects.get(organization__code="DT-SKHCN")
    services.registration_transition(
        registration=registration, event="accept", actor=demo.secretariat
    )
    progress.outline_from_data(SEED_000_OUTLINE)
    periods = progress.periods_ensure_defaults(  # the authority's office sets the periods
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    h1 = next(p for p in periods if p.kind == ReportingPeriod.Kind.H1)
    report = progress.report_open(
        period=h1, bloc=demo.bloc, organization=registration.organization, actor=demo.secretariat
    )
    lines = list(report.progress.select_related("target").order_by("target__ordinal"))
    progress.report_save(
        report=report,
        progress=[
            ProgressInput(lines[0].target_id, "done", None, "Đã ban hành kế hoạch"),
            ProgressInput(lines[1].target_id, "in_progress"),
        ],
        answers={},
        documents=[],
        actor=demo.secretariat,
    )
    evidence = progress.evidence_add(
        progress=lines[0], name="ke-hoach.pdf", data=PDF, actor=demo.secretariat
    )
    report = progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    report = progress.report_transition(report=report, event="accept", actor=demo.secretariat)
    registration.refresh_from_db()
    return SimpleNamespace(
        registration=registration,
        report=report,
        lines=lines,
        evidence=evidence,
    )


def snapshot(registration):
    """Everything a save could disturb: targets (with ids), titles, progress lines, evidence."""
    from campaigns.models import Evidence, TargetProgress

    return {
        "registration": Registration.objects.filter(pk=registration.pk)
        .values("status", "updated_at", "updated_by")
        .get(),
        "targets": list(
            registration.targets.order_by("ordinal").values(
                "pk",
                "ordinal",
                "text",
                "kind",
                "planned_value",
                "unit",
                "due_text",
                "due_start",
                "due_end",
                "due_status",
                "due_recognised",
                "points",
                "note",
            )
        ),  # fmt: skip
        "titles": list(
            registration.titles.order_by("ordinal").values("pk", "award_type", "count", "ordinal")
        ),
        "progress": list(
            TargetProgress.objects.filter(target__registration=registration)
            .order_by("pk")
            .values("pk", "target", "report", "state", "achieved_value", "note")
        ),
        "evidence": list(
            Evidence.objects.filter(progress__target__registration=registration)
            .order_by("pk")
            .values("pk", "progress", "file", "sha256")
        ),
    }


class FormReader(html.parser.HTMLParser):
    """The values a browser would post for each <form method="post"> of a page, as typed into
    it by nobody: what the page rendered is what comes back."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self.data: dict[str, str] = {}
        self._in_form = False
        self._textarea = None
        self._select = None
        self._option = None
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._in_form = True
            self.data = {}
            self.forms.append(self.data)
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value") or "on"
                return
            self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        if tag == "form" and self._in_form:
            self._in_form = False
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            value = self.data[self._textarea]
            # Browsers drop the newline that directly follows <textarea>.
            self.data[self._textarea] = value + (data if value else data.removeprefix("\n"))


def form_data(html_text: str, having: str = "seen_updated_at") -> dict[str, str]:
    """The post form of the page that has a field named `having`."""
    reader = FormReader()
    reader.feed(html_text)
    return next(form for form in reader.forms if having in form)
