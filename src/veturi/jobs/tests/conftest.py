import pytest


@pytest.fixture
def plan(db):
    """A small solved roadmap with a scenario over it (2 000 runs, seed 5)."""
    from veturi.scenarios.tests.factories import roadmap_objects

    return roadmap_objects()
