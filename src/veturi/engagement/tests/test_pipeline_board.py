import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("pipeline-board")


def test_it_shows_a_column_per_stage_with_its_cards(login, park):
    park["beta"].engagement_stage = "engaged"
    park["beta"].save()
    body = login("office").get(URL).content.decode()
    for label in ("Identified", "Contacted", "Engaged", "Committed", "Contracted", "Operating", "Dropped"):
        assert label in body
    engaged_column = body.split('id="col-engaged"')[1].split("</section>")[0]
    assert "Beta Cement Oy" in engaged_column and "Alpha Ash Oy" not in engaged_column


def test_each_card_moves_with_a_keyboard_form(login, park):
    body = login("expert").get(URL).content.decode()
    card = body.split(f'id="card-{park["alpha"].pk}"')[1].split("</li>")[0]
    assert "<select" in card and 'type="submit"' in card
    assert reverse("organisation-stage", args=[park["alpha"].pk]) in card


def test_only_the_office_and_experts_see_it(client, users):
    assert_staff_only(client, users, URL)


def test_each_card_offers_one_stage_forward_first(login, park):
    park["beta"].engagement_stage = "committed"
    park["beta"].save()
    body = login("office").get(URL).content.decode()
    card = body.split(f'id="card-{park["beta"].pk}"')[1].split("</li>")[0]
    assert '<option value="contracted" selected>' in card
