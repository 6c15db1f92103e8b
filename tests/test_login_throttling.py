"""Login throttling per account across addresses, without letting others lock the owner out
(issue 13, finding 7; emulation_portal/login.py), and the password-change form's throttle."""

import logging

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

DEVICE_COOKIE = "portal_device"
LOCKED = 429


def _login(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.fixture
def owner_device(demo):
    """The secretariat's own browser, where hvquan logged in before: it holds the cookie."""
    client = Client()
    response = _login(client, "hvquan", demo.password, "198.51.100.10")
    assert response.status_code == 302 and _signed_in(client)
    assert DEVICE_COOKIE in response.cookies
    client.post(reverse("logout"))
    return client


def test_thirty_guesses_from_thirty_addresses_lock_the_account_for_a_stranger(demo):
    for n in range(30):
        _login(Client(), "hvquan", f"sai-{n}", f"203.0.113.{n + 1}")
    stranger = Client()
    response = _login(stranger, "hvquan", demo.password, "203.0.113.200")
    assert response.status_code == LOCKED
    assert not _signed_in(stranger)


def test_the_account_locks_after_five_guesses_however_many_addresses(demo):
    for n in range(5):
        _login(Client(), "hvquan", f"sai-{n}", f"203.0.113.{n + 1}")
    assert _login(Client(), "hvquan", demo.password, "203.0.113.99").status_code == LOCKED


def test_the_owner_with_the_device_cookie_still_gets_in_after_the_attack(demo, owner_device):
    for n in range(30):
        _login(Client(), "hvquan", f"sai-{n}", f"203.0.113.{n + 1}")
    response = _login(owner_device, "hvquan", demo.password, "198.51.100.10")
    assert response.status_code == 302
    assert _signed_in(owner_device)


def test_a_nat_neighbour_failing_ten_times_does_not_lock_out_the_owner(demo, owner_device):
    office = "192.0.2.1"  # the whole office behind one NAT address
    for n in range(10):
        _login(Client(), "hvquan", f"sai-{n}", office)
    assert _login(Client(), "hvquan", demo.password, office).status_code == LOCKED
    response = _login(owner_device, "hvquan", demo.password, office)
    assert response.status_code == 302 and _signed_in(owner_device)


def test_colleagues_behind_the_nat_failing_on_their_own_accounts_do_not_lock_others(demo):
    office = "192.0.2.1"
    for n in range(4):
        _login(Client(), "xaydung", f"sai-{n}", office)
        _login(Client(), "congthuong", f"sai-{n}", office)
    client = Client()
    assert _login(client, "hvquan", demo.password, office).status_code == 302


def test_password_spraying_from_one_address_locks_that_address(demo):
    spray = "203.0.113.66"
    for n in range(20):
        _login(Client(), f"nguoi-dung-{n}", "123456", spray)
    assert _login(Client(), "xaydung", demo.password, spray).status_code == LOCKED
    # … and nobody else.
    assert _login(Client(), "xaydung", demo.password, "203.0.113.67").status_code == 302


def test_a_device_cookie_does_not_give_unlimited_guesses(demo, owner_device):
    for n in range(5):
        _login(owner_device, "hvquan", f"sai-{n}", "198.51.100.10")
    response = _login(owner_device, "hvquan", demo.password, "198.51.100.10")
    assert response.status_code == LOCKED and not _signed_in(owner_device)


def test_a_device_cookie_of_another_account_or_forged_does_not_help(demo, owner_device):
    for n in range(5):
        _login(Client(), "xaydung", f"sai-{n}", f"203.0.113.{n + 1}")
    assert _login(owner_device, "xaydung", demo.password, "198.51.100.10").status_code == LOCKED
    forged = Client()
    forged.cookies[DEVICE_COOKIE] = owner_device.cookies[DEVICE_COOKIE].value[:-3] + "abc"
    assert _login(forged, "xaydung", demo.password, "198.51.100.10").status_code == LOCKED


def test_the_owners_login_does_not_give_the_attacker_fresh_guesses(demo, owner_device):
    for n in range(4):
        _login(Client(), "hvquan", f"sai-{n}", "203.0.113.5")
    assert _login(owner_device, "hvquan", demo.password, "198.51.100.10").status_code == 302
    _login(Client(), "hvquan", "sai-5", "203.0.113.5")
    assert _login(Client(), "hvquan", demo.password, "203.0.113.5").status_code == LOCKED


def test_one_browser_remembers_several_accounts(demo, owner_device):
    assert _login(owner_device, "xaydung", demo.password, "198.51.100.10").status_code == 302
    owner_device.post(reverse("logout"))
    for n in range(5):
        _login(Client(), "hvquan", f"sai-{n}", f"203.0.113.{n + 1}")
        _login(Client(), "xaydung", f"sai-{n}", f"203.0.113.{n + 1}")
    for username in ("hvquan", "xaydung"):
        assert _login(owner_device, username, demo.password, "198.51.100.10").status_code == 302
        owner_device.post(reverse("logout"))


def test_the_lockout_page_is_vietnamese_and_points_to_the_usual_computer(demo):
    for n in range(5):
        _login(Client(), "hvquan", f"sai-{n}", f"203.0.113.{n + 1}")
    page = _login(Client(), "hvquan", demo.password, "203.0.113.99").content.decode()
    assert "tạm khoá" in page and "vẫn thường đăng nhập" in page


# Password change -------------------------------------------------------------------------------


def _change(client, old, new="Mat-khau-moi-2026!"):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_repeated_wrong_current_passwords_throttle_the_password_change(demo, caplog):
    client = Client()
    client.force_login(demo.secretariat)
    with caplog.at_level(logging.WARNING, logger="emulation_portal.login"):
        for n in range(5):
            response = _change(client, f"sai-{n}")
            assert response.status_code == 200
    assert "quá nhiều lần" in response.content.decode()
    assert len([r for r in caplog.records if "wrong current password" in r.getMessage()]) == 5

    response = _change(client, demo.password)  # the right one, too late
    assert response.status_code == 200
    assert "tạm khoá" in response.content.decode()
    demo.secretariat.refresh_from_db()
    assert demo.secretariat.check_password(demo.password)


def test_a_few_wrong_current_passwords_still_allow_the_change(demo):
    client = Client()
    client.force_login(demo.secretariat)
    for n in range(3):
        assert "quá nhiều lần" not in _change(client, f"sai-{n}").content.decode()
    response = _change(client, demo.password)
    assert response.status_code == 302
    demo.secretariat.refresh_from_db()
    assert demo.secretariat.check_password("Mat-khau-moi-2026!")


def test_changing_user_agent_does_not_escape_the_account_count(demo):
    for n in range(5):
        Client(HTTP_USER_AGENT=f"bot/{n}").post(
            reverse("login"),
            {"username": "hvquan", "password": f"sai-{n}"},
            REMOTE_ADDR="203.0.113.8",
        )
    assert _login(Client(), "hvquan", demo.password, "203.0.113.9").status_code == LOCKED


def test_the_admin_login_page_counts_towards_the_same_lock(demo):
    for n in range(5):
        Client().post(
            reverse("admin:login"),
            {"username": "admin", "password": f"sai-{n}"},
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        )
    assert _login(Client(), "admin", demo.password, "203.0.113.99").status_code == LOCKED


def test_a_five_kilobyte_user_name_is_a_wrong_guess_not_a_server_error(demo):
    """axes records the typed name; PostgreSQL refused one longer than its column (a 500)."""
    client = Client(raise_request_exception=False)
    response = _login(client, "x" * 5000, "x" * 5000, "203.0.113.7")
    assert response.status_code == 200 and not _signed_in(client)
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get().username == "x" * 150
