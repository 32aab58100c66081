import pytest

from veturi.pilots.tests.factories import pilot_objects


@pytest.fixture
def pilots(park):
    """Alpha's public, completed pilot (Beta a partner) and Beta's private one."""
    return pilot_objects(park)
