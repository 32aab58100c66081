import pytest

from veturi.synergies.tests.factories import synergy_objects


@pytest.fixture
def synergy(park):
    return synergy_objects(park)
