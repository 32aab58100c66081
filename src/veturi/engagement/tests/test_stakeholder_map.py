import pytest
from django.urls import reverse

from veturi.engagement.models import Stakeholder
from veturi.office.charts import STAGE_COLOURS
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("stakeholder-map")


def test_it_plots_each_stakeholder_coloured_by_stage_and_tables_them(login, park):
    park["alpha"].engagement_stage = "committed"
    park["alpha"].save()
    Stakeholder.objects.create(organisation=park["alpha"], influence=5, interest=2)
    body = login("office").get(URL).content.decode()
    svg = body.split("<svg")[1].split("</svg>")[0]
    assert svg.count("<circle") == 1 and f'fill="{STAGE_COLOURS["committed"]}"' in svg
    assert "Alpha Ash Oy · Committed" in svg
    assert "Keep satisfied" in body  # high influence, low interest
    assert "Beta Cement Oy" in body.split("Not yet on the map")[1]


def test_points_are_placed_by_interest_across_and_influence_up(login, park):
    Stakeholder.objects.create(organisation=park["alpha"], influence=5, interest=5)
    Stakeholder.objects.create(organisation=park["beta"], influence=1, interest=1)
    svg = login("office").get(URL).content.decode().split("<svg")[1]
    import re

    points = {m.group(3): (float(m.group(1)), float(m.group(2))) for m in re.finditer(r'cx="([\d.]+)" cy="([\d.]+)"[^>]*><title>([^<·]+) ·', svg)}
    assert set(points) == {"Alpha Ash Oy", "Beta Cement Oy"}
    alpha, beta = points["Alpha Ash Oy"], points["Beta Cement Oy"]
    assert alpha[0] > beta[0] and alpha[1] < beta[1]  # further right, higher up (SVG y grows downwards)


def test_only_the_office_and_experts_see_it(client, users):
    assert_staff_only(client, users, URL)
