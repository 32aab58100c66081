import datetime

import pytest
from django.urls import reverse

from veturi.organisations.models import Person
from veturi.valuenets.models import Hypothesis

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["office", "expert"])
def test_staff_see_columns_by_status_and_the_blocking_assumptions_by_owner_and_date(login, valuenet, park, role):
    anna, bo = Person.objects.create(name="Anna Aalto"), Person.objects.create(name="Bo Berg")
    network = valuenet["network"]
    Hypothesis.objects.create(statement="Late by Bo", network=network, owner=bo, due_date=datetime.date(2026, 1, 1))
    Hypothesis.objects.create(statement="Second by Anna", network=network, owner=anna, due_date=datetime.date(2026, 3, 1))
    Hypothesis.objects.create(statement="First by Anna", network=network, owner=anna, due_date=datetime.date(2026, 2, 1))
    Hypothesis.objects.create(statement="Settled", network=network, status="validated", resolution="Confirmed at the visit")
    body = login(role).get(reverse("hypothesis-board")).content.decode()
    for column in ("Open (", "Validated (1)", "Refuted (0)"):
        assert column in body
    blocking = body.split("Open assumptions that block prioritisation")[1]
    assert blocking.index("First by Anna") < blocking.index("Second by Anna") < blocking.index("Late by Bo")
    assert "Settled" not in blocking
    assert "(overdue)" in body


def test_others_are_refused(refused, valuenet):
    refused(reverse("hypothesis-board"))
