"""gunicorn's arbiter fills the ranking cache before it forks, so that no worker's first visitor waits for it."""

import pytest

from veturi.valuenets import adapters
from veturi.valuenets.models import RankingRun
from veturi.web.server import warm_shared_caches

pytestmark = pytest.mark.django_db


def test_the_ranking_inputs_and_default_fingerprint_are_ready_and_nothing_is_stored(valuenet_park):
    adapters._latest_inputs = None
    warm_shared_caches()
    inputs = adapters._latest_inputs
    assert inputs is not None and inputs.key == adapters.ranking_inputs_key()
    assert inputs.table is not None and len(inputs.fingerprints) == 1  # the default weights' fingerprint
    assert not RankingRun.objects.exists()


@pytest.fixture
def valuenet_park(park):
    from veturi.valuenets.tests.factories import valuenet_objects

    return valuenet_objects(park)
