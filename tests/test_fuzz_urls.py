"""Generated: every URL of the URL conf, as every demo role, with junk, never answers 5xx.

Issue 13, finding 5 ("server errors on bad input"). Nothing here names a page: the patterns come
from the resolver, real ids from the links and forms each role is shown (`site_walk.crawl`), the
query parameters from a recorder on `QueryDict` while the pages render (plus the views' source),
the POST fields from the forms on the pages and the recorder. Then, for each pattern and role:

- GET with each junk value in every parameter the view reads;
- GET and POST with each path converter replaced by junk (999999, an id no database holds, …);
- POST junk in every field the view reads, and each form on the pages with one field junked.

A 4xx (400 with a message, 403, 404, 405) or a page with the error shown is fine; a 5xx or an
exception is a failure, listed with the request that caused it. SQLite is made as strict as
PostgreSQL about NUL characters (`site_walk._refuse_nul`), so what CI would find is found here.
"""

import contextlib
import os
import re

import pytest
from django.urls import NoReverseMatch, reverse

from tests import site_walk as sw

pytestmark = pytest.mark.django_db

JUNK = [
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "1e400",
    "9999-99-99",
    "31/12/9999",
    "' OR 1=1 --",
    "",
    "x" * 5000,
    "\x00",
    "²",  # a digit to str.isdigit(), not to int()
]
JUNK_PATH = {
    "int": ["999999", "99999999999999999999"],
    "year": ["9999", "0001"],
    "slug": ["zzz"],
    "str": ["abc"],
    "path": ["abc", "99999999999999999999"],
}

# Patterns no crawl reaches with the demo world, filled from the route of a pattern that was
# reached (same prefix) — or from here, reviewed: slugs name an action the view dispatches on.
SLUGS = {
    "event": "submit",
    "action": "up",
    "kind": "annual",
    "format": "pdf",
    "scope": "membership_candidates",
}

SITE = sw.pattern_names(admin_site=False)


def _reviewed_fallbacks() -> dict:
    """Pages no link leads to in the demo world (an upload's preview, a file of a page the crawl
    did not open), with ids from the rows `site_walk._extras` made for them."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from awards.models import DossierDocument, Nominee
    from blocs.models import BlocMembership, User
    from campaigns.models import Campaign, Evidence, ImportBatch, OutlineSection

    section = OutlineSection.objects.order_by("pk").first()
    evidence = Evidence.objects.order_by("pk").first()
    membership = BlocMembership.objects.filter(bloc__code="KTĐ4A").order_by("year", "pk").first()
    campaign = Campaign.objects.filter(year=membership.year).first()
    invitee = User.objects.get(username="xaydung")
    return {
        "import_preview": {"pk": ImportBatch.objects.order_by("pk").first().pk},
        "document_download": {"pk": DossierDocument.objects.order_by("pk").first().pk},
        "evidence_download": {"pk": evidence.pk},
        "evidence_delete": {"pk": evidence.pk},
        "registration_start": {
            "pk": campaign.pk,
            "bloc_pk": membership.bloc_id,
            "org_pk": membership.organization_id,
        },
        "section_create": {"outline_pk": section.outline_id},
        "section_edit": {"outline_pk": section.outline_id, "pk": section.pk},
        "section_action": {"outline_pk": section.outline_id, "pk": section.pk, "action": "up"},
        # The demo's draft and received proposals (the crawl opens two proposals per role).
        "nominee_remove": {"pk": Nominee.objects.filter(proposal__status="draft").first().pk},
        "nominee_withdraw": {"pk": Nominee.objects.filter(proposal__status="received").first().pk},
        # An invitation link (blocs.accounts.invitation_link) is only ever in an e-mail.
        "password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(invitee.pk)),
            "token": default_token_generator.make_token(invitee),
        },
    }


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, tmp_path_factory):
    with sw.demo_world(django_db_blocker, tmp_path_factory.mktemp("media")) as site:
        crawls = {role: sw.crawl(site, role) for role in sw.ROLES}
        patterns = {p.name: p for p in sw.url_patterns()}
        instances = _instances(patterns, crawls)
        yield Walk(site, crawls, patterns, instances)
        if os.environ.get("FUZZ_TIMING"):
            by_path = {}
            for o in site.log:
                by_path.setdefault(o.path, []).append(o.seconds)
            rows = sorted(by_path.items(), key=lambda kv: -sum(kv[1]))[:40]
            print("\n".join(f"{sum(v):6.2f}s {len(v):4d} {k}" for k, v in rows))
            print("total", sum(o.seconds for o in site.log), len(site.log))


class Walk:
    def __init__(self, site, crawls, patterns, instances):
        self.site, self.crawls, self.patterns, self.instances = site, crawls, patterns, instances
        self.source = sw.source_params()

    def paths(self, role, name, limit=2):
        """Real paths for a pattern, those the role itself was shown first."""
        own = [i.path for i in self.crawls[role].instances.get(name, [])]
        rest = [i.path for i in self.instances.get(name, []) if i.path not in own]
        return (own + rest)[:limit]

    def query_params(self, name) -> set[str]:
        """What the view was seen reading (recorder) and what links to it carry."""
        names = set(self.site.read.get(name, {}).get("GET", set()))
        for crawl in self.crawls.values():
            names |= crawl.link_params.get(name, set())
        return names

    def post_fields(self, name) -> set[str]:
        names = set(self.site.read.get(name, {}).get("POST", set()))
        for crawl in self.crawls.values():
            for form in crawl.forms.get(name, []):
                names |= {n for n, _v in form.fields} | set(form.names) | set(form.files)
        return names - {"csrfmiddlewaretoken"}


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _fill(route: str, values: dict) -> str:
    return "/" + _CONVERTER.sub(lambda m: str(values[m.group(2)]), route)


def _instances(patterns, crawls) -> dict:
    """Real instances per pattern: every role's crawl, links and form actions together; then
    patterns nobody reached, filled from a reached pattern sharing the route up to each
    converter (`/registrations/<pk>/edit/` takes the pk of `/registrations/<pk>/`)."""
    found: dict[str, list] = {}
    for crawl in crawls.values():
        for name, items in crawl.instances.items():
            found.setdefault(name, [])
            found[name] += [i for i in items if i.path not in {f.path for f in found[name]}]
        for name, forms in crawl.forms.items():
            match = sw._match(forms[0].action)
            for form in forms:
                path = sw.urlsplit(form.action).path
                if path not in {f.path for f in found.setdefault(name, [])}:
                    found[name].append(sw.Instance(path, dict(sw._match(path).kwargs)))
            del match
    fallbacks = _reviewed_fallbacks()
    for name, pattern in patterns.items():
        if pattern.is_admin or found.get(name):
            continue
        if name in fallbacks:
            found[name] = [sw.Instance(reverse(name, kwargs=fallbacks[name]), fallbacks[name])]
            continue
        values = {}
        for match in _CONVERTER.finditer(pattern.route):
            key = match.group(2)
            prefix = pattern.route[: match.end()]
            for other, items in found.items():
                other_route = patterns[other].route if other in patterns else ""
                if items and other_route.startswith(prefix) and key in items[0].kwargs:
                    values[key] = items[0].kwargs[key]
                    break
            else:
                if key in SLUGS:
                    values[key] = SLUGS[key]
        if all(m.group(2) in values for m in _CONVERTER.finditer(pattern.route)):
            found[name] = [sw.Instance(_fill(pattern.route, values), values)]
    return found


def _junk_paths(pattern, path_kwargs) -> list[str]:
    """The pattern with one converter at a time replaced by junk (others kept real)."""
    paths = []
    for key, converter in pattern.converters.items():
        kind = "year" if key == "year" else converter
        for junk in JUNK_PATH.get(kind, JUNK_PATH["str"]):
            values = {**path_kwargs, key: junk}
            if pattern.route.startswith("^"):  # a regex pattern (admin): reverse it
                with contextlib.suppress(NoReverseMatch):  # the regex refuses the junk itself
                    paths.append(reverse(pattern.name, kwargs=values))
            else:
                paths.append(_fill(pattern.route, values))
    return paths


def _fail(failures, outcome, data=None):
    if outcome.error or (outcome.status or 0) >= 500:
        failures.append(outcome.describe(data))


def _verdict(failures):
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


def test_every_pattern_has_real_ids(walk):
    """The crawl must reach every page, or the junk below would only meet 404s."""
    missing = [name for name in SITE if not walk.instances.get(name)]
    assert not missing, f"no real instance for: {missing}"


def test_the_recorder_sees_what_the_views_read(walk):
    """Every query parameter the views' source reads was seen by the recorder somewhere."""
    for name in SITE:
        for path in walk.paths("admin", name, limit=1):
            walk.site.request("admin", "GET", path, record_as=name)
    recorded = set()
    for seen in walk.site.read.values():
        recorded |= seen["GET"]
    for crawl in walk.crawls.values():
        for names in crawl.link_params.values():
            recorded |= names
    in_source = set().union(*walk.source.values())
    assert in_source - recorded == set()


# Junk in the path is met by the object lookup, before any role's permission: sent as the
# administrator only (who passes every permission check that might come first).
JUNK_PATH_ROLE = "admin"
# POST junk is sent only where the empty POST got past the door (not 403/404/405, not a login).
CLOSED = {403, 404, 405}
POST_JUNK = ["abc", "-1", "99999999999999999999", "1e400", "31/12/9999", "x" * 5000, "\x00", "²"]


@pytest.mark.parametrize("name", SITE)
@pytest.mark.parametrize("role", list(sw.ROLES))
def test_get_with_junk_never_fails(walk, role, name):
    pattern = walk.patterns[name]
    failures = []
    for path in walk.paths(role, name, limit=1):
        _fail(failures, walk.site.request(role, "GET", path, record_as=name))
        for junk in JUNK if walk.query_params(name) else ():
            data = dict.fromkeys(walk.query_params(name), junk)
            _fail(failures, walk.site.request(role, "GET", path, data), data)
        if role == JUNK_PATH_ROLE:
            for junk_path in _junk_paths(pattern, sw._match(path).kwargs):
                _fail(failures, walk.site.request(role, "GET", junk_path))
    _verdict(failures)


@pytest.mark.parametrize("name", SITE)
@pytest.mark.parametrize("role", list(sw.ROLES))
def test_post_junk_never_fails(walk, role, name):
    pattern = walk.patterns[name]
    failures = []
    for path in walk.paths(role, name, limit=1):
        empty = walk.site.request(role, "POST", path, {}, record_as=name)
        _fail(failures, empty)
        if empty.status == 405:
            continue
        if role == JUNK_PATH_ROLE:
            for junk_path in _junk_paths(pattern, sw._match(path).kwargs):
                _fail(failures, walk.site.request(role, "POST", junk_path, {}))
        if empty.status in CLOSED or "/accounts/login/" in empty.location:
            continue
        fields = walk.post_fields(name)
        for junk in POST_JUNK if fields else ():
            data = dict.fromkeys(fields, junk)
            _fail(failures, walk.site.request(role, "POST", path, data), data)
        for form in walk.crawls[role].forms.get(name, [])[:1]:
            action = sw.urlsplit(form.action).path
            for data in _one_field_junked(form):
                _fail(failures, walk.site.request(role, "POST", action, data), data)
    _verdict(failures)


def _one_field_junked(form, cap=16):
    """The form as shown, with one field at a time replaced by the next junk value."""
    names = list(dict.fromkeys([n for n, _v in form.fields if n != "csrfmiddlewaretoken"]))
    names += form.files
    for index, target in enumerate(names[:cap]):
        junk = JUNK[index % len(JUNK)]
        data: dict[str, list | object] = {}
        for key, value in form.fields:
            if key != target:
                data.setdefault(key, []).append(value)
        data[target] = sw.junk_file() if target in form.files else junk
        yield data
    # Names a view splits itself ("nominate-<unit>-<award>"): one segment fewer and one more.
    dashed = [n for n in form.names if "-" in n and not n.endswith("_FORMS")]
    if dashed:
        data = dict(form.fields)
        for name in dashed[:3]:
            data |= {name: "²", name.rsplit("-", 1)[0]: "on", f"{name}-0": "on"}
        yield data


ADMIN = sw.pattern_names(admin_site=True)
# The admin's own query parameters (search, ordering, page, popup, filters) and lookups a
# changelist turns into filters.
ADMIN_PARAMS = ["q", "o", "p", "e", "_popup", "_to_field", "_changelist_filters", "id__exact"]
ADMIN_JUNK = ["abc", "99999999999999999999", "\x00"]


@pytest.mark.parametrize("role", list(sw.ROLES))
def test_the_admin_site_never_fails(walk, role):
    """Every admin URL (one real row per model) as the administrator, with junk parameters, ids
    and POSTs; everyone else is sent to the admin's login page (a few URLs suffice)."""
    kwargs = sw.admin_instances()
    failures = []
    names = ADMIN if role == "admin" else ["admin:index", "admin:blocs_person_change"]
    for name in names:
        pattern = walk.patterns[name]
        values = kwargs.get(name, {} if not pattern.converters else None)
        if values is None:
            continue  # no row of that model in the demo world
        try:
            path = reverse(name, kwargs=values)
        except NoReverseMatch:
            continue
        outcome = walk.site.request(role, "GET", path, record_as=name)
        _fail(failures, outcome)
        if role != "admin" or outcome.status != 200:
            continue
        if name.endswith("_changelist"):
            params = set(ADMIN_PARAMS) | walk.site.read.get(name, {}).get("GET", set())
            for junk in ADMIN_JUNK:
                data = dict.fromkeys(params, junk)
                _fail(failures, walk.site.request(role, "GET", path, data), data)
        for junk_path in _junk_paths(pattern, values):
            _fail(failures, walk.site.request(role, "GET", junk_path))
        if name.endswith(("_add", "_change")):
            page = sw.parse_page(path, outcome.body)
            fields = {n for form in page.forms if form.method == "post" for n in form.names}
            for junk in ("abc", "\x00"):
                data = dict.fromkeys(fields - {"csrfmiddlewaretoken"}, junk)
                _fail(failures, walk.site.request(role, "POST", path, data), data)
    _verdict(failures)
