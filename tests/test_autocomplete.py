"""Issue 15, Deliver 6 and 10: pickers for long lists search a scope on the server (the same
scoping selector as the form), and a bloc takes many members in one submit, all or nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blocs import permissions
from blocs.models import BlocMembership, Organization, Person, StaffAssignment
from emulation_portal.autocomplete import (
    ORGANIZATIONS,
    SCOPES,
    AutocompleteMultipleField,
    resolve,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Role = BlocMembership.Role


def _url(scope, **params):
    return reverse("autocomplete", args=[scope]), params


def _search(client, scope, **params):
    url, params = _url(scope, **params)
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def reviewer(client, demo):
    client.force_login(demo.reviewer)
    return client


# The endpoint --------------------------------------------------------------------------------


def test_search_folds_vietnamese_and_matches_code(reviewer, demo):
    candidates = {"scope": "membership_candidates", "bloc": demo.bloc.pk, "year": 2020}
    found = _search(reviewer, candidates.pop("scope"), q="hoi lien hiep phu nu", **candidates)
    values = [r["value"] for r in found["results"]]
    assert "Hội Liên hiệp Phụ nữ Tỉnh [DT-HLHPN]" in values
    by_code = _search(reviewer, "membership_candidates", q="dt-hlhpn", **candidates)
    assert [r["value"] for r in by_code["results"]] == ["Hội Liên hiệp Phụ nữ Tỉnh [DT-HLHPN]"]


def test_members_of_the_year_and_other_provinces_are_not_suggested(reviewer, demo):
    found = _search(reviewer, "membership_candidates", q="", bloc=demo.bloc.pk, year=2020)
    codes = {r["value"].rsplit("[", 1)[1].rstrip("]") for r in found["results"]}
    assert "DT-SXD" not in codes  # a member of 4A in 2020
    assert not {c for c in codes if c.startswith("AG")}
    next_year = _search(reviewer, "membership_candidates", q="xay dung", bloc=demo.bloc.pk,
                        year=2021)  # fmt: skip
    assert "Sở Xây dựng [DT-SXD]" in [r["value"] for r in next_year["results"]]


def test_every_suggestion_is_in_the_forms_queryset(reviewer, demo):
    """The endpoint serves the same selector the form's field is limited to."""
    allowed = set(
        permissions.membership_candidates(demo.bloc, year=2020).values_list("code", flat=True)
    )
    found = _search(reviewer, "membership_candidates", q="", bloc=demo.bloc.pk, year=2020)
    assert found["results"]
    assert {r["value"].rsplit("[", 1)[1].rstrip("]") for r in found["results"]} <= allowed


def test_results_are_capped(reviewer, demo):
    Organization.objects.bulk_create(
        Organization(code=f"DT-X{n}", name=f"Xã số {n}", kind="commune", parent=demo.org["DT"])
        for n in range(50)
    )
    found = _search(reviewer, "membership_candidates", q="xa so", bloc=demo.bloc.pk, year=2020)
    assert len(found["results"]) == 20
    assert found["more"] is True


def test_a_bloc_the_user_does_not_manage_is_refused(client, demo):
    foreign = UserFactory()
    StaffAssignment.objects.create(user=foreign, organization=demo.org["AG-SNV"])
    url, params = _url("membership_candidates", bloc=demo.bloc.pk, year=2020)
    for user in (foreign, demo.xaydung):
        client.force_login(user)
        assert client.get(url, params).status_code == 403


def test_anonymous_is_sent_to_login(client, demo):
    url, params = _url("membership_candidates", bloc=demo.bloc.pk, year=2020)
    response = client.get(url, params)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "params",
    [{}, {"bloc": "abc", "year": "2020"}, {"bloc": "1", "year": "99999"},
     {"bloc": "99999999999999999999", "year": "2020"}, {"bloc": "\x00", "year": "²"}],
)  # fmt: skip
def test_missing_or_junk_context_is_a_400(reviewer, demo, params):
    url = reverse("autocomplete", args=["membership_candidates"])
    assert reviewer.get(url, params).status_code == 400


def test_unknown_scope_or_object_is_a_404(reviewer, demo):
    assert reviewer.get(reverse("autocomplete", args=["nope"])).status_code == 404
    url, params = _url("membership_candidates", bloc=999999, year=2020)
    assert reviewer.get(url, params).status_code == 404


def test_junk_search_text_is_answered(reviewer, demo):
    for q in ("x" * 5000, "' OR 1=1 --"):
        found = _search(reviewer, "membership_candidates", q=q, bloc=demo.bloc.pk, year=2020)
        assert found["results"] == []
    # NUL is dropped and punctuation folds away: an empty search, the list's first entries.
    for q in ("\x00", "[", "]]"):
        assert _search(reviewer, "membership_candidates", q=q, bloc=demo.bloc.pk, year=2020)


def test_every_registered_scope_answers_its_owner(client, demo):
    """Each scope, asked by someone entitled to it, answers JSON (none is left untested)."""
    from awards.models import Proposal

    client.force_login(demo.admin)
    proposal = Proposal.objects.create(
        proposer=demo.org["DT-SXD"], authority=demo.org["DT"], year=2024
    )
    context = {
        "bloc": demo.bloc.pk,
        "year": 2020,
        "organization": demo.org["DT-SXD"].pk,
        "proposal": proposal.pk,
    }
    for name, scope in SCOPES.items():
        _search(client, name, **{p: context[p] for p in scope.params})


# Resolving what was typed ----------------------------------------------------------------------


def test_typed_text_resolves_by_key_id_name_or_code(demo):
    scope = permissions.membership_candidates(demo.bloc, year=2020)
    unit = demo.org["DT-HLHPN"]
    for typed in (
        "Hội Liên hiệp Phụ nữ Tỉnh [DT-HLHPN]",
        str(unit.pk),
        "hoi lien hiep phu nu tinh",
        "Hội LHPN Tỉnh",
        "dt-hlhpn",
    ):
        assert resolve(scope, ORGANIZATIONS, typed) == unit, typed


def test_a_name_shared_by_two_units_asks_to_choose(demo):
    for code in ("DT-A", "DT-B"):
        Organization.objects.create(code=code, name="Xã An Bình", kind="commune",
                                    parent=demo.org["DT"])  # fmt: skip
    scope = permissions.membership_candidates(demo.bloc, year=2020)
    with pytest.raises(Exception, match="trùng với 2 mục"):
        resolve(scope, ORGANIZATIONS, "xa an binh")
    assert resolve(scope, ORGANIZATIONS, "Xã An Bình [DT-B]").code == "DT-B"


# Many members at once ---------------------------------------------------------------------------


def _add(client, demo, lines, role=Role.MEMBER):
    return client.post(
        reverse("membership_add", args=[demo.bloc.pk, 2021]),
        {"organization": "\n".join(lines), "role": role},
    )


def test_several_units_are_added_in_one_submit(reviewer, demo):
    response = _add(
        reviewer, demo, ["Sở Xây dựng [DT-SXD]", "Hội Liên hiệp Phụ nữ Tỉnh [DT-HLHPN]", "Sở CT"]
    )
    assert response.status_code == 302
    added = BlocMembership.objects.filter(bloc=demo.bloc, year=2021)
    assert set(added.values_list("organization__code", flat=True)) == {
        "DT-SXD", "DT-HLHPN", "DT-SCT",
    }  # fmt: skip


def test_one_unknown_line_adds_nothing_and_names_the_line(reviewer, demo):
    response = _add(reviewer, demo, ["Sở Xây dựng [DT-SXD]", "", "Sở Không Có"])
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dòng 3: Không tìm thấy “Sở Không Có”" in html
    assert "Sở Xây dựng [DT-SXD]" in html  # what was typed is kept
    assert not BlocMembership.objects.filter(bloc=demo.bloc, year=2021).exists()


def test_another_provinces_unit_adds_nothing(reviewer, demo):
    ag = Organization.objects.filter(code__startswith="AG-").first()
    response = _add(reviewer, demo, ["Sở Xây dựng [DT-SXD]", f"{ag.name} [{ag.code}]"])
    assert response.status_code == 400
    assert not BlocMembership.objects.filter(bloc=demo.bloc, year=2021).exists()


def test_a_refusal_of_the_service_undoes_the_units_before_it(reviewer, demo):
    """Two leaders at once: the service refuses the second, naming the first as the holder."""
    response = _add(reviewer, demo, ["Sở Xây dựng [DT-SXD]", "Sở CT"], role=Role.LEADER)
    assert response.status_code == 400
    assert "đã có khối trưởng là Sở Xây dựng" in response.content.decode()
    assert not BlocMembership.objects.filter(bloc=demo.bloc, year=2021).exists()


def test_the_bloc_year_page_with_3000_units_lists_none_of_them(
    reviewer, demo, django_assert_max_num_queries
):
    """Issue 15: the page listed all 3,000 organisations in a select (1.25 s measured)."""
    Organization.objects.bulk_create(
        Organization(code=f"DT-U{n}", name=f"Đơn vị {n}", kind="commune", parent=demo.org["DT"])
        for n in range(3000)
    )
    with django_assert_max_num_queries(40):
        response = reviewer.get(reverse("bloc_year", args=[demo.bloc.pk, 2020]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<option") < 50
    assert 'data-autocomplete="/autocomplete/membership_candidates/?bloc=' in html


# Other pickers ----------------------------------------------------------------------------------


def test_parent_field_shows_a_label_and_posts_back_unchanged(reviewer, demo):
    unit = demo.org["DT-SXD"]
    response = reviewer.get(reverse("organization_edit", args=[unit.pk]))
    form = response.context["form"]
    assert form["parent"].value() == f"{demo.org['DT'].name} [DT]"
    assert "<option" not in str(form["parent"])


def test_nominee_people_are_searched_within_the_proposals_units(client, demo):
    from awards.models import Proposal

    proposal = Proposal.objects.create(
        proposer=demo.org["DT-SXD"], authority=demo.org["DT"], year=2024
    )
    Person.objects.create(full_name="Nguyễn Thị Mai", organization=demo.org["DT-SXD"])
    Person.objects.create(full_name="Nguyễn Thị Mai Anh", organization=demo.org["DT-SCT"])
    client.force_login(demo.xaydung)
    found = _search(client, "nominee_people", q="nguyen thi mai", proposal=proposal.pk)
    assert [r["text"] for r in found["results"]] == ["Nguyễn Thị Mai"]
    client.force_login(demo.congthuong)
    url, params = _url("nominee_people", proposal=proposal.pk, q="mai")
    assert client.get(url, params).status_code == 403


def test_junk_posted_in_a_picker_is_a_field_error(reviewer, demo):
    """Ids the database cannot hold, NUL, a key of nothing: each an error on its line."""
    lines = ["99999999999999999999", "Sở Xây dựng [DT-SXD\x00]", "x [99999999999999999999]", "²"]
    response = _add(reviewer, demo, lines)
    assert response.status_code == 400
    html = response.content.decode()
    for number in (1, 3, 4):
        assert f"Dòng {number}: Không tìm thấy" in html
    assert not BlocMembership.objects.filter(bloc=demo.bloc, year=2021).exists()
    unit = demo.org["DT-SXD"]
    response = reviewer.post(
        reverse("organization_edit", args=[unit.pk]), {"parent": "99999999999999999999"}
    )
    assert response.status_code == 200
    assert "Không tìm thấy" in response.content.decode()


# Authorities and proposers: searched where they are every organisation (the administrator) ----


def _codes(found):
    return {r["value"].rsplit("[", 1)[1].rstrip("]") for r in found["results"]}


@pytest.mark.parametrize("scope", ["campaign_authorities", "proposal_authorities",
                                   "proposer_units"])  # fmt: skip
def test_authority_and_proposer_scopes_hold_only_the_users_province(client, demo, scope):
    """The scope is the form's selector: a reviewer of Đồng Tháp or its unit never finds An
    Giang; the administrator finds it."""
    for user in (demo.reviewer, demo.xaydung):
        client.force_login(user)
        found = _search(client, scope, q="an giang")
        assert not {c for c in _codes(found) if c.startswith("AG")}
    client.force_login(demo.admin)
    assert {c for c in _codes(_search(client, scope, q="AG")) if c.startswith("AG")}


def test_the_administrators_campaign_and_period_authority_is_searched(client, demo):
    from campaigns.models import ReportingPeriod

    client.force_login(demo.admin)
    for name in ("campaign_create", "period_list"):
        field = client.get(reverse(name)).context["form"]["authority"]
        assert "<option" not in str(field)
        assert "campaign_authorities" in field.field.widget.attrs["data-autocomplete"]
    response = client.post(reverse("period_list"), {"authority": "Tỉnh Đồng Tháp [DT]",
                                                    "year": "2031"})  # fmt: skip
    assert response.status_code == 302
    assert ReportingPeriod.objects.filter(authority=demo.org["DT"], year=2031).exists()
    response = client.post(reverse("period_list"), {"authority": "nơi không có", "year": "2032"})
    assert "Không tìm thấy “nơi không có”" in response.content.decode()
    assert not ReportingPeriod.objects.filter(year=2032).exists()


def test_a_reviewers_single_authority_stays_a_select(client, demo):
    client.force_login(demo.reviewer)
    assert "<option" in str(client.get(reverse("campaign_create")).context["form"]["authority"])


def test_the_administrators_proposer_and_authority_are_searched(client, demo):
    from awards.models import Proposal

    client.force_login(demo.admin)
    form = client.get(reverse("proposal_create")).context["form"]
    assert "<option" not in str(form["proposer"]) + str(form["authority"])
    response = client.post(
        reverse("proposal_create"),
        {"title": "Đề nghị", "kind": "annual", "year": "2024",
         "proposer": "Sở Xây dựng [DT-SXD]", "authority": "Tỉnh Đồng Tháp [DT]"},
    )  # fmt: skip
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.proposer, proposal.authority) == (demo.org["DT-SXD"], demo.org["DT"])


def test_a_units_officer_keeps_the_preselected_proposer(client, demo):
    client.force_login(demo.xaydung)
    form = client.get(reverse("proposal_create")).context["form"]
    assert "selected>Sở Xây dựng" in str(form["proposer"]).replace('"', "")


def test_a_list_longer_than_its_bound_is_refused_before_any_lookup(django_assert_num_queries):
    field = AutocompleteMultipleField(ORGANIZATIONS)
    with django_assert_num_queries(0), pytest.raises(ValidationError):
        field.clean("Sở Xây dựng\n" * 2_000)


# The accounts pages: staff units and managed accounts --------------------------------------


@pytest.fixture
def an_giang_officer(demo):
    """An account of An Giang's emulation office, which Đồng Tháp's office does not manage."""
    officer = UserFactory(username="agofficer", full_name="Trần Văn Giang", email="g@ag.gov.vn")
    StaffAssignment.objects.create(user=officer, organization=demo.org["AG-SNV"])
    return officer


def test_managed_accounts_are_searched_by_name_username_and_email_folded(reviewer, demo):
    """An office finds its province's accounts, folded, and never another province's."""
    found = _search(reviewer, "managed_accounts", q="tran van xay")
    assert [r["value"] for r in found["results"]] == ["Trần Văn Xây [xaydung]"]
    assert _search(reviewer, "managed_accounts", q="XAYDUNG")["results"][0]["text"] == (
        "Trần Văn Xây"
    )


def test_an_office_never_finds_another_provinces_accounts_or_units(client, demo, an_giang_officer):
    client.force_login(demo.reviewer)
    for q in ("", "giang", "agofficer", "g@ag.gov.vn"):
        values = [r["value"] for r in _search(client, "managed_accounts", q=q)["results"]]
        assert not [v for v in values if "agofficer" in v]
        assert not {c for c in _codes(_search(client, "staff_units", q=q)) if c.startswith("AG")}
    client.force_login(demo.admin)
    found = _search(client, "managed_accounts", q="g@ag.gov.vn")
    assert [r["value"] for r in found["results"]] == ["Trần Văn Giang [agofficer]"]


def test_a_units_officer_may_not_search_accounts_or_staff_units(client, demo):
    client.force_login(demo.xaydung)
    for scope in ("managed_accounts", "staff_units"):
        assert client.get(reverse("autocomplete", args=[scope])).status_code == 403


def test_inactive_accounts_and_units_are_not_offered(reviewer, demo):
    assert _search(reviewer, "managed_accounts", q="pham thi thuong")["results"]
    demo.congthuong.is_active = False
    demo.congthuong.save()
    Organization.objects.filter(code="DT-SXD").update(is_active=False)
    assert not _search(reviewer, "managed_accounts", q="pham thi thuong")["results"]
    assert "DT-SXD" not in _codes(_search(reviewer, "staff_units", q="xay dung"))


def test_the_assign_form_searches_both_pickers_and_posts_labels(reviewer, demo):
    form = reviewer.get(reverse("staff_assign")).context["form"]
    assert "<option" not in str(form["user"]) + str(form["organization"])
    assert "managed_accounts" in form.fields["user"].widget.attrs["data-autocomplete"]
    assert "staff_units" in form.fields["organization"].widget.attrs["data-autocomplete"]
    response = reviewer.post(
        reverse("staff_assign"),
        {"user": "Trần Văn Xây [xaydung]", "organization": "Sở Công Thương [DT-SCT]",
         "position": "", "signs_as": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert StaffAssignment.objects.filter(
        user=demo.xaydung, organization=demo.org["DT-SCT"], is_active=True
    ).exists()


def test_the_assign_form_shows_preselected_labels_that_post_back_unchanged(reviewer, demo):
    params = {"user": demo.xaydung.pk, "organization": demo.org["DT-SXD"].pk}
    form = reviewer.get(reverse("staff_assign"), params).context["form"]
    assert 'value="Trần Văn Xây [xaydung]"' in str(form["user"])
    assert 'value="Sở Xây dựng [DT-SXD]"' in str(form["organization"])


def test_another_offices_account_typed_in_the_picker_is_a_field_error(
    reviewer, demo, an_giang_officer
):
    response = reviewer.post(
        reverse("staff_assign"),
        {"user": "Trần Văn Giang [agofficer]", "organization": "Sở Xây dựng [DT-SXD]"},
    )
    assert "Không tìm thấy “Trần Văn Giang [agofficer]”" in str(response.context["form"].errors)
    assert not StaffAssignment.objects.filter(
        user=an_giang_officer, organization=demo.org["DT-SXD"]
    ).exists()


def test_the_invite_form_searches_staff_units(reviewer, demo):
    form = reviewer.get(reverse("account_invite")).context["form"]
    assert "<option" not in str(form["organization"])
    response = reviewer.post(
        reverse("account_invite"),
        {"full_name": "Nguyễn Thị Mới", "email": "moi@dongthap.gov.vn",
         "organization": "so xay dung", "position": "", "signs_as": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert (
        StaffAssignment.objects.get(user__username="moi@dongthap.gov.vn").organization
        == (demo.org["DT-SXD"])
    )


def test_an_account_without_a_name_is_written_as_its_user_name(reviewer, demo):
    """Its label is the key alone, so the picker posted back unchanged names the same account."""
    nameless = UserFactory(username="noname", full_name="")
    StaffAssignment.objects.create(user=nameless, organization=demo.org["DT-SXD"])
    found = _search(reviewer, "managed_accounts", q="noname")
    assert [r["value"] for r in found["results"]] == ["[noname]"]
    form = reviewer.get(reverse("staff_assign"), {"user": nameless.pk}).context["form"]
    assert 'value="[noname]"' in str(form["user"])
    assert not form.fields["user"].has_changed(nameless.pk, "[noname]")
    assert form.fields["user"].clean("[noname]") == nameless
