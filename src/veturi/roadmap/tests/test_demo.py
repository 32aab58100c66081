"""The demo roadmap analysis on the tiny park: built, solved, pilots and entries; a second run changes nothing."""

import pytest

from veturi.pilots.models import Pilot
from veturi.roadmap.demo import DEMO_ROADMAP, load_roadmap_demo
from veturi.roadmap.models import Roadmap, RoadmapSolve

pytestmark = pytest.mark.django_db


def test_a_second_run_keeps_everything(park):
    from veturi.valuenets.tests.factories import make_network, valuenet_objects

    valuenet_objects(park)
    make_network(park, key="template:test", name="Heat cascade", method="template", template="waste_heat_cascade",
                 members=[park["beta"].pk, park["city"].pk], locomotives=[park["beta"].pk])
    park["alpha"].external_id = "pjh"  # a host of a demo pilot
    park["alpha"].save()
    first = load_roadmap_demo(time_limit_s=5)
    roadmap = Roadmap.objects.get(external_id=DEMO_ROADMAP)
    assert "plan optimal" in first and roadmap.activities.exists()
    assert Pilot.objects.filter(host=park["alpha"]).count() == 1
    counts = (roadmap.activities.count(), RoadmapSolve.objects.count(), Pilot.objects.count())
    second = load_roadmap_demo(time_limit_s=5)
    assert "unchanged" in second
    assert (roadmap.activities.count(), RoadmapSolve.objects.count(), Pilot.objects.count()) == counts
