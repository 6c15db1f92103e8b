"""Pages and forms: errors are shown in Vietnamese, typed input is kept, nothing is saved."""

import pytest
from django.urls import reverse

from blocs.models import Bloc, BlocMembership

pytestmark = pytest.mark.django_db
Role = BlocMembership.Role


def test_bloc_year_page_lists_the_eight_units_with_the_leader(
    client, demo, django_assert_max_num_queries
):
    client.force_login(demo.xaydung)
    # 14: roles_for reads the leader changes, the page the year's changes (mid-year hand-overs).
    with django_assert_max_num_queries(14):
        response = client.get(reverse("bloc_year", args=[demo.bloc.pk, 2020]))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["detail"].members) == 8
    assert response.context["detail"].leader.organization.name == "Sở Khoa học và Công nghệ"
    assert "Huỳnh Văn Quân" in html
    assert "Thêm thành viên" not in html  # a unit officer sees no management forms


def test_adding_a_second_leader_through_the_page_shows_the_error_and_keeps_input(client, demo):
    client.force_login(demo.reviewer)
    unit = demo.org["DT-HLHPN"]
    response = client.post(
        reverse("membership_add", args=[demo.bloc.pk, 2020]),
        {"organization": unit.pk, "role": Role.LEADER},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Khối thi đua 4A năm 2020 đã có khối trưởng là Sở Khoa học và Công nghệ." in html
    form = response.context["add_form"]
    assert form.data["organization"] == str(unit.pk)
    assert not BlocMembership.objects.filter(organization=unit).exists()


def test_bloc_code_taken_is_shown_on_the_form(client, demo):
    client.force_login(demo.reviewer)
    payload = {"code": "KTĐ4A", "name": "Khối mới", "kind": "bloc", "authority": demo.org["DT"].pk}
    response = client.post(reverse("bloc_create"), payload)
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()
    assert response.context["form"].data["name"] == "Khối mới"
    assert Bloc.objects.filter(name="Khối mới").count() == 0


def test_reviewer_can_only_pick_its_own_authority(client, demo):
    client.force_login(demo.reviewer)
    payload = {
        "code": "AG-K1",
        "name": "Khối của tỉnh khác",
        "kind": "bloc",
        "authority": demo.org["AG"].pk,
    }
    response = client.post(reverse("bloc_create"), payload)
    assert "authority" in response.context["form"].errors
    assert not Bloc.objects.filter(code="AG-K1").exists()
    payload |= {"authority": demo.org["DT"].pk, "code": "KTĐ5"}
    assert client.post(reverse("bloc_create"), payload).status_code == 302


def test_copy_year_out_of_range_is_refused(client, demo):
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("bloc_copy_members", args=[demo.bloc.pk, 2021]), {"from_year": 1999}
    )
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    assert not BlocMembership.objects.filter(year=2021).exists()
    assert client.get(reverse("bloc_year", args=[demo.bloc.pk, 2101])).status_code == 404


def test_rotation_for_next_year_through_the_page(client, demo):
    client.force_login(demo.reviewer)
    client.post(reverse("bloc_copy_members", args=[demo.bloc.pk, 2021]), {"from_year": 2020})
    response = client.post(
        reverse("bloc_leadership", args=[demo.bloc.pk, 2021]),
        {"leader": demo.org["DT-SGTVT"].pk, "deputy": demo.org["DT-SKHCN"].pk},
    )
    assert response.status_code == 302
    roles = dict(BlocMembership.objects.filter(year=2021).values_list("organization__code", "role"))
    assert roles["DT-SGTVT"] == Role.LEADER and roles["DT-SKHCN"] == Role.DEPUTY


def test_directory_search_is_diacritic_exact_and_case_insensitive(
    client, demo, django_assert_max_num_queries
):
    client.force_login(demo.xaydung)
    # 10: roles_for reads the leader changes of the user's blocs (mid-year hand-overs).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("organization_list"), {"q": "công thương"})
    names = [o.name for o in response.context["page"]]
    assert names == ["Sở Công Thương"]
    response = client.get(reverse("organization_list"), {"kind": "commune"})
    assert len(response.context["page"]) == 10


def test_changes_are_recorded_and_shown_on_the_page(client, demo):
    client.force_login(demo.reviewer)
    client.post(
        reverse("bloc_leadership", args=[demo.bloc.pk, 2020]),
        {"leader": demo.org["DT-SKHCN"].pk, "deputy": demo.org["DT-SCT"].pk},
    )
    html = client.get(reverse("bloc_year", args=[demo.bloc.pk, 2020])).content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Lê Thị Thẩm Định" in html  # the actor
    assert "Khối phó / Cụm phó" in html
    response = client.post(
        reverse(
            "membership_remove",
            args=[
                demo.bloc.pk,
                2020,
                BlocMembership.objects.get(organization=demo.org["DT-SCT"]).pk,
            ],
        )
    )
    assert response.status_code == 302
    html = client.get(reverse("bloc_year", args=[demo.bloc.pk, 2020])).content.decode()
    assert html.count("Sở Công Thương") >= 1  # the deletion stays visible in the trail
