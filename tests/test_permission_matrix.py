"""The permission matrix: every URL pattern of the project, visited as every role.

The tests are generated from the URL conf, so a view without a row in MATRIX fails
(`test_every_url_pattern_has_a_row` lists them all). Each (pattern, case, role) is one test
naming the URL, the role, what the rules expect and what the server answered:

- allowed: anything but 401/403, 404 (the objects exist), 405, 5xx or a redirect to the login
  page — a form with errors, a 400 or a redirect elsewhere count, the gate is what is tested;
- denied: 403 for a signed-in role; anonymous visitors are sent to the login page;
- a LEAK is a denied role answered with a page or a file.

One world per module (the demo plus an object behind every pattern), each test rolled back to it.
"""

import io
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from awards import services as award_services
from awards.models import Decision, Proposal
from blocs.models import (
    Bloc,
    BlocMembership,
    BlocRoleChange,
    Organization,
    Person,
    StaffAssignment,
    User,
)
from campaigns import importer, progress
from campaigns import services as campaign_services
from campaigns.models import (
    Campaign,
    ImportBatch,
    OutlineSection,
    PeriodSchedule,
    ProgressReport,
    Registration,
    ReportingPeriod,
    ReportOutline,
)
from reports import services as report_services
from reports.models import ReportDocument
from tests import samples
from tests.conftest import SAMPLE

PDF = samples.PDF  # a real PDF: uploads are verified by parsing

# Roles -----------------------------------------------------------------------------------------

ANON = "anonymous"
OWN = "owner_officer"  # xaydung, Sở Xây dựng: the unit that owns the unit-level papers
OTHER = "other_officer"  # congthuong, Sở Công Thương: another member of the same bloc
SEC = "secretariat"  # hvquan, Sở KH&CN leads Khối thi đua 4A in 2020
OSEC = "other_secretariat"  # Sở Y tế leads Khối thi đua 4B in 2020
REV = "reviewer"  # sonoivu, Sở Nội vụ: the emulation office of Đồng Tháp
AREV = "other_reviewer"  # agnoivu, Sở Nội vụ An Giang: the emulation office of another province
ADM = "admin"
ROLES = (ANON, OWN, OTHER, SEC, OSEC, REV, AREV, ADM)
USERNAMES = {
    OWN: "xaydung",
    OTHER: "congthuong",
    SEC: "hvquan",
    OSEC: "syt",
    REV: "sonoivu",
    AREV: "agnoivu",
    ADM: "admin",
}

PUBLIC = frozenset(ROLES)
SIGNED_IN = PUBLIC - {ANON}
ADMIN = frozenset({ADM})
OFFICE = frozenset({REV, ADM})  # the authority's emulation office
REVIEWERS = OFFICE | {AREV}  # pages of no object yet: any emulation office, for its authority
WRITERS = frozenset({SEC, ADM})  # the bloc's secretariat that year
COMPILERS = WRITERS | {REV}  # campaigns.permissions.can_compile_bloc
UNIT = COMPILERS | {OWN}  # a unit's own paper: the unit and the bloc's compilers
UNIT_EDIT = WRITERS | {OWN}  # … and who may change it while it is editable
RECIPIENTS = COMPILERS | {OWN, OTHER}  # an issued bloc report: "Nơi nhận" are the members

# What a response means.
ALLOWED, DENIED, LOGIN = "allowed", "denied", "login"


class Ref(NamedTuple):
    """An object of the world, resolved to its pk when the URL is built."""

    name: str


class _Refs:
    def __getattr__(self, name):
        return Ref(name)


W = _Refs()


@dataclass(frozen=True)
class Case:
    allowed: frozenset
    method: str = "get"
    label: str = ""
    kwargs: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # query string (GET) or body (POST)
    ok: str = ALLOWED  # what an allowed role gets
    denied: str = DENIED  # what a signed-in role that is not allowed gets
    shows: dict = field(default_factory=dict)  # text on the page → exactly the roles seeing it


def case(
    allowed, label="", *, method="get", data=None, ok=ALLOWED, denied=DENIED, shows=None, **kwargs
):
    return Case(frozenset(allowed), method, label, kwargs, data or {}, ok, denied, shows or {})


def post(allowed, label="", **kwargs):
    """Transitions, creates and deletes: an empty or minimal body, the gate is what is tested."""
    return case(allowed, label, method="post", **kwargs)


# The matrix ------------------------------------------------------------------------------------
# Expectations follow blocs/, campaigns/, awards/ and reports/permissions.py. Unit-level papers
# (registration, progress report, evidence) belong to Sở Xây dựng in Khối thi đua 4A, 2020.

SUMMARY_4A = {"from": "01/01/2020", "to": "31/12/2020", "bloc": W.bloc}

MATRIX: dict[str, list[Case]] = {
    # Accounts and the public endpoints.
    "login": [case(PUBLIC)],
    "logout": [post(PUBLIC, ok=LOGIN)],  # signed out, then sent to the login page
    "password_change": [case(SIGNED_IN)],
    "password_change_done": [case(SIGNED_IN)],
    "set_language": [post(PUBLIC, data={"language": "en", "next": "/"})],
    "health": [case(PUBLIC)],
    "favicon": [case(PUBLIC)],
    "admin:index": [case(ADMIN, denied=LOGIN)],  # non-staff get the admin's login form
    # The invitation link: Django's reset-token pages, open to anyone holding a (here bad) link.
    "password_reset_confirm": [case(PUBLIC, uidb64="MQ", token="bad-token")],
    "password_reset_complete": [case(PUBLIC)],
    # Administration in the portal: each emulation office for the units it manages.
    "account_list": [case(REVIEWERS)],
    "account_invite": [case(REVIEWERS)],
    "account_active": [post(OFFICE, pk=W.owner_account, data={"active": "1"})],
    "staff_assign": [case(REVIEWERS)],
    "staff_end": [post(OFFICE, pk=W.owner_assignment)],
    # Lists are open to everyone signed in and filtered: what each role must (not) find there.
    "home": [case(SIGNED_IN, shows={"Báo cáo số 01/BC-KTĐ4A": RECIPIENTS - {ADM}})],
    # Directory: organisations, people, blocs.
    "organization_list": [case(SIGNED_IN)],
    "organization_create": [case(REVIEWERS)],
    "organization_detail": [case(SIGNED_IN, pk=W.unit)],
    "organization_edit": [case(OFFICE | {OWN}, pk=W.unit)],
    "person_create": [case(OFFICE | {OWN}, pk=W.unit)],
    "person_edit": [case(OFFICE | {OWN}, pk=W.person)],
    "bloc_list": [case(SIGNED_IN)],
    "bloc_create": [case(REVIEWERS)],
    "bloc_detail": [case(SIGNED_IN, pk=W.bloc)],
    "bloc_edit": [case(OFFICE, pk=W.bloc)],
    "bloc_year": [case(SIGNED_IN, pk=W.bloc, year=2020)],
    "membership_add": [post(OFFICE, pk=W.bloc, year=2020)],
    "membership_remove": [post(OFFICE, pk=W.bloc, year=2020, membership_pk=W.membership)],
    "bloc_leadership": [post(OFFICE, pk=W.bloc, year=2020)],
    "bloc_copy_members": [post(OFFICE, pk=W.bloc, year=2020)],
    "bloc_role_change": [post(OFFICE, pk=W.bloc, year=2020)],
    "membership_dates": [case(OFFICE, pk=W.bloc, year=2020, membership_pk=W.membership)],
    # Pickers' suggestions: each scope as the form it serves (a scope of one's own is open).
    "autocomplete": [
        case(
            OFFICE,
            "membership_candidates",
            scope="membership_candidates",
            data={"bloc": W.bloc, "year": 2020, "q": "so"},
        ),
        case(REVIEWERS, "organization_parents", scope="organization_parents"),
        case(
            OFFICE,
            "organization_parents_of",
            scope="organization_parents_of",
            data={"organization": W.unit},
        ),
        case(SIGNED_IN, "managed_authorities", scope="managed_authorities"),
        case(SIGNED_IN, "managed_organizations", scope="managed_organizations"),
        case(SIGNED_IN, "campaign_authorities", scope="campaign_authorities"),
        # The accounts pages' pickers: open to whoever may open those pages.
        case(REVIEWERS, "staff_units", scope="staff_units"),
        case(REVIEWERS, "managed_accounts", scope="managed_accounts"),
        case(SIGNED_IN, "proposer_units", scope="proposer_units"),
        case(SIGNED_IN, "proposal_authorities", scope="proposal_authorities"),
        case(
            {OWN, ADM},
            "nominee_people",
            scope="nominee_people",
            data={"proposal": W.proposal_returned},
        ),
    ],  # fmt: skip
    # Campaigns and registrations.
    "campaign_list": [case(SIGNED_IN)],
    "campaign_create": [case(REVIEWERS)],
    "campaign_detail": [case(SIGNED_IN, pk=W.campaign)],
    "campaign_edit": [case(OFFICE, pk=W.campaign)],
    "bloc_overview": [case(COMPILERS, pk=W.campaign, bloc_pk=W.bloc)],
    **{
        f"bloc_export_{format}": [case(COMPILERS, pk=W.campaign, bloc_pk=W.bloc)]
        for format in ("pdf", "docx", "xlsx")
    },
    # Importing the bloc's table is the secretariat's job; the office reads the overview only.
    "bloc_import": [
        case(WRITERS, pk=W.campaign, bloc_pk=W.bloc),
        post(WRITERS, pk=W.campaign, bloc_pk=W.bloc),
    ],
    "registrations_accept": [post(WRITERS, pk=W.campaign, bloc_pk=W.bloc)],
    "registration_start": [post(UNIT_EDIT, pk=W.campaign, bloc_pk=W.bloc, org_pk=W.unit)],
    "import_preview": [case({SEC}, pk=W.batch)],  # the uploader's own upload only
    "registration_detail": [case(UNIT, pk=W.registration)],
    "registration_edit": [case(UNIT_EDIT, pk=W.registration)],
    "registration_template": [case(UNIT, pk=W.registration)],
    "registration_transition": [
        post(UNIT_EDIT, "submit", pk=W.registration, event="submit"),
        *(post(WRITERS, e, pk=W.registration, event=e) for e in ("return", "accept", "reopen")),
    ],
    # Reporting periods, outlines, progress reports, evidence.
    "period_list": [case(REVIEWERS)],
    "period_edit": [case(OFFICE, pk=W.h1)],
    "period_schedule": [case(OFFICE, pk=W.dt)],
    "outline_detail": [case({SEC, OSEC, REV, AREV, ADM}, pk=W.outline)],
    "section_create": [
        case(ADMIN, "shared outline", outline_pk=W.outline),
        case(OFFICE, "authority's outline", outline_pk=W.dt_outline),
    ],
    "section_edit": [
        case(ADMIN, "shared outline", outline_pk=W.outline, pk=W.section),
        case(OFFICE, "authority's outline", outline_pk=W.dt_outline, pk=W.dt_section),
    ],
    "section_action": [
        post(ADMIN, "shared outline", outline_pk=W.outline, pk=W.section, action="down"),
        post(
            OFFICE, "authority's outline", outline_pk=W.dt_outline, pk=W.dt_section, action="down"
        ),
    ],
    "report_start": [post(UNIT_EDIT, period_pk=W.h1, bloc_pk=W.bloc, org_pk=W.unit)],
    "report_detail": [case(UNIT, pk=W.report)],
    "report_edit": [case(UNIT_EDIT, pk=W.report)],
    "report_transition": [
        post(UNIT_EDIT, "submit", pk=W.report, event="submit"),
        *(post(WRITERS, e, pk=W.report, event=e) for e in ("return", "accept", "reopen")),
    ],
    "evidence_download": [case(UNIT, pk=W.evidence)],
    "evidence_delete": [post(UNIT_EDIT, pk=W.evidence_spare)],  # deletes its file for good
    "unit_report_pdf": [case(UNIT, pk=W.report)],
    "unit_report_docx": [case(UNIT, pk=W.report)],
    "unit_report_xlsx": [case(UNIT, pk=W.report)],
    # Dashboards, scoring, ranking, notifications.
    "bloc_dashboard": [
        case(COMPILERS, pk=W.bloc, year=2020),
        case(OFFICE, "a year not led", pk=W.bloc, year=2021),  # the role moves with the leader
    ],
    # Members score themselves, the secretariat scores everyone, the office only reads.
    "scoring": [
        case(COMPILERS | {OWN, OTHER}, pk=W.bloc, year=2020),
        post(UNIT_EDIT | {OTHER}, pk=W.bloc, year=2020),
    ],
    "scoring_kind": [
        case(COMPILERS | {OWN, OTHER}, pk=W.bloc, year=2020, kind="annual"),
        post(UNIT_EDIT | {OTHER}, pk=W.bloc, year=2020, kind="annual"),
    ],
    "ranking": [case(COMPILERS, pk=W.bloc, year=2020), post(WRITERS, pk=W.bloc, year=2020)],
    "ranking_kind": [
        case(COMPILERS, pk=W.bloc, year=2020, kind="annual"),
        post(WRITERS, pk=W.bloc, year=2020, kind="annual"),
    ],
    "reports_accept": [post(WRITERS, pk=W.bloc, year=2020)],
    "authority_dashboard": [case(REVIEWERS)],
    "notifications": [case(SIGNED_IN), post(SIGNED_IN)],
    "notification_settings": [case(SIGNED_IN), post(SIGNED_IN)],
    # Awards: proposals, dossier files, decisions, registry, summary.
    "proposal_list": [
        case(
            SIGNED_IN,
            shows={
                "Số 01/TTr-SXD": {OWN, ADM},  # a draft
                "Số 04/TTr-SXD": {OWN, REV, ADM},  # returned to Sở Xây dựng
                "Số 05/TTr-KTĐ4A": COMPILERS,  # the bloc's
            },
        )
    ],
    "proposal_create": [
        case(SIGNED_IN),  # every signed-in role here works for a unit, or is the administrator
        case({SEC}, "for the bloc", data={"bloc": W.bloc, "year": 2020}),
    ],
    "proposal_detail": [
        case({OWN, ADM}, "draft", pk=W.proposal_draft),
        case({OWN, REV, ADM}, "returned", pk=W.proposal_returned),
        case(COMPILERS, "the bloc's", pk=W.proposal_bloc),
    ],
    "nominee_add": [post({OWN, ADM}, pk=W.proposal_returned)],
    "nominee_remove": [post({OWN, ADM}, pk=W.nominee_draft)],
    "nominee_withdraw": [post(OFFICE, pk=W.nominee_received)],
    "document_add": [post({OWN, ADM}, pk=W.proposal_returned)],
    "proposal_submit": [post({OWN, ADM}, pk=W.proposal_returned)],
    "proposal_verdict": [post(OFFICE, pk=W.proposal_received)],
    "proposal_review": [post(OFFICE, pk=W.proposal_submitted, action="receive")],
    "document_download": [
        case({OWN, ADM}, "draft proposal", pk=W.dossier_draft),
        case({OWN, REV, ADM}, "returned proposal", pk=W.dossier_returned),
    ],
    "decision_create": [case(REVIEWERS)],
    "decision_detail": [
        case(SIGNED_IN, "issued", pk=W.decision_issued),
        case(OFFICE, "draft", pk=W.decision_draft),
        post(OFFICE, "issue the draft", pk=W.decision_draft),
    ],
    "registry": [case(SIGNED_IN), case(SIGNED_IN, "xlsx", data={"format": "xlsx"})],
    "award_summary": [
        case({SEC, OSEC, REV, AREV, ADM}, "own scope"),  # a secretariat totals the bloc it leads
        case(COMPILERS, "Khối 4A", data=SUMMARY_4A),
        *(
            case(COMPILERS, f"Khối 4A {format}", data=SUMMARY_4A | {"format": format})
            for format in ("pdf", "docx", "xlsx")
        ),
    ],
    # The bloc's official reports: drafts, a signed scan not yet issued, an issued report.
    "bloc_documents": [
        case(COMPILERS, pk=W.bloc, year=2020),
        case(OFFICE, "a year not led", pk=W.bloc, year=2021),
    ],
    "document_open": [post(WRITERS, bloc_pk=W.bloc, period_pk=W.annual)],
    "document_detail": [
        case(COMPILERS, "draft", pk=W.doc_draft),
        case(COMPILERS, "signed", pk=W.doc_signed),
        case(RECIPIENTS, "issued", pk=W.doc_issued),
        post(WRITERS, "edit the draft", pk=W.doc_draft),
        post(set(), "edit the issued", pk=W.doc_issued),  # issued is final, for everyone
    ],
    "document_print": [
        case(COMPILERS, "draft", pk=W.doc_draft),
        case(COMPILERS, "signed", pk=W.doc_signed),
        case(RECIPIENTS, "issued", pk=W.doc_issued),
    ],
    # The records one figure of the targets table counts, for those who compile the report.
    "document_figure": [case(COMPILERS, pk=W.doc_draft, figure="chi-tieu")],
    "document_unit_figure": [case(COMPILERS, pk=W.doc_draft, figure="chi-tieu", unit=W.unit)],
    "document_transition": [post(WRITERS, pk=W.doc_draft, event="finalise")],
    "scan_download": [
        case(COMPILERS, "signed", pk=W.doc_signed),
        case(RECIPIENTS, "issued", pk=W.doc_issued),
    ],
    "version_request": [
        post(COMPILERS, "draft", pk=W.doc_draft, format="pdf"),
        post(RECIPIENTS, "issued", pk=W.doc_issued, format="pdf"),
    ],
    **{
        name: [
            case(COMPILERS, "of a draft", pk=W.version_draft),
            case(COMPILERS, "of the issued report, made before issue", pk=W.version_early),
            case(RECIPIENTS, "of the issued report", pk=W.version_issued),
        ]
        for name in ("version_detail", "version_status", "version_download")
    },
}


# The URL conf ----------------------------------------------------------------------------------


def url_names(resolver=None, namespace="") -> dict[str, str]:
    """Every pattern of the project by name; of Django's admin only its index."""
    names = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                names["admin:index"] = "admin/"
            else:
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                names |= {n: f"{entry.pattern}{r}" for n, r in url_names(entry, inner).items()}
        elif isinstance(entry, URLPattern) and entry.lookup_str != "django.views.static.serve":
            # An unnamed pattern cannot have a row: it shows up as missing under its route.
            name = f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>"
            names[name] = str(entry.pattern)
    return names


URL_NAMES = url_names()


def test_every_url_pattern_has_a_row():
    missing = sorted(set(URL_NAMES) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(URL_NAMES))
    assert not missing, "URL patterns without a row in MATRIX:\n" + "\n".join(
        f"  {name}  ({URL_NAMES[name]})" for name in missing
    )
    assert not stale, f"rows for URL names that no longer exist: {stale}"


# The world -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, a second bloc and one object behind every pattern; files in a temporary
    MEDIA_ROOT. Built once, inside a transaction that is rolled back after the module."""
    overrides = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), overrides, transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _build_world() -> SimpleNamespace:
    call_command("load_demo", stdout=io.StringIO())
    org = {o.code: o for o in Organization.objects.all()}
    sec, own = (User.objects.get(username=USERNAMES[role]) for role in (SEC, OWN))
    bloc = Bloc.objects.get(code="KTĐ4A")
    campaign = Campaign.objects.get(authority=org["DT"], year=2020)
    h1, annual = (
        ReportingPeriod.objects.get(authority=org["DT"], year=2020, kind=kind)
        for kind in ("h1", "annual")
    )

    # Khối thi đua 4B of the same authority, led by Sở Y tế, with its secretariat's account.
    syt = Organization.objects.create(
        code="DT-SYT", name="Sở Y tế", kind=Organization.Kind.DEPARTMENT, parent=org["DT"]
    )
    bloc_b = Bloc.objects.create(code="KTĐ4B", name="Khối thi đua 4B", authority=org["DT"])
    BlocMembership.objects.create(
        bloc=bloc_b, organization=syt, year=2020, role=BlocMembership.Role.LEADER
    )
    StaffAssignment.objects.create(
        user=User.objects.create_user("syt", full_name="Võ Thị Y"), organization=syt
    )

    # Another province, An Giang: its emulation office's reviewer, a department, a bloc it runs,
    # its own outline and six-month period. Nothing of Đồng Tháp may point at these.
    ag_unit = Organization.objects.create(
        code="AG-SXD", name="Sở Xây dựng tỉnh An Giang", kind=Organization.Kind.DEPARTMENT,
        parent=org["AG"],
    )  # fmt: skip
    ag_bloc = Bloc.objects.create(
        code="AG-K1", name="Khối thi đua số 1 An Giang", authority=org["AG"]
    )
    BlocMembership.objects.create(
        bloc=ag_bloc, organization=ag_unit, year=2020, role=BlocMembership.Role.LEADER
    )
    StaffAssignment.objects.create(
        user=User.objects.create_user("agnoivu", full_name="Nguyễn Văn An"),
        organization=org["AG-SNV"],
    )
    ag_outline = ReportOutline.objects.create(
        code="AG-2020", name="Đề cương của tỉnh An Giang", authority=org["AG"], year=2020
    )
    ag_period = ReportingPeriod.objects.create(
        authority=org["AG"], year=2020, kind=ReportingPeriod.Kind.H1, name="Sơ kết 6 tháng 2020",
        start=date(2020, 1, 1), end=date(2020, 6, 15), due=date(2020, 6, 20), outline=ag_outline,
    )  # fmt: skip

    # Sở Xây dựng's registration and six-month report, reopened so they can be edited again.
    registration = Registration.objects.get(
        campaign=campaign, bloc=bloc, organization=org["DT-SXD"]
    )
    registration = campaign_services.registration_transition(
        registration=registration, event="reopen", actor=sec, reason="Bổ sung chỉ tiêu."
    )
    # Sở Xây dựng adds a target whose line carries evidence below; those it reported on stay.
    new = campaign_services.TargetInput("Cấp phép xây dựng trực tuyến", "Quý IV/2020")
    kept = [
        campaign_services.TargetInput(t.text, t.due_text, id=t.pk)
        for t in registration.targets.all()
    ]
    campaign_services.registration_save(
        registration=registration,
        targets=[*kept, new],
        titles=[],
        actor=own,
    )
    report = progress.report_transition(
        report=ProgressReport.objects.get(period=h1, bloc=bloc, organization=org["DT-SXD"]),
        event="reopen",
        actor=sec,
        reason="Bổ sung.",
    )
    progress.report_open(period=h1, bloc=bloc, organization=org["DT-SXD"], actor=own)
    line = report.progress.get(target__text="Cấp phép xây dựng trực tuyến")
    evidence, evidence_spare = (
        progress.evidence_add(progress=line, name=name, data=PDF, actor=own)
        for name in ("minh-chung.pdf", "minh-chung-2.pdf")
    )

    # An outline of the authority (the demo's are shared ones).
    outline = h1.outline
    dt_outline = ReportOutline.objects.create(
        code="DT-2020", name="Đề cương của tỉnh", authority=org["DT"], year=2020
    )
    dt_section = OutlineSection.objects.create(
        outline=dt_outline, ordinal=1, number="I", title="Kết quả", kind="narrative"
    )

    # Proposals of Sở Xây dựng from the demo queue, one of the bloc, dossier files.
    proposals = {
        p.status: p for p in Proposal.objects.filter(proposer=org["DT-SXD"]).order_by("pk")
    }
    proposal_bloc = award_services.proposal_create(
        actor=sec, proposer=org["DT-SKHCN"], bloc=bloc, authority=org["DT"], kind="annual",
        year=2020, title="Đề nghị khen thưởng của Khối thi đua 4A", symbol="05/TTr-KTĐ4A",
        dated=date(2020, 12, 20),
    )  # fmt: skip
    Proposal.objects.filter(pk=proposal_bloc.pk).update(status=Proposal.Status.SUBMITTED)
    dossier = {
        status: award_services.document_add(
            proposal=proposals[status], kind="to_trinh", name="to-trinh.pdf", data=PDF, actor=own
        )
        for status in ("draft", "returned")
    }
    decision_draft = Decision.objects.create(
        authority=org["DT"], year=2021, number=1, symbol_suffix="QĐ-UBND.KT",
        dated=date(2021, 2, 25), title="Tặng Bằng khen năm 2020", signer_name="Phạm Thiện Nghĩa",
        signer_title="Chủ tịch",
    )  # fmt: skip

    # The bloc's reports: one issued (a file made before and one after issue), one signed and
    # not issued, the annual one a draft with a file.
    def advance(document, *events):
        for event in events:
            scan = SimpleUploadedFile("ban-ky.pdf", PDF) if event == "sign" else None
            document = report_services.document_transition(
                document=document, event=event, actor=sec, scan=scan
            )
        return document

    def version(document, format):
        made = report_services.version_request(document=document, format=format, actor=sec)
        report_services.version_render(made.pk)
        return made

    doc_issued = advance(
        report_services.document_open(bloc=bloc, period=h1, actor=sec), "finalise", "number"
    )
    version_early = version(doc_issued, "xlsx")
    doc_issued = advance(doc_issued, "sign", "issue")
    version_issued = version(doc_issued, "xlsx")
    doc_signed = advance(
        report_services.document_open(bloc=bloc, period=h1, actor=sec),
        "finalise",
        "number",
        "sign",
    )
    doc_draft = report_services.document_open(bloc=bloc, period=annual, actor=sec)
    version_draft = version(doc_draft, "pdf")

    return SimpleNamespace(
        sessions={role: _session(username) for role, username in USERNAMES.items()},
        bloc=bloc,
        unit=org["DT-SXD"],
        owner_account=own,
        owner_assignment=StaffAssignment.objects.get(user=own, organization=org["DT-SXD"]),
        ag_account=User.objects.get(username="agnoivu"),
        dt=org["DT"],
        office=org["DT-SNV"],
        leader=org["DT-SKHCN"],
        spare_unit=org["DT-HLHPN"],
        ag=org["AG"],
        ag_unit=ag_unit,
        ag_bloc=ag_bloc,
        ag_outline=ag_outline,
        ag_period=ag_period,
        person=Person.objects.get(full_name="Nguyễn Thị Mai", organization=org["DT-SXD"]),
        membership=BlocMembership.objects.get(
            bloc=bloc, year=2020, organization__code="DT-XTTMDLDT"
        ),
        campaign=campaign,
        h1=h1,
        annual=annual,
        batch=importer.record_batch(
            data=SAMPLE.read_bytes(),
            name=SAMPLE.name,
            campaign=campaign,
            bloc=bloc,
            actor=sec,
            replace_accepted=False,
        ),
        registration=registration,
        report=report,
        evidence=evidence,
        evidence_spare=evidence_spare,
        outline=outline,
        section=outline.sections.order_by("pk").first(),
        dt_outline=dt_outline,
        dt_section=dt_section,
        proposal_draft=proposals["draft"],
        proposal_submitted=proposals["submitted"],
        proposal_received=proposals["received"],
        proposal_returned=proposals["returned"],
        proposal_bloc=proposal_bloc,
        nominee_draft=proposals["draft"].nominees.first(),
        nominee_received=proposals["received"].nominees.first(),
        dossier_draft=dossier["draft"],
        dossier_returned=dossier["returned"],
        decision_issued=Decision.objects.get(authority=org["DT"], year=2020, number=40),
        decision_draft=decision_draft,
        doc_issued=doc_issued,
        doc_signed=doc_signed,
        doc_draft=doc_draft,
        version_early=version_early,
        version_issued=version_issued,
        version_draft=version_draft,
    )


def _session(username) -> str:
    """A signed-in session kept in the world, so each test does not log in again."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _resolve(value, world):
    if isinstance(value, Ref):
        value = getattr(world, value.name)
    return value.pk if isinstance(value, models.Model) else value


# The test --------------------------------------------------------------------------------------


def _params():
    for name in sorted(URL_NAMES):
        if name not in MATRIX:
            yield pytest.param(name, None, None, id=f"{name}-NO RULE")
            continue
        for case_ in MATRIX[name]:
            label = f"{name}[{case_.method.upper()} {case_.label}]".replace(" ]", "]")
            for role in ROLES:
                yield pytest.param(name, case_, role, id=f"{label}-{role}")


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302) and urlsplit(response.url).path in (
        reverse("login"),
        reverse("admin:login"),
    ):
        return LOGIN
    if status in (401, 403):
        return DENIED
    if status == 404:
        return "not found"
    if status == 405:
        return "method not allowed"
    if status >= 500:
        return "server error"
    return ALLOWED


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "case_", "role"), _params())
def test_permission(world, name, case_, role):
    if case_ is None:
        pytest.fail(f"{name} ({URL_NAMES[name]}) has no row in MATRIX: add what each role gets")
    url = reverse(name, kwargs={k: _resolve(v, world) for k, v in case_.kwargs.items()})
    data = {k: _resolve(v, world) for k, v in case_.data.items()}
    client = Client(raise_request_exception=False)
    if role != ANON:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    response = getattr(client, case_.method)(url, data)
    if response.streaming:
        b"".join(response.streaming_content)  # reading a download to its end closes its file
    got = _outcome(response)
    expected = case_.ok if role in case_.allowed else LOGIN if role == ANON else case_.denied
    leak = " LEAK" if expected in (DENIED, LOGIN) and got == ALLOWED else ""
    detail = f" {response.exc_info[1]!r}" if getattr(response, "exc_info", None) else ""
    assert got == expected, (
        f"{case_.method.upper()} {url} as {role}: expected {expected}, "
        f"got {got} ({response.status_code}){leak}{detail}"
    )
    if got == ALLOWED and case_.shows:
        page = response.content.decode()
        for text, roles in case_.shows.items():
            assert (text in page) == (role in roles), (
                f"GET {url} as {role}: “{text}” should {'' if role in roles else 'not '}be shown"
                + ("" if role in roles else " LEAK")
            )


# Authority on the data ---------------------------------------------------------------------------
# A form that references another object is limited to what the user may act on, and the service
# checks it again: a crafted POST carrying An Giang's object where a form of Đồng Tháp expects
# one of its own is refused (a form error, a message, 403 or 404) and the database keeps what it
# had. Each row is also posted with Đồng Tháp's own value (`home`), which proves the body is
# otherwise valid: the roles in `users` get it saved, the others are refused in the same way.

SCOPE_ROLES = (ADM, REV, AREV, SEC, OWN, OTHER)


@dataclass(frozen=True)
class Scope:
    """One reference of one form, posted with a foreign object and with a home one."""

    url: str
    kwargs: dict  # the URL, with Đồng Tháp's objects
    body: object  # world -> a valid body, with Đồng Tháp's values
    foreign: dict  # what An Giang's object replaces: a URL argument or a body field
    stored: object  # world -> what the database holds that the post could change
    users: frozenset  # roles whose post with the home values is saved
    applies: frozenset = frozenset()  # roles for whom An Giang's object is theirs to use
    label: str = ""


def _value(value, world):
    value = _resolve(value, world)
    return "" if value is None else value


def _form_body(instance, fields) -> dict:
    """What the edit form would post back unchanged."""
    body = {}
    for name in fields:
        key = f"{name}_id" if hasattr(instance, f"{name}_id") else name
        value = getattr(instance, key)
        if isinstance(value, bool):
            if value:
                body[name] = "on"
        elif isinstance(value, date):
            body[name] = value.strftime("%d/%m/%Y")
        else:
            body[name] = "" if value is None else value
    return body


ORG_FIELDS = (
    "code", "name", "short_name", "kind", "parent", "emulation_office_for", "address", "phone",
    "email", "is_active",
)  # fmt: skip
NO_PHASES = {"phase-TOTAL_FORMS": "0", "phase-INITIAL_FORMS": "0"}


def _org_state(code):
    return lambda w: list(
        Organization.objects.filter(code=code).values_list("parent_id", "emulation_office_for_id")
    )


def _org(name):
    return lambda w: _form_body(Organization.objects.get(pk=getattr(w, name).pk), ORG_FIELDS)


def _leaders(w):
    return sorted(
        BlocMembership.objects.filter(bloc=w.bloc, year=2020)
        .exclude(role=BlocMembership.Role.MEMBER)
        .values_list("organization_id", "role")
    )


NEW_ACCOUNT = {"full_name": "Trần Văn Mới", "email": "moi@example.vn"}


def _assignments(w):
    return sorted(
        StaffAssignment.objects.filter(
            user__username__in=["xaydung", "agnoivu"], is_active=True
        ).values_list("user_id", "organization_id")
    )


NEW_ORG = {"code": "DT-SVHTTDL", "name": "Sở Văn hóa, Thể thao và Du lịch", "kind": "department"}
NEW_BLOC = {"code": "KTĐ9", "name": "Khối thi đua 9", "kind": "bloc", "is_active": "on"}
NEW_CAMPAIGN = {
    "name": "Thi đua chuyên đề chuyển đổi số", "kind": "thematic", "year": 2020,
    "start": "01/03/2020", "end": "30/09/2020",
} | NO_PHASES  # fmt: skip
CAMPAIGN_FIELDS = (
    "name", "kind", "year", "authority", "plan_symbol", "plan_date", "start", "end",
    "registration_deadline", "description",
)  # fmt: skip
PERIOD_FIELDS = ("name", "start", "end", "due", "outline", "is_closed")


def _schedule_body(authority) -> dict:
    """The schedule page posted with a due day moved, so that a home post is saved."""
    body = {}
    for kind in ("h1", "annual"):
        schedule = progress.schedule_for(authority, kind)
        for part in ("start", "end", "due"):
            for unit in ("day", "month"):
                body[f"{kind}-{part}_{unit}"] = getattr(schedule, f"{part}_{unit}")
        body[f"{kind}-outline"] = ""
    return body | {"annual-due_day": 25}


SCOPES = [
    # Directory: jurisdiction fields are the administrator's; a reviewer places units only under
    # organisations it manages, and adds only its authority's units to its blocs.
    Scope(
        "organization_create",
        {},
        lambda w: NEW_ORG | {"parent": w.dt.pk},
        {"parent": W.ag},
        _org_state(NEW_ORG["code"]),
        OFFICE,
        frozenset({ADM, AREV}),
        "parent",
    ),
    Scope(
        "organization_create",
        {},
        lambda w: NEW_ORG | {"parent": w.dt.pk},
        {"emulation_office_for": W.ag},
        _org_state(NEW_ORG["code"]),
        OFFICE,
        ADMIN,
        "emulation office",
    ),
    Scope(
        "organization_edit",
        {"pk": W.unit},
        _org("unit"),
        {"parent": W.ag},
        _org_state("DT-SXD"),
        OFFICE | {OWN},
        ADMIN,
        "parent",
    ),
    Scope(
        "organization_edit",
        {"pk": W.unit},
        _org("unit"),
        {"emulation_office_for": W.ag},
        _org_state("DT-SXD"),
        OFFICE | {OWN},
        ADMIN,
        "emulation office",
    ),
    Scope(
        "organization_edit",
        {"pk": W.office},
        _org("office"),
        {"emulation_office_for": W.ag},
        _org_state("DT-SNV"),
        OFFICE,
        ADMIN,
        "the reviewer's own office",
    ),
    Scope(
        "organization_edit",
        {"pk": W.unit},
        _org("unit"),
        {"kind": "central"},
        lambda w: Organization.objects.filter(pk=w.unit.pk).values_list("kind").get(),
        OFFICE | {OWN},
        ADMIN,
        "a unit made a central body",
    ),  # a central council's clusters admit any province: a kind that widens a bloc
    Scope(
        "organization_edit",
        {"pk": W.dt},
        _org("dt"),
        {"kind": "central"},
        lambda w: Organization.objects.filter(pk=w.dt.pk).values_list("kind").get(),
        OFFICE,
        ADMIN,
        "the province made a central body",
    ),
    Scope(
        "organization_edit",
        {"pk": W.dt},
        _org("dt"),
        {"parent": W.ag},
        _org_state("DT"),
        OFFICE,
        ADMIN,
        "the province put under another",
    ),
    Scope(
        "bloc_create",
        {},
        lambda w: NEW_BLOC | {"authority": w.dt.pk},
        {"authority": W.ag},
        lambda w: list(Bloc.objects.filter(code="KTĐ9").values_list("authority_id")),
        OFFICE,
        frozenset({ADM, AREV}),
    ),
    Scope(
        "bloc_edit",
        {"pk": W.bloc},
        lambda w: _form_body(
            w.bloc, ("code", "name", "kind", "authority", "description", "is_active")
        ),
        {"authority": W.ag},
        lambda w: Bloc.objects.filter(pk=w.bloc.pk).values_list("authority_id").get(),
        OFFICE,
        ADMIN,
    ),  # fmt: skip
    Scope(
        "membership_add",
        {"pk": W.bloc, "year": 2020},
        lambda w: {"organization": w.spare_unit.pk, "role": "member"},
        {"organization": W.ag_unit},
        lambda w: sorted(
            BlocMembership.objects.filter(bloc=w.bloc).values_list("organization_id", "year")
        ),
        OFFICE,
    ),
    Scope(
        "bloc_leadership",
        {"pk": W.bloc, "year": 2020},
        lambda w: {"leader": w.leader.pk, "deputy": w.unit.pk},
        {"leader": W.ag_unit},
        _leaders,
        OFFICE,
        label="leader",
    ),
    Scope(
        "bloc_leadership",
        {"pk": W.bloc, "year": 2020},
        lambda w: {"leader": w.leader.pk, "deputy": w.unit.pk},
        {"deputy": W.ag_unit},
        _leaders,
        OFFICE,
        label="deputy",
    ),
    Scope(
        "bloc_role_change",
        {"pk": W.bloc, "year": 2020},
        lambda w: {"role": "leader", "organization": w.unit.pk, "effective_from": "01/07/2020"},
        {"organization": W.ag_unit},
        lambda w: sorted(
            BlocRoleChange.objects.filter(bloc=w.bloc).values_list("organization_id", "role")
        ),
        OFFICE,
    ),
    # Accounts and staff: an office invites into, assigns to and switches off only what it manages.
    Scope(
        "account_invite",
        {},
        lambda w: NEW_ACCOUNT | {"organization": w.unit.pk},
        {"organization": W.ag_unit},
        lambda w: list(User.objects.filter(email=NEW_ACCOUNT["email"]).values_list("is_active")),
        OFFICE,
        frozenset({ADM, AREV}),
    ),
    Scope(
        "staff_assign",
        {},
        lambda w: {"user": w.owner_account.pk, "organization": w.spare_unit.pk},
        {"organization": W.ag_unit},
        _assignments,
        OFFICE,
        ADMIN,
        "unit",
    ),
    Scope(
        "staff_assign",
        {},
        lambda w: {"user": w.owner_account.pk, "organization": w.spare_unit.pk},
        {"user": W.ag_account},
        _assignments,
        OFFICE,
        ADMIN,
        "account",
    ),
    Scope(
        "account_active",
        {"pk": W.owner_account},
        lambda w: {"active": "0"},
        {"pk": W.ag_account},
        lambda w: sorted(
            User.objects.filter(username__in=["xaydung", "agnoivu"]).values_list("is_active")
        ),
        OFFICE,
        ADMIN,
    ),
    # Campaigns, registrations, periods.
    Scope(
        "campaign_create",
        {},
        lambda w: NEW_CAMPAIGN | {"authority": w.dt.pk},
        {"authority": W.ag},
        lambda w: list(Campaign.objects.filter(name=NEW_CAMPAIGN["name"]).values_list("authority")),
        OFFICE,
        frozenset({ADM, AREV}),
    ),
    Scope(
        "campaign_edit",
        {"pk": W.campaign},
        lambda w: _form_body(w.campaign, CAMPAIGN_FIELDS) | NO_PHASES,
        {"authority": W.ag},
        lambda w: Campaign.objects.filter(pk=w.campaign.pk).values_list("authority_id").get(),
        OFFICE,
    ),  # the campaign has registrations of Đồng Tháp's blocs: nobody moves it to An Giang
    Scope(
        "bloc_import",
        {"pk": W.campaign, "bloc_pk": W.bloc},
        lambda w: {"file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes())},
        {"bloc_pk": W.ag_bloc},
        lambda w: ImportBatch.objects.count(),
        WRITERS,
    ),
    Scope(
        "registration_start",
        {"pk": W.campaign, "bloc_pk": W.bloc, "org_pk": W.unit},
        lambda w: {},
        {"bloc_pk": W.ag_bloc, "org_pk": W.ag_unit},
        lambda w: Registration.objects.count(),
        UNIT_EDIT,
        label="bloc and unit",
    ),
    Scope(
        "registration_start",
        {"pk": W.campaign, "bloc_pk": W.bloc, "org_pk": W.unit},
        lambda w: {},
        {"org_pk": W.ag_unit},
        lambda w: Registration.objects.count(),
        UNIT_EDIT,
        label="unit",
    ),
    Scope(
        "period_list",
        {},
        lambda w: {"authority": w.dt.pk, "year": 2022},
        {"authority": W.ag},
        lambda w: sorted(
            ReportingPeriod.objects.filter(year=2022).values_list("authority_id", "kind")
        ),
        OFFICE,
        frozenset({ADM, AREV}),
    ),
    Scope(
        "period_edit",
        {"pk": W.h1},
        lambda w: _form_body(w.h1, PERIOD_FIELDS),
        {"outline": W.ag_outline},
        lambda w: ReportingPeriod.objects.filter(pk=w.h1.pk).values_list("outline_id").get(),
        OFFICE,
    ),
    Scope(
        "period_schedule",
        {"pk": W.dt},
        lambda w: _schedule_body(w.dt),
        {"annual-outline": W.ag_outline},
        lambda w: list(PeriodSchedule.objects.values_list("authority_id", "kind", "outline_id")),
        OFFICE,
        label="outline",
    ),
    Scope(
        "report_start",
        {"period_pk": W.h1, "bloc_pk": W.bloc, "org_pk": W.unit},
        lambda w: {},
        {"bloc_pk": W.ag_bloc, "org_pk": W.ag_unit},
        lambda w: ProgressReport.objects.count(),
        UNIT_EDIT,
    ),
    # The bloc's official reports.
    Scope(
        "document_open",
        {"bloc_pk": W.bloc, "period_pk": W.annual},
        lambda w: {},
        {"period_pk": W.ag_period},
        lambda w: ReportDocument.objects.count(),
        WRITERS,
    ),
]


def _scope_params():
    for scope in SCOPES:
        for what in ("foreign", "home"):
            label = f"{scope.url}[{scope.label or ','.join(scope.foreign)}]-{what}"
            for role in SCOPE_ROLES:
                yield pytest.param(scope, what, role, id=f"{label}-{role}")


def _errors_shown(response) -> list[str]:
    """Messages flashed with level error (a refused button post redirects with one)."""
    return [
        str(m) for m in get_messages(response.wsgi_request) if m.level_tag in ("error", "danger")
    ]


def test_every_scope_row_names_a_url():
    assert not {scope.url for scope in SCOPES} - set(URL_NAMES)


@pytest.mark.django_db
@pytest.mark.parametrize(("scope", "what", "role"), _scope_params())
def test_data_scope(world, scope, what, role):
    kwargs = dict(scope.kwargs)
    body = scope.body(world)
    if what == "foreign":
        for name, value in scope.foreign.items():
            (kwargs if name in kwargs else body)[name] = value
    url = reverse(scope.url, kwargs={k: _resolve(v, world) for k, v in kwargs.items()})
    body = {k: _value(v, world) for k, v in body.items()}
    before = scope.stored(world)
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    response = client.post(url, body)
    after = scope.stored(world)
    saved = response.status_code == 302 and not _errors_shown(response)
    if role in (scope.applies if what == "foreign" else scope.users):
        assert saved, (
            f"POST {url} {what} as {role}: expected it saved, got {response.status_code} "
            f"{_errors_shown(response)}"
        )
        if what == "foreign":
            assert after != before, f"POST {url} as {role}: saved but the database is unchanged"
        return
    assert response.status_code < 500, f"POST {url} as {role}: {response.status_code}"
    assert not saved and after == before, (
        f"POST {url} with {what} values as {role}: expected refused with nothing stored, got "
        f"{response.status_code}, {before!r} -> {after!r} LEAK"
    )
