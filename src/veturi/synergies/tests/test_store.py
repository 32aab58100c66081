"""Storing runs: proposals keep the office's decisions on a re-run; vanished ones are kept and marked stale."""

import pytest

from veturi.streams.models import ResourceStream
from veturi.synergies.adapters import run_matching
from veturi.synergies.models import AttractSuggestion, MatchRun, Proposal
from veturi.synergies.tests.factories import make_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(park):
    make_rule()
    run, reused = run_matching(top_k=5)
    assert not reused
    return run


def _pair(park):
    return Proposal.objects.get(output=park["streams"]["alpha_office"], input=park["streams"]["beta_office"])


def test_a_run_stores_proposals_with_every_factor(park, matched):
    proposal = _pair(park)
    assert proposal.rank == 1 and 0 < proposal.score <= 1 and proposal.run == matched
    assert {f["name"] for f in proposal.factors} >= {"technical_fit", "quantity_fit", "distance_fit", "economic_value", "co2_avoided"}
    assert all(f["detail"] for f in proposal.factors)
    assert proposal.quantity_exchanged > 0 and proposal.co2_t_per_year is not None
    assert matched.proposals == Proposal.objects.count() == matched.new_proposals and matched.streams == 5 and matched.seconds >= 0


def test_unchanged_data_reuse_the_last_run_and_write_nothing(park, matched):
    run, reused = run_matching(top_k=5)
    assert reused and run == matched and MatchRun.objects.count() == 1


def test_a_rerun_keeps_the_decision_and_marks_vanished_proposals_stale(park, matched, users):
    proposal = _pair(park)
    proposal.decide("accepted", "Both keen", users["office"])
    run, reused = run_matching(top_k=5, force=True)
    assert not reused and run != matched
    kept = _pair(park)
    assert (kept.pk, kept.status, kept.reason, kept.decided_by) == (proposal.pk, "accepted", "Both keen", users["office"])
    assert kept.run == run and not kept.stale and run.new_proposals == 0
    ResourceStream.objects.filter(pk=park["streams"]["beta_office"].pk).update(name="Office furniture", kind="service")
    later, _ = run_matching(top_k=5)
    gone = _pair(park)
    assert gone.stale and gone.status == "accepted" and later.stale_proposals >= 1


def test_attract_suggestions_belong_to_the_last_run(park, matched):
    ResourceStream.objects.filter(pk=park["streams"]["beta_office"].pk).delete()
    run, _ = run_matching(top_k=5)
    assert set(AttractSuggestion.objects.values_list("run", flat=True)) <= {run.pk}
    assert AttractSuggestion.objects.filter(stream=park["streams"]["alpha_office"]).exists()


def test_a_bad_top_k_is_named(park):
    with pytest.raises(ValueError, match="top_k"):
        run_matching(top_k=0)
