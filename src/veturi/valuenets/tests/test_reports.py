import datetime

import pytest
from django.utils import timezone

from veturi.organisations.models import Person
from veturi.valuenets.models import Hypothesis
from veturi.valuenets.reports import blocking_assumptions, monthly_rows

pytestmark = pytest.mark.django_db


def test_the_monthly_report_shows_hypotheses_added_settled_and_blocking(valuenet):
    today = timezone.localdate()
    first, last = today.replace(day=1), today + datetime.timedelta(days=31)
    settled = Hypothesis.objects.create(statement="Beta takes the ash", network=valuenet["network"], status="refuted",
                                        resolution="Beta said no", status_changed_at=timezone.now())
    rows = dict(monthly_rows(first, last))
    assert rows["Hypotheses added"] == "2"
    assert rows["Hypotheses settled"] == "Refuted: 1"
    assert rows[str(settled.network)] == "Beta takes the ash: Refuted"
    assert rows["Open assumptions blocking prioritisation"].startswith("1,")


def test_an_empty_month_reports_nothing(db):
    assert monthly_rows(datetime.date(2020, 1, 1), datetime.date(2020, 1, 31)) == []


def test_blocking_assumptions_are_ordered_by_owner_then_due_date_without_owner_last(valuenet):
    network = valuenet["network"]
    zed = Person.objects.create(name="Zed")
    a = Hypothesis.objects.create(statement="a", network=network, owner=zed, due_date=datetime.date(2026, 5, 1))
    b = Hypothesis.objects.create(statement="b", network=network, owner=zed, due_date=datetime.date(2026, 4, 1))
    Hypothesis.objects.create(statement="not blocking", network=network, blocks_prioritisation=False)
    assert blocking_assumptions() == [b, a, valuenet["hypothesis"]]
