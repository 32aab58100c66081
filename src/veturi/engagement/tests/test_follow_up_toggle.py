import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _url(office):
    return reverse("follow-up-toggle", args=[office["follow_up"].pk])


def test_an_overdue_action_shows_on_the_dashboard_until_it_is_done(login, office):
    client = login("office")
    assert "Send ash analysis" in client.get(reverse("dashboard")).content.decode()
    response = client.post(_url(office), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<s>Send ash analysis</s>" in response.content.decode()
    assert "Send ash analysis" not in client.get(reverse("dashboard")).content.decode()
    client.post(_url(office))
    office["follow_up"].refresh_from_db()
    assert office["follow_up"].done is False


def test_other_roles_cannot_close_actions(login, office):
    for role in ("company", "outsider", "viewer"):
        assert login(role).post(_url(office)).status_code == 403, role
    office["follow_up"].refresh_from_db()
    assert office["follow_up"].done is False


def test_it_takes_posts_only(login, office):
    assert login("office").get(_url(office)).status_code == 405
