"""Walking the whole site as each demo role: the URL conf, a crawler, a form parser, a recorder.

Shared by the generated tests `test_fuzz_urls.py` and `test_round_trip.py`. Nothing here knows a
page by name: the URL patterns come from the resolver, real ids from following the links each
role sees, form fields from the HTML, and the query parameters a view reads from a recording
wrapper on `QueryDict` (plus a scan of the views' source, as a cross-check of the recorder).

Every request runs inside a savepoint that is rolled back, and the client's cookies are put back
afterwards: the demo world is loaded once per module and no request (a junk POST to "delete", a
logout, a language switch) changes what the next one sees.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import logging
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.http import QueryDict
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

ROOT = Path(__file__).resolve().parents[1]

# The demo accounts of `load_demo`, one per role (anonymous: not logged in).
ROLES = {
    "anonymous": None,
    "admin": "admin",
    "reviewer": "sonoivu",
    "secretariat": "hvquan",
    "unit": "xaydung",
}

SKIP_PREFIXES = ("/static/", "/media/", "/admin/")


# URL conf ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name" as reverse() wants it
    route: str
    converters: dict  # kwarg name → converter class name ("int", "slug", "path", "str", …)
    callback: object

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def module(self) -> str:
        callback = getattr(self.callback, "view_class", self.callback)
        while hasattr(callback, "__wrapped__"):
            callback = callback.__wrapped__
        return getattr(callback, "__module__", "")


def _pattern_parts(pattern):
    route = str(pattern.pattern)
    converters = {}
    for key, converter in getattr(pattern.pattern, "converters", {}).items():
        converters[key] = type(converter).__name__.replace("Converter", "").lower()
    regex = getattr(pattern.pattern, "regex", None)
    if regex is not None and not converters:
        converters = dict.fromkeys(regex.groupindex, "str")
    return route, converters


def url_patterns(resolver=None, prefix="", namespace="", converters=None) -> list[Pattern]:
    """Every named pattern of the URL conf, walked recursively (includes, namespaces)."""
    resolver = resolver or get_resolver()
    converters = dict(converters or {})
    found = []
    for entry in resolver.url_patterns:
        route, own = _pattern_parts(entry)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += url_patterns(entry, prefix + route, ns, converters | own)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append(
                Pattern(
                    f"{namespace}{entry.name}", prefix + route, converters | own, entry.callback
                )
            )
    return found


def pattern_names(*, admin_site: bool) -> list[str]:
    """Collection-time list of pattern names (for parametrize): the site's own, or the admin's."""
    names = [p.name for p in url_patterns() if p.is_admin == admin_site]
    return sorted(dict.fromkeys(names))


# Requests --------------------------------------------------------------------------------------


class NulRefused(ValueError):
    """What psycopg raises for a NUL character in a query parameter (SQLite stores it)."""


def _refuse_nul(execute, sql, params, many, context):
    """Make SQLite as strict as PostgreSQL about NUL characters, so the suite catches it here."""
    rows = params if many else [params]
    for row in rows or ():
        values = row.values() if isinstance(row, dict) else (row or ())
        for value in values:
            if isinstance(value, str) and "\x00" in value:
                raise NulRefused("A string literal cannot contain NUL (0x00) characters.")
    return execute(sql, params, many, context)


@dataclass
class Outcome:
    method: str
    path: str
    status: int | None
    content_type: str = ""
    body: bytes = b""
    location: str = ""
    error: str = ""
    seconds: float = 0.0
    inside: object = None

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    def describe(self, data=None) -> str:
        sent = ""
        if data:
            sent = " " + ", ".join(f"{k}={str(v)[:30]!r}" for k, v in list(_items(data))[:8])
        what = self.error or f"HTTP {self.status}"
        return f"{self.method} {self.path}{sent}: {what}"


def _items(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, list | tuple):
                for item in value:
                    yield key, item
            else:
                yield key, value
    else:
        yield from data or ()


class Site:
    """The demo world's clients, one per role, and the one way tests send requests."""

    def __init__(self):
        self.clients = {}
        for role, username in ROLES.items():
            client = Client(raise_request_exception=True)
            if username:
                from blocs.models import User

                client.force_login(User.objects.get(username=username))
            self.clients[role] = client
        self.read = {}  # pattern name → {"GET": names, "POST": names} recorded
        self.log: list[Outcome] = []

    def request(
        self, role, method, path, data=None, *, record_as=None, inside=None, **extra
    ) -> Outcome:
        """Send a request in a savepoint that is rolled back; cookies are restored afterwards.
        `inside()` runs after the response, before the rollback (to look at what was saved)."""
        client = self.clients[role]
        saved = dict(client.cookies.items())
        outcome = Outcome(method, path, None)
        looked_up, names = {}, {}
        started = time.perf_counter()
        try:
            with (
                transaction.atomic(),
                connection.execute_wrapper(_refuse_nul),
                _recording_lookups(looked_up),
            ):
                response = getattr(client, method.lower())(path, data, **extra)
                if inside is not None:
                    outcome.inside = inside()
                transaction.set_rollback(True)
            request = response.wsgi_request
            for which, query in (
                ("GET", request.__dict__.get("GET")),
                ("POST", request.__dict__.get("_post")),
            ):
                if query is not None:
                    # A template's `request.GET.urlencode` looks the name up first: not a param.
                    keys = looked_up.get(id(query), set())
                    names[which] = {k for k in keys if not hasattr(QueryDict, k)}
            outcome.status = response.status_code
            outcome.content_type = response.get("Content-Type", "")
            outcome.location = response.get("Location", "")
            if not response.streaming:
                outcome.body = response.content
            # As Django's test client does: closing fires request_finished, whose handler would
            # close PostgreSQL's connection inside the module's transaction (SQLite keeps it).
            request_finished.disconnect(close_old_connections)
            try:
                response.close()
            finally:
                request_finished.connect(close_old_connections)
        except Exception as exc:  # a view crashed: the client re-raises what Django would 500
            outcome.error = f"{type(exc).__name__}: {str(exc)[:300]}"
        finally:
            client.cookies = SimpleCookie()
            for key, morsel in saved.items():
                client.cookies[key] = morsel
        outcome.seconds = time.perf_counter() - started
        self.log.append(outcome)
        if record_as:
            seen = self.read.setdefault(record_as, {"GET": set(), "POST": set()})
            seen["GET"] |= names.get("GET", set())
            seen["POST"] |= names.get("POST", set())
        return outcome


@contextlib.contextmanager
def _recording_lookups(looked_up: dict):
    """Record, by dictionary, the keys looked up on any QueryDict while the request runs."""
    originals = {
        n: getattr(QueryDict, n) for n in ("__getitem__", "get", "getlist", "__contains__")
    }

    def wrap(original):
        def recording(self, key, *args, **kwargs):
            if isinstance(key, str):
                looked_up.setdefault(id(self), set()).add(key)
            return original(self, key, *args, **kwargs)

        return recording

    for name, original in originals.items():
        setattr(QueryDict, name, wrap(original))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


# HTML ------------------------------------------------------------------------------------------


@dataclass
class Form:
    page: str
    action: str
    method: str
    enctype: str
    fields: list = field(default_factory=list)  # (name, value) as a browser would send them
    files: list = field(default_factory=list)  # names of file inputs
    buttons: list = field(default_factory=list)  # (name, value) of named submit buttons
    names: list = field(default_factory=list)  # every control's name, sent or not


class PageParser(HTMLParser):
    """Links and forms of a page, the way a browser would submit the forms unchanged."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select = None  # (name, multiple, options[(value, selected)], disabled)
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(
                page=self.page,
                action=urljoin(self.page, a.get("action") or self.page),
                method=(a.get("method") or "get").lower(),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(a)
        elif tag == "button":
            if a.get("name") and a.get("type", "submit") == "submit":
                self._form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = (a.get("name"), "multiple" in a, [], "disabled" in a)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
            self._select[2].append(self._option)
        elif tag == "textarea":
            self._textarea = [a.get("name"), "", "disabled" in a]

    def _input(self, a):
        name, kind = a.get("name"), a.get("type", "text").lower()
        if not name:
            return
        self._form.names.append(name)
        if "disabled" in a:
            return
        if kind in ("submit", "image", "button", "reset"):
            if kind == "submit":
                self._form.buttons.append((name, a.get("value", "")))
        elif kind == "file":
            self._form.files.append(name)
        elif kind in ("checkbox", "radio"):
            if "checked" in a:
                self._form.fields.append((name, a.get("value", "on")))
        else:
            self._form.fields.append((name, a.get("value", "")))

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple, options, disabled = self._select
            self._select = None
            if not name:
                return
            self._form.names.append(name)
            if disabled:
                return
            for value, _selected, text in options:
                if value is None:  # an option without value sends its text
                    options[options.index([value, _selected, text])][0] = text.strip()
            chosen = [value for value, selected, _text in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]  # a browser sends the first option
            self._form.fields += [(name, value) for value in chosen]
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text, disabled = self._textarea
            self._textarea = None
            if not name:
                return
            self._form.names.append(name)
            if not disabled:
                # Browsers drop one newline right after <textarea> (Django writes one).
                if text.startswith("\r\n"):
                    text = text[2:]
                elif text.startswith("\n"):
                    text = text[1:]
                self._form.fields.append((name, text.replace("\r\n", "\n")))


def parse_page(path: str, body: bytes) -> PageParser:
    parser = PageParser(path)
    parser.feed(body.decode("utf-8", "replace"))
    parser.close()
    return parser


def local_path(url: str, base: str) -> str | None:
    """The same-site path (with query) a link points at, or None for elsewhere."""
    if not url or url.startswith(("#", "mailto:", "javascript:", "tel:")):
        return None
    parts = urlsplit(urljoin(base, url))
    if parts.netloc and parts.netloc != "testserver":
        return None
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


# Crawling ----------------------------------------------------------------------------------------


@dataclass
class Instance:
    path: str
    kwargs: dict


@dataclass
class Crawl:
    instances: dict = field(default_factory=dict)  # pattern name → [Instance]
    forms: dict = field(default_factory=dict)  # pattern name of the action → [Form]
    link_params: dict = field(default_factory=dict)  # pattern name → names seen in links
    pages: dict = field(default_factory=dict)  # path → Outcome of the GET

    def add_instance(self, name, path, kwargs, limit):
        found = self.instances.setdefault(name, [])
        if any(i.path == path for i in found):
            return True
        if len(found) >= limit:
            return False
        found.append(Instance(path, kwargs))
        return True


def _match(path: str):
    try:
        return resolve(urlsplit(path).path)
    except Resolver404:
        return None


def crawl(site: Site, role: str, *, per_name: int = 2, start=("/",), limit: int = 400) -> Crawl:
    """Follow the links (GET only) a role sees, up to `per_name` pages per URL pattern."""
    result = Crawl()
    queue = list(start)
    queued = set(queue)
    while queue and len(result.pages) < limit:
        target = queue.pop(0)
        match = _match(target)
        if match is None:
            continue
        bare = urlsplit(target).path
        if not result.add_instance(match.view_name, bare, dict(match.kwargs), per_name):
            continue
        for key, _value in parse_qsl(urlsplit(target).query, keep_blank_values=True):
            result.link_params.setdefault(match.view_name, set()).add(key)
        if bare in result.pages:
            continue
        outcome = site.request(role, "GET", bare, record_as=match.view_name)
        result.pages[bare] = outcome
        if outcome.status != 200 or not outcome.is_html:
            continue
        page = parse_page(bare, outcome.body)
        for form in page.forms:
            action_match = _match(form.action)
            if action_match is not None and not form.action.startswith(SKIP_PREFIXES):
                result.forms.setdefault(action_match.view_name, []).append(form)
            if form.method == "get" and action_match is not None:
                names = {n for n, _v in form.fields} | set(form.names)
                result.link_params.setdefault(action_match.view_name, set()).update(names)
        for href in page.links:
            path = local_path(href, bare)
            if path is None or path.startswith(SKIP_PREFIXES):
                continue
            link_match = _match(path)
            if link_match is None:
                continue
            query = urlsplit(path).query
            for key, _value in parse_qsl(query, keep_blank_values=True):
                result.link_params.setdefault(link_match.view_name, set()).add(key)
            bare_link = urlsplit(path).path
            if bare_link not in queued:
                queued.add(bare_link)
                queue.append(bare_link)
    return result


# Static scan of the views' source --------------------------------------------------------------

_SOURCE_PARAM = re.compile(
    r"""request\.GET(?:\.get|\.getlist|\.__contains__)?\s*[\(\[]\s*["'](\w+)["']"""
    r"""|_param\(\s*request\s*,\s*["'](\w+)["']"""
)
_TEMPLATE_PARAM = re.compile(r"request\.GET\.(\w+)")


def source_params() -> dict[str, set[str]]:
    """Query parameter names read in each app's views (source) and templates."""
    found: dict[str, set[str]] = {}
    for app in ("blocs", "campaigns", "awards", "reports", "emulation_portal"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for match in _SOURCE_PARAM.finditer(path.read_text(encoding="utf-8")):
                module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                found.setdefault(module, set()).add(match.group(1) or match.group(2))
        for path in (ROOT / app).rglob("*.html"):
            names = set(_TEMPLATE_PARAM.findall(path.read_text(encoding="utf-8")))
            names -= {"items", "urlencode", "get", "getlist", "lists", "dict"}
            if names:
                found.setdefault(f"{app}.templates", set()).update(names)
    return found


# The demo world ----------------------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _extras():
    """Rows `load_demo` does not make but pages exist for: an import waiting for confirmation,
    an evidence file, a dossier document, a bloc report with a finished file and a signed scan.
    Made directly (test data, not a journey) so they exist whatever state the demo is in."""
    from django.core.files.base import ContentFile

    from awards.models import DossierDocument, Proposal
    from blocs.models import Bloc, User
    from campaigns import importer
    from campaigns.models import Campaign, Evidence, ProgressReport, TargetProgress
    from emulation_portal import uploads
    from reports import services as report_services
    from reports.models import ReportVersion, SignedScan

    from .conftest import SAMPLE

    secretariat = User.objects.get(username="hvquan")
    bloc = Bloc.objects.get(code="KTĐ4A")
    campaign = Campaign.objects.filter(registrations__bloc=bloc).order_by("year").first()
    importer.record_batch(
        data=SAMPLE.read_bytes(),
        name="mau.xlsx",
        campaign=campaign,
        bloc=bloc,
        actor=secretariat,
        replace_accepted=False,
    )
    line = TargetProgress.objects.filter(report__bloc=bloc).order_by("pk").first()
    evidence = Evidence(progress=line, uploaded_by=secretariat)
    uploads.store(evidence, name="anh.png", data=PNG)
    evidence.save()
    dossier = DossierDocument(
        proposal=Proposal.objects.order_by("pk").first(),
        kind=DossierDocument.Kind.values[0],
        uploaded_by=secretariat,
    )
    uploads.store(dossier, name="anh.png", data=PNG)
    dossier.save()
    report = ProgressReport.objects.filter(bloc=bloc).select_related("period").first()
    document = report_services.document_open(
        bloc=report.bloc, period=report.period, actor=secretariat
    )
    version = ReportVersion(
        document=document,
        format="pdf",
        status_at=document.status,
        requested_by=secretariat,
        state=ReportVersion.State.DONE,
        progress=100,
        size=len(PDF),
    )
    version.file.save("bao-cao.pdf", ContentFile(PDF), save=False)
    version.save()
    scan = SignedScan(
        document=document,
        original_name="da-ky.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=secretariat,
    )
    scan.file.save("da-ky.pdf", ContentFile(PDF), save=False)
    scan.save()
    # The demo's registrations and reports are all accepted: reopen Sở Xây dựng's so that their
    # edit forms (targets, progress, evidence) are on the pages too.
    from campaigns import progress as progress_services
    from campaigns import services as campaign_services
    from campaigns.models import Registration

    admin_user = User.objects.get(username="admin")
    registration = Registration.objects.get(bloc=bloc, organization__code="DT-SXD")
    campaign_services.registration_transition(
        registration=registration, event="reopen", actor=admin_user, reason="Kiểm thử"
    )
    unit_report = ProgressReport.objects.get(
        bloc=bloc, organization__code="DT-SXD", period__kind="h1"
    )
    progress_services.report_transition(
        report=unit_report, event="reopen", actor=admin_user, reason="Kiểm thử"
    )
    # Fractions and thousands in the numbers the edit forms show ("1.150,5"), so that a form
    # that re-reads its own localised output wrongly (×1000, rounding) changes a value.
    from decimal import Decimal

    from campaigns.models import Score, Target

    Target.objects.filter(pk=registration.targets.order_by("pk").values("pk")[:1]).update(
        planned_value=Decimal("1150.5"), points=Decimal("2.5"), kind=Target.Kind.QUANTITATIVE
    )
    TargetProgress.objects.filter(pk=unit_report.progress.order_by("pk").values("pk")[:1]).update(
        achieved_value=Decimal("1150.5")
    )
    Score.objects.filter(criterion__max_points__gte=3).update(
        self_points=Decimal("2.5"), bloc_points=Decimal("1.25")
    )
    # A recorded year-end meeting, so the ranking page's meeting form edits something.
    from campaigns import scoring

    scoring.meeting_save(
        bloc=bloc,
        year=campaign.year,
        held_on=datetime.date(campaign.year, 12, 15),
        attendees=8,
        nominations=[],
        actor=secretariat,
    )


@contextlib.contextmanager
def demo_world(django_db_blocker, media_root):
    """`load_demo` (plus `_extras`) in a transaction held for the module, rolled back after."""
    settings = override_settings(MEDIA_ROOT=str(media_root))
    settings.enable()
    # Thousands of 403/404/405 warnings (with tracebacks) cost time and hide the report.
    logging.disable(logging.WARNING)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            _extras()
            try:
                yield Site()
            finally:
                transaction.set_rollback(True)
    finally:
        logging.disable(logging.NOTSET)
        settings.disable()


def admin_instances() -> dict[str, dict]:
    """Real kwargs for each admin URL: the first row of each registered model."""
    kwargs = {}
    for model, _model_admin in admin.site._registry.items():
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        obj = model._default_manager.order_by("pk").first()
        kwargs[f"{prefix}_changelist"] = {}
        kwargs[f"{prefix}_add"] = {}
        if obj is not None:
            for action in ("change", "delete", "history"):
                kwargs[f"{prefix}_{action}"] = {"object_id": str(obj.pk)}
        kwargs.setdefault("admin:app_list", {"app_label": meta.app_label})
    return kwargs


def junk_file(name: str = "tep.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"abc\x00" * 10, content_type="application/octet-stream")


# Snapshots of every table ------------------------------------------------------------------------

# Records of who did what (and the machinery of logging in): they are meant to grow.
NOT_SNAPSHOTTED = {
    "auditlog.LogEntry",
    "admin.LogEntry",
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "axes.AccessAttemptExpiration",
}


def snapshot() -> dict:
    """Every row of every table (many-to-many tables included), by model and primary key."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if label in NOT_SNAPSHOTTED or model._meta.proxy:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        rows = model._base_manager.order_by().values_list(*names)
        pk_index = names.index(model._meta.pk.attname)
        tables[label] = (names, {row[pk_index]: row for row in rows})
    return tables


@dataclass(frozen=True)
class Change:
    model: str
    pk: object
    field: str
    before: object
    after: object

    def __str__(self):
        if self.field == "<row>":
            return f"{self.model} #{self.pk}: {self.before} → {self.after}"
        return f"{self.model} #{self.pk}.{self.field}: {_short(self.before)} → {_short(self.after)}"


def _short(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="milliseconds")
    return repr(value)[:120]


def diff(before: dict, after: dict) -> list[Change]:
    changes = []
    for label, (names, old_rows) in before.items():
        new_rows = after[label][1]
        for pk in old_rows.keys() - new_rows.keys():
            changes.append(Change(label, pk, "<row>", "present", "deleted"))
        for pk in new_rows.keys() - old_rows.keys():
            changes.append(Change(label, pk, "<row>", "absent", f"created {new_rows[pk]}"[:200]))
        for pk in old_rows.keys() & new_rows.keys():
            if old_rows[pk] != new_rows[pk]:
                for name, old, new in zip(names, old_rows[pk], new_rows[pk], strict=True):
                    if old != new:
                        changes.append(Change(label, pk, name, old, new))
    return changes
