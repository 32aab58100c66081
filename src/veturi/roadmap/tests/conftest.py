import pytest

from veturi.roadmap.tests.factories import make_roadmap, roadmap_objects


@pytest.fixture
def objects(park):
    """A small solved roadmap over the test park, its first activity and resource, and a monitoring entry."""
    return roadmap_objects(park)


@pytest.fixture
def roadmap(db):
    """An unsolved two-year roadmap: heat branch and Alpha settle before the ash exchanges start."""
    return make_roadmap()
