import pytest
from django.urls import reverse

from veturi.engagement.models import StageChange
from veturi.office.tests.factories import assert_staff_only
from veturi.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _url(organisation):
    return reverse("organisation-stage", args=[organisation.pk])


def test_the_office_moves_an_organisation_and_it_is_recorded(login, park, users):
    response = login("office").post(_url(park["beta"]), {"to_stage": "contacted", "reason": "Met at the fair"})
    assert response.status_code == 302
    change = StageChange.objects.get(organisation=park["beta"])
    assert (change.from_stage, change.to_stage, change.changed_by, change.reason) == ("identified", "contacted", users["office"], "Met at the fair")


def test_dropping_without_a_reason_is_refused_with_a_message(login, park):
    response = login("expert").post(_url(park["beta"]), {"to_stage": "dropped", "reason": ""})
    assert response.status_code == 400
    assert "Say why the organisation was dropped." in response.content.decode()
    assert Organisation.objects.get(pk=park["beta"].pk).engagement_stage == "identified"


def test_a_move_the_rules_refuse_is_not_offered_nor_made(login, park):
    client = login("office")
    client.post(_url(park["beta"]), {"to_stage": "committed"})
    response = client.post(_url(park["beta"]), {"to_stage": "identified"})
    assert response.status_code == 400
    assert Organisation.objects.get(pk=park["beta"].pk).engagement_stage == "committed"


def test_the_board_moves_a_card_inline_with_htmx(login, park):
    prefix = f"org{park['beta'].pk}"
    response = login("office").post(
        _url(park["beta"]),
        {"prefix": prefix, f"{prefix}-to_stage": "engaged", f"{prefix}-reason": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="board"' in body and "<html" not in body
    assert "Beta Cement Oy" in body.split('id="col-engaged"')[1].split("</section>")[0]


def test_the_board_says_why_a_card_did_not_move(login, park):
    prefix = f"org{park['beta'].pk}"
    response = login("office").post(
        _url(park["beta"]), {"prefix": prefix, f"{prefix}-to_stage": "dropped", f"{prefix}-reason": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400 and "Beta Cement Oy was not moved" in response.content.decode()


def test_the_page_shows_the_history(login, park):
    client = login("office")
    client.post(_url(park["alpha"]), {"to_stage": "engaged", "reason": "Signed NDA"})
    assert "Signed NDA" in client.get(_url(park["alpha"])).content.decode()


def test_only_the_office_and_experts_move_organisations(client, users, park):
    assert_staff_only(client, users, _url(park["alpha"]))
    client.force_login(users["company"])
    assert client.post(_url(park["alpha"]), {"to_stage": "operating"}).status_code == 403
    assert Organisation.objects.get(pk=park["alpha"].pk).engagement_stage == "identified"
