"""The roadmap models: horizons, limits and monitoring periods validated with the field named."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from veturi.roadmap.models import MonitoringEntry, Roadmap, RoadmapActivity, RoadmapResource

pytestmark = pytest.mark.django_db


def test_an_activity_ending_after_the_horizon_names_the_field():
    roadmap = Roadmap.objects.create(name="Plan", first_year=2026, years=2)
    activity = RoadmapActivity(roadmap=roadmap, name="Wind farm", duration_months=20, earliest_start_month=6)
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "earliest_start_month" in error.value.message_dict


def test_yearly_limits_need_one_number_per_year():
    roadmap = Roadmap.objects.create(name="Plan", first_year=2026, years=3)
    with pytest.raises(ValidationError, match="Give 3 limits"):
        RoadmapResource(roadmap=roadmap, name="budget", yearly_limits=[1, 2]).full_clean()
    with pytest.raises(ValidationError, match="Year 2"):
        RoadmapResource(roadmap=roadmap, name="budget", yearly_limits=[1, -2, 3]).full_clean()
    RoadmapResource(roadmap=roadmap, name="budget", yearly_limits=[1, 2.5, 0]).full_clean()


def test_the_fingerprint_changes_with_what_the_solver_reads():
    roadmap = Roadmap.objects.create(name="Plan", first_year=2026, years=2)
    activity = RoadmapActivity.objects.create(roadmap=roadmap, name="Heat", duration_months=6)
    before = roadmap.fingerprint()
    activity.duration_months = 7
    activity.save()
    assert roadmap.fingerprint() != before


def test_a_quarter_starts_in_its_first_month():
    entry = MonitoringEntry(period_kind="quarter", period_start=datetime.date(2025, 2, 1), quantity=1)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "period_start" in error.value.message_dict
    assert entry.period_end == datetime.date(2025, 5, 1)
