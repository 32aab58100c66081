"""The demo office loads on top of the demo park, once, and never overwrites."""

import pytest

from veturi.engagement.models import StageChange, Stakeholder
from veturi.office.demo import _read, load_office_demo
from veturi.office.models import Meeting, Phase, Task
from veturi.organisations.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_it_skips_without_the_demo_park():
    assert "skipped" in load_office_demo()
    assert not Phase.objects.exists()


def _demo_park_people_and_organisations():
    """The demo park's records that the office files name (faster than loading the whole park)."""
    plan, meetings = _read("plan.json"), _read("meetings.json")
    people = {m.get("owner") for p in plan["phases"] for m in p["milestones"]}
    people |= {w.get("lead") for p in plan["phases"] for w in p["workstreams"]}
    people |= {t.get("owner") for p in plan["phases"] for w in p["workstreams"] for t in w["tasks"]}
    people |= {key for m in meetings for key in m["attendees"]} | {a.get("owner") for m in meetings for a in m["actions"]}
    for key in sorted(filter(None, people)):
        Person.objects.create(name=key, external_id=key)
    final_stage = {r["organisation"]: r["moves"][-1][1] for r in _read("stage_history.json")}
    for key in {r["organisation"] for r in _read("stakeholders.json")} | set(final_stage):
        Organisation.objects.create(name=key, external_id=key, engagement_stage=final_stage.get(key, "identified"))


def test_it_loads_the_plan_meetings_stakeholders_and_history_and_a_second_run_changes_nothing():
    _demo_park_people_and_organisations()
    summary = load_office_demo()
    assert "4 Phase" in summary
    assert [phase.name for phase in Phase.objects.all()] == [
        "Start-up and organisation", "Locomotives and value networks", "Plug and play contracting", "Implementation",
    ]
    assert Meeting.objects.get(external_id="meeting-2026-11-24").decisions.count() == 2
    assert Meeting.objects.count() == 3 and Task.objects.count() > 10 and Stakeholder.objects.count() > 20
    # Every recorded history ends at the organisation's stage now.
    for change in StageChange.objects.order_by("organisation", "-changed_at").distinct():
        last = change.organisation.stage_changes.order_by("-changed_at").first()
        assert last.to_stage == change.organisation.engagement_stage
    counts = (Meeting.objects.count(), Task.objects.count(), StageChange.objects.count(), Stakeholder.objects.count())
    assert load_office_demo() == "demo office loaded: nothing new"
    assert counts == (Meeting.objects.count(), Task.objects.count(), StageChange.objects.count(), Stakeholder.objects.count())


def test_history_that_no_longer_ends_at_the_current_stage_is_not_written():
    _demo_park_people_and_organisations()
    Organisation.objects.filter(external_id="pjh").update(engagement_stage="contracted")
    load_office_demo()
    assert not StageChange.objects.filter(organisation__external_id="pjh").exists()
    assert StageChange.objects.filter(organisation__external_id="verte").exists()
