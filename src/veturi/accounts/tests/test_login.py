import pytest
from django.urls import reverse

from veturi.accounts import throttle

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


def _log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_works(client, users):
    response = _log_in(client, "office", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_a_wrong_password_says_so_without_saying_which_part(client, users):
    response = _log_in(client, "office", "wrong")
    assert response.status_code == 200
    assert "didn&#x27;t match" in response.content.decode() or "didn't match" in response.content.decode()


def test_repeated_failures_lock_the_username_out_even_with_the_right_password(client, users):
    for _ in range(throttle.FAILURES_PER_USERNAME):
        _log_in(client, "office", "wrong")
    response = _log_in(client, "office", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lock_out_is_per_username(client, users):
    for _ in range(throttle.FAILURES_PER_USERNAME):
        _log_in(client, "office", "wrong")
    assert _log_in(client, "expert", PASSWORD).status_code == 302


def test_a_success_clears_the_count(client, users):
    for _ in range(throttle.FAILURES_PER_USERNAME - 1):
        _log_in(client, "viewer", "wrong")
    assert _log_in(client, "viewer", PASSWORD).status_code == 302
    client.logout()
    _log_in(client, "viewer", "wrong")
    assert _log_in(client, "viewer", PASSWORD).status_code == 302


def test_logout_needs_a_post(client, users):
    client.force_login(users["office"])
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
