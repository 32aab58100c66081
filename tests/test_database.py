"""The suite runs on the database DATABASE_URL names: SQLite by default, PostgreSQL in CI's second run."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_suite_runs_on_the_database_it_was_given():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_json_quality_round_trips_on_this_database(park):
    from veturi.streams.models import ResourceStream

    stream = park["streams"]["alpha_office"]
    stream.quality = {"temperature_c": 85.5, "note": "ääkköset"}
    stream.save()
    assert ResourceStream.objects.get(pk=stream.pk).quality == {"temperature_c": 85.5, "note": "ääkköset"}
