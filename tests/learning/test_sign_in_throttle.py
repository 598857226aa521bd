"""Password guessing is slowed down: failed sign-ins lock the account and the address."""

import pytest
from django.test import Client

from learning import throttle
from tests.learning.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tight_auth_limits")]

PASSWORD = "correct horse battery staple"


class Clock:
    """Stands in for the throttle's ``time`` module, so that windows pass at once."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(throttle, "time", fake)
    return fake


def sign_in(username, password, *, address="10.0.0.1", path="/login/"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(path, {"username": username, "password": password})
    return client, response


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_lock_the_account_and_the_right_one_is_refused_while_locked(clock):
    user = UserFactory()
    for _attempt in range(3):
        _client, response = sign_in(user.username, "guess")
        assert response.status_code == 200  # the form again, with its error

    # when the owner then types the right password
    client, response = sign_in(user.username, PASSWORD)

    # then it is refused, with a clear message and when to come back
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900
    assert "Too many failed sign-in attempts. Try again in 15 minutes." in response.content.decode()
    assert not signed_in(client)


def test_the_lock_is_for_the_account_from_any_address(clock):
    user = UserFactory()
    for address in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
        sign_in(user.username, "guess", address=address)

    _client, response = sign_in(user.username, PASSWORD, address="10.9.9.9")

    assert response.status_code == 429


def test_other_accounts_are_not_locked_by_someone_else_s_failures(clock):
    victim, bystander = UserFactory(), UserFactory()
    for _attempt in range(3):
        sign_in(victim.username, "guess", address="10.0.0.1")

    client, response = sign_in(bystander.username, PASSWORD, address="10.0.0.2")

    assert response.status_code == 302
    assert signed_in(client)


def test_the_lock_ends_when_the_failures_leave_the_window(clock):
    user = UserFactory()
    for _attempt in range(3):
        sign_in(user.username, "guess")
    # attempts while locked are refused without counting, so they do not extend it
    clock.now += 600
    assert sign_in(user.username, PASSWORD)[1].status_code == 429

    clock.now += 301

    client, response = sign_in(user.username, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_window_slides_failures_spread_out_never_lock(clock):
    user = UserFactory()
    for _attempt in range(6):
        sign_in(user.username, "guess")
        clock.now += 400  # fewer than three failures in any 15 minutes

    assert sign_in(user.username, PASSWORD)[1].status_code == 302


def test_one_address_trying_many_accounts_is_locked(clock):
    users = [UserFactory() for _ in range(5)]
    for user in users:
        sign_in(user.username, "guess", address="10.0.0.7")
    newcomer = UserFactory()

    # then even a new account's right password is refused from that address
    assert sign_in(newcomer.username, PASSWORD, address="10.0.0.7")[1].status_code == 429
    # and the same account signs in from elsewhere
    assert sign_in(newcomer.username, PASSWORD, address="10.0.0.8")[1].status_code == 302


def test_unknown_usernames_count_too(clock):
    for _attempt in range(3):
        sign_in("nobody-by-this-name", "guess")

    assert sign_in("nobody-by-this-name", "guess")[1].status_code == 429


def test_the_admin_sign_in_obeys_the_same_lock(clock, hr_user):
    for _attempt in range(3):
        sign_in("hr", "guess", path="/admin/login/")

    client, response = sign_in("hr", PASSWORD, path="/admin/login/")

    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not signed_in(client)
    # and failures on one sign-in page lock the other
    assert sign_in("hr", PASSWORD)[1].status_code == 429


def test_a_successful_sign_in_is_not_counted(clock):
    user = UserFactory()
    for _attempt in range(5):
        assert sign_in(user.username, PASSWORD)[1].status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", "6.6.6.6", "10.0.0.1"),
        (1, "10.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(
    settings, rf, proxies, remote, forwarded, expected
):
    settings.GUILD_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert throttle.client_address(request) == expected
