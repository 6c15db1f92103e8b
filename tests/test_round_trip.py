"""Generated: every edit form, posted back unchanged by the role that sees it, changes nothing.

DESIGN §5: "a form posted back unchanged changes nothing". For each demo role the site is crawled
(`site_walk.crawl`); every `<form method="post">` on the pages is parsed the way a browser would
submit it untouched (inputs' values, checked boxes, selected options, textareas), and posted to
its action. Every table is snapshotted before and after (inside the same rolled-back savepoint):
no row may disappear or appear, and no value may change.

Forms whose POST is an action by nature (submit, accept, delete, log out, switch language,
number, issue) or that create something (a blank "new" form) are skipped by the reviewed list
`NOT_ROUND_TRIPS` below; everything else that posts is a round trip.

Timestamps are compared too: a save that changes nothing must not bump `updated_at` (auto_now)
or `updated_by` either (the services skip the write when nothing differs,
`emulation_portal.models.changed_fields`).
"""

import pytest

from tests import site_walk as sw

pytestmark = pytest.mark.django_db

# Reviewed: POSTs that act (or create) by nature, never a round trip of an edit form.
NOT_ROUND_TRIPS = {
    "login": "logs in",
    "logout": "logs out",
    "set_language": "switches the language",
    "password_change": "changes the password (its fields are never filled in)",
    "registration_start": "opens a registration",
    "registration_transition": "submit / return / accept / reopen",
    "report_start": "opens a progress report",
    "report_transition": "submit / return / accept / reopen",
    "import_preview": "confirms or cancels an import",
    "bloc_import": "uploads a workbook",
    "evidence_delete": "deletes an evidence file",
    "section_action": "moves or deletes an outline section",
    "section_create": "creates an outline section",
    "membership_add": "adds a member",
    "membership_remove": "removes a member",
    "bloc_copy_members": "copies last year's members",
    "bloc_role_change": "hands the leader's or deputy's role on from a date (a blank form)",
    "notifications": "marks notifications read",
    "period_list": "creates the year's default reporting periods",
    "organization_create": "creates an organisation",
    "person_create": "creates a person",
    "bloc_create": "creates a bloc",
    "campaign_create": "creates a campaign",
    "proposal_create": "creates a proposal",
    "nominee_add": "adds a nominee",
    "document_add": "uploads a dossier document",
    "proposal_submit": "submits a proposal",
    "proposal_review": "a review action on a proposal",
    "proposal_verdict": "records the verdicts",
    "decision_create": "drafts a decision",
    "decision_detail": "issues a decision",
    "document_open": "opens a bloc report",
    "document_transition": "finalise / number / sign / issue a bloc report",
    "version_request": "generates a file",
    "nominee_remove": "removes a nominee from a draft proposal",
    "nominee_withdraw": "withdraws a nominee (a reason is required)",
    "registrations_accept": "accepts the chosen registrations",
    "reports_accept": "accepts the chosen progress reports",
    "account_invite": "creates an account",
    "account_active": "deactivates or reactivates an account",
    "staff_assign": "assigns staff (a blank form)",
    "staff_end": "ends an assignment",
}

# Reviewed: the pages whose forms edit something, each reached by at least one role's crawl. A
# page that starts offering a form posting anywhere else fails `test_every_form_is_reviewed`.
EDIT_FORMS = [
    "bloc_edit",
    "bloc_leadership",
    "campaign_edit",
    "document_detail",
    "membership_dates",
    "notification_settings",
    "organization_edit",
    "period_edit",
    "period_schedule",
    "person_edit",
    "proposal_detail",
    "ranking",
    "registration_edit",
    "report_edit",
    "scoring",
    "section_edit",
]


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, tmp_path_factory):
    with sw.demo_world(django_db_blocker, tmp_path_factory.mktemp("media")) as site:
        crawls = {role: sw.crawl(site, role, per_name=3) for role in sw.ROLES}
        yield site, crawls


def test_the_reviewed_lists_name_real_pages():
    names = set(sw.pattern_names(admin_site=False))
    assert set(NOT_ROUND_TRIPS) - names == set()
    assert set(EDIT_FORMS) - names == set()


def test_every_form_is_reviewed(walk):
    """Every page some role is shown a POST form for is an edit form or a reviewed action."""
    _site, crawls = walk
    posted = {
        name
        for crawl in crawls.values()
        for name, forms in crawl.forms.items()
        if any(form.method == "post" for form in forms)
    }
    assert posted - set(NOT_ROUND_TRIPS) - set(EDIT_FORMS) == set()


@pytest.mark.parametrize("name", EDIT_FORMS)
def test_posting_a_form_back_unchanged_changes_nothing(walk, name):
    site, crawls = walk
    failures, tried = [], 0
    for role, crawl in crawls.items():
        seen = set()
        for form in crawl.forms.get(name, []):
            if form.method != "post" or form.action in seen:
                continue
            seen.add(form.action)
            tried += 1
            before = sw.snapshot()
            path = sw.urlsplit(form.action).path
            outcome = site.request(role, "POST", path, _data(form), inside=sw.snapshot)
            where = f"{role} {path} (form on {form.page})"
            if outcome.error or outcome.inside is None:
                failures.append(f"{where}: {outcome.error or outcome.status}")
                continue
            if outcome.status not in (200, 302, 303):
                failures.append(f"{where}: HTTP {outcome.status}: {_errors(outcome)}")
            elif outcome.status == 200 and (errors := _errors(outcome)):
                failures.append(f"{where}: the unchanged form was refused: {errors}")
            if changes := sw.diff(before, outcome.inside):
                failures.append(f"{where}:\n    " + "\n    ".join(map(str, changes[:15])))
    assert tried, "no role was shown this form: the crawl no longer reaches it"
    assert not failures, "\n".join(failures)


def _data(form) -> dict:
    data: dict[str, list] = {}
    for key, value in form.fields:
        data.setdefault(key, []).append(value)
    return data


def _errors(outcome) -> str:
    """The error messages a page shows (Bootstrap's and Django's markup), shortened."""
    import re

    text = outcome.body.decode("utf-8", "replace")
    found = re.findall(
        r'class="(?:invalid-feedback|errorlist[^"]*|alert alert-danger[^"]*)"[^>]*>(.*?)</',
        text,
        flags=re.S,
    )
    return " | ".join(" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in found)[:500]
