"""Value-network prioritisation through the ranking machinery."""

import pytest

from veturi.engine.prioritisation import (
    NETWORK_DEFAULT_WEIGHTS, NetworkProfile, network_criteria_table, prioritise_networks,
)
from veturi.engine.ranking import ahp_weights, sensitivity_svg


def networks():
    return [
        NetworkProfile("biogas", "Biogas", 2_000_000, 5000, 40, 3, 4, "committed", 1.0, 0.8, 8e6),
        NetworkProfile("ash", "Ash to roads", 200_000, 300, 2, 0, 2, "contacted", 0.5, 0.5, 1e6),
        NetworkProfile("heat", "Waste heat", 800_000, 2500, 5, 2, 2, "engaged", 1.0, 0.2, 3e6),
    ]


def test_the_default_ranking_puts_the_strong_network_first_with_its_sensitivity():
    result = prioritise_networks(networks(), sensitivity_runs=50, seed=1)
    assert result.ranking.candidates[0].organisation == "biogas"
    assert result.ranking.weights == pytest.approx(NETWORK_DEFAULT_WEIGHTS)
    assert result.sensitivity.runs == 50 and "biogas" in result.sensitivity.top1_share
    assert "<svg" in sensitivity_svg(result.sensitivity)
    stored = result.as_dict()
    assert [n["key"] for n in stored["networks"]][0] == "biogas"


def test_weights_change_the_order():
    # Only cost counts: the cheapest network comes first.
    weights = dict.fromkeys(NETWORK_DEFAULT_WEIGHTS, 0.0) | {"cost": 1.0}
    result = prioritise_networks(networks(), weights, sensitivity_runs=0)
    assert result.ranking.candidates[0].organisation == "ash" and result.sensitivity is None


def test_promethee_and_ahp_weights_work_through_the_same_call():
    ahp = ahp_weights([[1, 3], [1 / 3, 1]], criteria=("co2", "cost"))
    weights = dict.fromkeys(NETWORK_DEFAULT_WEIGHTS, 0.0) | ahp.as_dict()
    result = prioritise_networks(networks(), weights, method="promethee_ii", sensitivity_runs=0)
    assert result.ranking.method == "promethee_ii"
    assert {c.organisation for c in result.ranking.candidates} == {"biogas", "ash", "heat"}


def test_missing_figures_score_zero_and_a_missing_investment_as_the_highest():
    table = network_criteria_table(networks() + [NetworkProfile("new", "New")])
    row = table.row("new")
    assert row["value"] == 0 and row["cost"] == 8e6 and row["locomotive_stage"] == 0
    assert ("new", "cost") in table.missing
    result = prioritise_networks(networks() + [NetworkProfile("new")], sensitivity_runs=0)
    assert result.ranking.candidates[-1].organisation == "new"
    assert any("missing" in note for note in result.ranking.notes)


@pytest.mark.parametrize(("build", "message"), [
    (lambda: NetworkProfile("x", land_ready=1.5), "network 'x': land_ready must be between 0 and 1"),
    (lambda: NetworkProfile("x", hypotheses_validated=3, hypotheses_total=2), "exceeds"),
    (lambda: NetworkProfile("x", locomotive_stage="dreaming"), "locomotive_stage must be one of"),
    (lambda: NetworkProfile("x", investment_eur=-1), "investment_eur must not be negative"),
    (lambda: prioritise_networks(networks()[:1]), "at least 2 value networks"),
    (lambda: prioritise_networks(networks(), {"co2": 1}), "weights are missing for criteria"),
    (lambda: prioritise_networks(networks() + networks()[:1]), "'biogas' appears twice"),
])
def test_bad_input_is_refused_with_the_field_named(build, message):
    with pytest.raises(ValueError, match=message):
        build()
