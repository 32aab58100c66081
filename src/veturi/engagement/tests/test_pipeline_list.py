import pytest
from django.urls import reverse

from veturi.engagement.pipeline import move_stage
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("pipeline-list")


def test_it_filters_by_stage_and_lists_recent_moves(login, park, users):
    move_stage(park["beta"], "engaged", by=users["office"], reason="Workshop went well")
    body = login("office").get(URL, {"stage": "engaged"}).content.decode()
    rows = body.split("<tbody>")[1].split("</tbody>")[0]
    assert "Beta Cement Oy" in rows and "Alpha Ash Oy" not in rows
    assert "Workshop went well" in body


def test_only_the_office_and_experts_see_it(client, users):
    assert_staff_only(client, users, URL)
