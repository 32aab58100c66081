"""The adapter: stored proposals with their statuses become the synergy graph; networks are stored keeping the office's edits."""

import pytest

from veturi.synergies.models import Proposal
from veturi.synergies.tests.factories import synergy_objects
from veturi.valuenets.adapters import SynergyData, run_networks, run_ranking
from veturi.valuenets.models import AnalysisRun, Candidate, RankingRun, ValueNetwork

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(park):
    return synergy_objects(park)["proposal"]


def _community():
    return ValueNetwork.objects.get(method="community", current=True)


def test_decisions_set_the_maturity_and_rejected_or_stale_proposals_are_no_exchange(park, proposal):
    assert [e.status for e in SynergyData().exchanges] == ["proposed"]
    Proposal.objects.filter(pk=proposal.pk).update(status="realised")
    assert [e.status for e in SynergyData().exchanges] == ["realised"]
    Proposal.objects.filter(pk=proposal.pk).update(status="rejected")
    assert SynergyData().exchanges == []
    Proposal.objects.filter(pk=proposal.pk).update(status="validated", stale=True)
    assert SynergyData().exchanges == []


def test_a_network_carries_members_locomotive_figures_and_maturity(park, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="validated")
    run, reused = run_networks()
    network = _community()
    assert not reused and run.networks >= 1
    assert set(network.members) == {park["alpha"].pk, park["beta"].pk}
    assert len(network.locomotives) == 1 and network.locomotives[0] in network.members
    assert network.value_eur_per_year == 50000 and network.co2_t_per_year == pytest.approx(7407)
    assert network.maturity == {"proposed": 0, "validated": 1, "realised": 0}
    assert network.edges == [[park["alpha"].pk, park["beta"].pk, proposal.pk, "ash_slag", "validated"]]
    assert network.explanation


def test_a_second_run_on_unchanged_data_writes_nothing(park, proposal):
    run_networks()
    before = list(ValueNetwork.objects.values())
    run, reused = run_networks()
    assert reused and AnalysisRun.objects.count() == 1
    assert list(ValueNetwork.objects.values()) == before


def test_the_office_name_survives_recomputation_and_a_changed_decision_recomputes(park, proposal):
    run_networks()
    network = _community()
    network.name, network.named_by_office = "Our ash loop", True
    network.save()
    Proposal.objects.filter(pk=proposal.pk).update(status="realised")
    run, reused = run_networks()
    assert not reused and AnalysisRun.objects.count() == 2
    again = _community()
    assert again.pk == network.pk and again.name == "Our ash loop" and again.maturity["realised"] == 1


def test_a_network_no_longer_found_is_kept_but_not_current(park, proposal):
    run_networks()
    network = _community()
    Proposal.objects.filter(pk=proposal.pk).update(status="rejected", reason="No")
    run_networks()
    network.refresh_from_db()
    assert network.current is False


def test_a_marked_locomotive_is_the_network_locomotive_and_gets_its_own_neighbourhood(park, proposal):
    Candidate.objects.create(organisation=park["beta"], marked_locomotive=True, investment_eur=2e7)
    run_networks()
    assert _community().locomotives == [park["beta"].pk]
    around = ValueNetwork.objects.get(key=f"neighbourhood:{park['beta'].pk}")
    assert set(around.members) == {park["alpha"].pk, park["beta"].pk}


def test_ranking_is_stored_once_per_data_and_weights(park, proposal):
    run, reused = run_ranking(sensitivity_runs=20)
    assert not reused and [c["rank"] for c in run.candidates] == [1, 2]
    assert {c["organisation"] for c in run.candidates} == {park["alpha"].pk, park["beta"].pk}
    assert run.chart_svg.startswith("<svg") and run.sensitivity["ranges"]
    again, reused = run_ranking(sensitivity_runs=20)
    assert reused and again.pk == run.pk and RankingRun.objects.count() == 1
    other, reused = run_ranking(method="promethee_ii", sensitivity_runs=20)
    assert not reused and RankingRun.objects.count() == 2


def test_bad_ranking_input_is_refused_clearly(park, proposal):
    with pytest.raises(ValueError, match="method must be one of topsis, promethee_ii"):
        run_ranking(method="electre")
    with pytest.raises(ValueError, match="weights are missing for criteria"):
        run_ranking(weights={"jobs": 1})


def test_ranking_needs_two_candidates(db):
    with pytest.raises(ValueError, match="at least 2 candidate companies"):
        run_ranking()


def test_the_network_around_a_company_has_that_company_as_its_locomotive(park, proposal):
    Candidate.objects.create(organisation=park["alpha"], marked_locomotive=True)
    Candidate.objects.create(organisation=park["beta"], marked_locomotive=True)
    run_networks()
    for company in ("alpha", "beta"):
        around = ValueNetwork.objects.get(key=f"neighbourhood:{park[company].pk}")
        assert around.locomotives == [park[company].pk] and park[company].name in around.locomotive_reason


def test_two_takers_of_one_supply_count_it_once_in_the_stored_network(park, proposal):
    from veturi.streams.models import ResourceStream

    # Alpha's 12 345 t of fly ash could each go whole to Beta's gypsum demand (50 000 EUR/a,
    # score 0.71) or to a second silo of Beta's (30 000 EUR/a, score 0.5): the ash counts once.
    silo = ResourceStream.objects.create(site=proposal.input.site, direction="input", kind="material",
                                         name="Beta ash silo", quantity=20000, unit="t/a")
    Proposal.objects.create(
        output=proposal.output, input=silo, rule=proposal.rule, rule_code=proposal.rule_code, run=proposal.run, rank=2,
        rank_for_input=1, score=0.5, confidence=0.9, technical_fit=0.6, quantity_exchanged=12345, quantity_unit="t/a",
        value_eur_per_year=30000, co2_t_per_year=5000,
    )
    exchanges = {e.input: e for e in SynergyData().exchanges}
    assert {e.supply_quantity for e in exchanges.values()} == {12345}
    run_networks()
    network = _community()
    assert network.exchange_count == 2
    assert network.value_eur_per_year == 50000 and network.co2_t_per_year == pytest.approx(7407)
