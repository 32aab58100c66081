import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _url(office):
    return reverse("action-item-status", args=[office["action_item"].pk])


def test_the_office_closes_an_action_inline_from_the_list(login, office):
    client = login("office")
    assert f'hx-post="{_url(office)}"' in client.get(reverse("action-list")).content.decode()
    response = client.post(_url(office), {"status": "done"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<tr" in response.content.decode() and "<html" not in response.content.decode()
    office["action_item"].refresh_from_db()
    assert office["action_item"].status == "done"
    assert "Book the workshop room" not in client.get(reverse("action-list")).content.decode()


def test_an_unknown_status_is_refused(login, office):
    response = login("expert").post(_url(office), {"status": "forgotten"})
    assert response.status_code == 400 and "forgotten" in response.content.decode()
    office["action_item"].refresh_from_db()
    assert office["action_item"].status == "open"


def test_other_roles_cannot_change_actions_and_it_takes_posts_only(login, office):
    for role in ("company", "outsider", "viewer"):
        assert login(role).post(_url(office), {"status": "done"}).status_code == 403, role
    office["action_item"].refresh_from_db()
    assert office["action_item"].status == "open"
    assert login("office").get(_url(office)).status_code == 405
