"""Issue 13, finding 5: the junk query parameters of the report, page by page (the generated
`test_fuzz_urls.py` covers every URL; these name the cases the issue listed)."""

import pytest

pytestmark = pytest.mark.django_db

IGNORED = [  # filters: junk is ignored, the page is shown as without it
    ("/awards/", {"unit": "abc"}),
    ("/awards/", {"person": "abc"}),
    ("/awards/", {"decision": "abc"}),
    ("/awards/", {"year": "²", "type": "\x00"}),
    ("/awards/summary/", {"bloc": "abc", "authority": "²"}),
    ("/dashboard/", {"year": "abc"}),
    ("/dashboard/", {"year": "99999999999999999999"}),
    ("/blocs/", {"year": "²"}),
    ("/organizations/", {"q": "\x00", "kind": "abc"}),
    ("/proposals/", {"authority": "99999999999999999999", "status": "abc", "due": "\x00"}),
]
REFUSED = [  # parameters naming what the page acts on: 400, saying which
    ("/proposals/new/", {"bloc": "abc"}, "bloc"),
    ("/proposals/new/", {"bloc": "1", "year": "1e400"}, "year"),
]


@pytest.fixture
def admin_client(client, demo):
    client.force_login(demo.admin)
    return client


@pytest.mark.parametrize(("url", "query"), IGNORED)
def test_junk_filters_are_ignored(admin_client, url, query):
    assert admin_client.get(url, query).status_code == 200


@pytest.mark.parametrize(("url", "query", "name"), REFUSED)
def test_junk_targets_are_a_400_naming_the_parameter(admin_client, url, query, name):
    response = admin_client.get(url, query)
    assert response.status_code == 400
    assert f"Tham số “{name}” không hợp lệ" in response.content.decode()


def test_a_year_out_of_range_in_the_path_is_a_404(admin_client, demo):
    assert admin_client.get(f"/blocs/{demo.bloc.pk}/9999/dashboard/").status_code == 404
