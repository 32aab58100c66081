"""The synergies section of the office's monthly report: the month's runs and decisions."""

import pytest
from django.utils import timezone

from veturi.synergies.reports import monthly_rows

pytestmark = pytest.mark.django_db


def test_the_month_lists_runs_and_decisions(users, synergy):
    synergy["proposal"].decide("rejected", "Too wet", users["office"])
    today = timezone.localdate()
    rows = dict(monthly_rows(today.replace(day=1), today))
    assert "1 runs" in rows["Matching runs"] and "Rejected: 1" in rows["Decisions"]
    assert rows["Alpha Ash Oy → Beta Cement Oy"].endswith("(Too wet)")


def test_an_empty_month_reports_nothing(synergy):
    assert monthly_rows(timezone.localdate().replace(year=2001, month=1, day=1), timezone.localdate().replace(year=2001, month=1, day=31)) == []
