import networkx as nx
import numpy as np
import pytest

from veturi.engine.ranking import (
    CRITERIA, DEFAULT_WEIGHTS, CandidateProfile, CriteriaTable, Criterion, CustomCriterion,
    RegionProfile, compute_criteria, rank_candidates, rank_stability, sensitivity,
    sensitivity_svg, weight_ranges,
)


@pytest.fixture
def graph():
    g = nx.MultiDiGraph()
    g.add_edge("steel", "utility", key="a", value=1_000_000.0, co2=8000.0)
    g.add_edge("steel", "crusher", key="b", value=200_000.0, co2=100.0)
    g.add_edge("utility", "greenhouse", key="c", value=100_000.0, co2=None)
    g.add_node("newcomer")
    return g


@pytest.fixture
def region():
    return RegionProfile(cleantech_focus_nace=("38", "35.30"),
                         cleantech_focus_categories=("battery",),
                         free_plot_areas_m2=(20_000.0, 80_000.0),
                         infrastructure=("district_heat", "rail"))


@pytest.fixture
def candidates():
    return [
        CandidateProfile("steel", "Steel works", nace=("24.10",), employees=900,
                         investment_eur=50e6, engagement_stage="committed",
                         plot_need_m2=100_000.0, infrastructure_needs=("rail", "steam")),
        CandidateProfile("utility", "Heat utility", nace=("35.30",), employees=120,
                         engagement_stage="operating", plot_need_m2=10_000.0,
                         infrastructure_needs=("district_heat",)),
        CandidateProfile("crusher", "Crushing Oy", nace=("38.32",), employees=25,
                         investment_eur=2e6, engagement_stage="contacted"),
        CandidateProfile("newcomer", "Battery maker", nace=("27.20",), employees=400,
                         investment_eur=300e6, cleantech_category="battery",
                         plot_need_m2=60_000.0, infrastructure_needs=("rail",)),
        CandidateProfile("greenhouse", "Greenhouse", nace=("01.13",)),
    ]


def test_every_criterion_is_documented_with_a_formula():
    assert {c.id for c in CRITERIA} == set(DEFAULT_WEIGHTS)
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)
    for criterion in CRITERIA:
        assert criterion.formula and criterion.description and criterion.direction == "benefit"


def test_symbiosis_criteria_come_from_the_graph(candidates, graph, region):
    table = compute_criteria(candidates, graph, region)
    steel, utility, newcomer = (table.row(o) for o in ("steel", "utility", "newcomer"))
    assert steel["symbiosis_value"] == 1_200_000.0 and steel["synergy_count"] == 2
    assert utility["symbiosis_value"] == 1_100_000.0 and utility["synergy_count"] == 2
    assert steel["co2_potential"] == 8100.0 and utility["co2_potential"] == 8000.0
    assert newcomer["symbiosis_value"] == 0 and newcomer["synergy_count"] == 0
    assert newcomer["centrality"] < table.row("crusher")["centrality"]  # isolated: teleport only
    # centrality: the two hubs outrank the leaves
    assert min(steel["centrality"], utility["centrality"]) > table.row("crusher")["centrality"]


def test_jobs_investment_and_engagement(candidates, graph, region):
    table = compute_criteria(candidates, graph, region)
    assert table.row("steel")["jobs"] == 900 and table.row("newcomer")["investment"] == 300e6
    assert table.row("utility")["engagement"] == 1.0
    assert table.row("crusher")["engagement"] == pytest.approx(0.2)
    assert ("utility", "investment") in table.missing
    assert ("greenhouse", "engagement") in table.missing
    assert table.row("greenhouse")["jobs"] == 0


def test_strategic_fit(candidates, graph, region):
    table = compute_criteria(candidates, graph, region)
    assert table.row("crusher")["strategic_fit"] == 1.0       # NACE 38.32 under focus 38
    assert table.row("newcomer")["strategic_fit"] == 1.0      # focus category
    assert table.row("utility")["strategic_fit"] == 1.0       # 35.30 exactly
    steel_region = RegionProfile(cleantech_focus_nace=("24.42",))
    assert compute_criteria(candidates[:1], None, steel_region).row("steel")[
        "strategic_fit"] == 0.5                               # same division 24
    assert table.row("greenhouse")["strategic_fit"] == 0.0


def test_site_fit(candidates, graph, region):
    table = compute_criteria(candidates, graph, region)
    # steel: largest plot 80 000 of 100 000 needed -> 0.8; rail of rail+steam -> 0.5
    assert table.row("steel")["site_fit"] == pytest.approx((0.8 + 0.5) / 2)
    assert table.row("utility")["site_fit"] == 1.0
    # plot need unknown counts 0.5, no infrastructure needs count 1
    assert table.row("crusher")["site_fit"] == pytest.approx(0.75)


def test_without_graph_or_region_the_criteria_are_missing(candidates):
    table = compute_criteria(candidates)
    assert ("steel", "symbiosis_value") in table.missing
    assert ("steel", "strategic_fit") in table.missing


def test_custom_criteria_are_appended_and_checked(candidates, graph, region):
    local = CustomCriterion("local_owner", "Local ownership", {"crusher": 1.0, "utility": 1.0})
    table = compute_criteria(candidates, graph, region, custom=[local])
    assert table.criterion_ids[-1] == "local_owner"
    assert table.row("crusher")["local_owner"] == 1.0
    assert ("steel", "local_owner") in table.missing
    with pytest.raises(ValueError, match="scores organisations that are not candidates: ghost"):
        compute_criteria(candidates, graph, region,
                         custom=[CustomCriterion("x", "X", {"ghost": 1.0})])
    with pytest.raises(ValueError, match="clashes with a built-in criterion"):
        compute_criteria(candidates, custom=[CustomCriterion("jobs", "Jobs again")])
    with pytest.raises(ValueError, match="score of 'steel' must be a finite number"):
        compute_criteria(candidates, custom=[CustomCriterion("x", "X", {"steel": float("nan")})])


@pytest.mark.parametrize("candidates, message", [
    ([], "candidates must not be empty"),
    ([CandidateProfile("a"), CandidateProfile("a")], "candidates appear twice: a"),
    ([CandidateProfile("a", engagement_stage="dating")], r"candidates\[0\] \(a\): engagement_"),
    ([CandidateProfile("a", employees=-3)], "employees must not be negative"),
    ([CandidateProfile("")], r"candidates\[0\].organisation is required"),
])
def test_bad_candidates_get_clear_errors(candidates, message):
    with pytest.raises(ValueError, match=message):
        compute_criteria(candidates)


def test_topsis_ranking_is_explained(candidates, graph, region):
    table = compute_criteria(candidates, graph, region)
    result = rank_candidates(table)
    assert result.method == "topsis"
    assert [c.rank for c in result.candidates] == [1, 2, 3, 4, 5]
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)
    best = result.candidates[0]
    d_plus, d_minus = best.details["distance_to_ideal"], best.details["distance_to_anti_ideal"]
    assert best.score == pytest.approx(d_minus / (d_plus + d_minus))
    assert set(best.criteria) == set(table.criterion_ids)
    assert result.weights == pytest.approx(DEFAULT_WEIGHTS)
    assert result.candidates[-1].organisation == "greenhouse"


def test_weights_steer_the_ranking(candidates, graph, region):
    table = compute_criteria(candidates, graph, region)
    by_investment = rank_candidates(table, {c: (1.0 if c == "investment" else 0.0)
                                            for c in table.criterion_ids})
    assert by_investment.top == "newcomer"
    by_value = rank_candidates(table, {c: (1.0 if c == "symbiosis_value" else 0.0)
                                       for c in table.criterion_ids})
    assert by_value.top == "steel"


def test_promethee_ranking_agrees_on_a_dominant_candidate():
    table = CriteriaTable(("a", "b", "c"), ("A", "B", "C"),
                          (Criterion("x", "X"), Criterion("y", "Y"),
                           Criterion("cost", "Cost", direction="cost")),
                          [[10, 10, 1], [5, 5, 5], [1, 2, 9]])
    for method in ("topsis", "promethee_ii"):
        result = rank_candidates(table, {"x": 1, "y": 1, "cost": 1}, method=method)
        assert [c.organisation for c in result.candidates] == ["a", "b", "c"]
    flows = rank_candidates(table, {"x": 1, "y": 1, "cost": 1}, method="promethee_ii")
    assert sum(c.score for c in flows.candidates) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("weights, message", [
    ({"x": 1}, "weights are missing for criteria: y"),
    ({"x": 1, "y": 1, "z": 1}, "weights name unknown criteria: z"),
    ({"x": -1, "y": 1}, r"weights\['x'\] must be a non-negative number"),
    ({"x": 0, "y": 0}, "weights must not all be zero"),
])
def test_bad_weights_get_clear_errors(weights, message):
    table = CriteriaTable(("a", "b"), ("A", "B"), (Criterion("x", "X"), Criterion("y", "Y")),
                          [[1, 2], [2, 1]])
    with pytest.raises(ValueError, match=message):
        rank_candidates(table, weights)
    with pytest.raises(ValueError, match="method must be one of topsis, promethee_ii"):
        rank_candidates(table, method="electre")


def test_criteria_table_checks_its_shape_and_values():
    with pytest.raises(ValueError, match=r"values must have shape \(2, 1\)"):
        CriteriaTable(("a", "b"), ("A", "B"), (Criterion("x", "X"),), [[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="criterion 'x' of 'b' is not a finite number"):
        CriteriaTable(("a", "b"), ("A", "B"), (Criterion("x", "X"),), [[1], [np.inf]])


def _two_way_table():
    return CriteriaTable(("a", "b", "c"), ("A", "B", "C"),
                         (Criterion("x", "X"), Criterion("y", "Y")),
                         [[10, 1], [1, 10], [4, 4]])


def test_weight_ranges_find_where_the_top_changes():
    table = _two_way_table()
    ranges = {r.criterion: r for r in weight_ranges(table, {"x": 0.8, "y": 0.2})}
    x = ranges["x"]
    assert x.top == "a" and x.upper == 1.0 and x.top_above is None
    assert 0.0 < x.lower < 0.8 and x.top_below in ("b", "c")
    # just inside the bound a stays first; just outside it does not
    for weight, expected in ((x.lower + 0.005, "a"), (x.lower - 0.005, x.top_below)):
        result = rank_candidates(table, {"x": weight, "y": 1 - weight})
        assert result.top == expected
    assert ranges["y"].upper == pytest.approx(1 - x.lower, abs=2e-3)


def test_rank_stability_is_seeded_and_sums_to_one():
    table = _two_way_table()
    first = rank_stability(table, {"x": 0.55, "y": 0.45}, runs=100, seed=4)
    again = rank_stability(table, {"x": 0.55, "y": 0.45}, runs=100, seed=4)
    other = rank_stability(table, {"x": 0.55, "y": 0.45}, runs=100, seed=5)
    assert first == again and first != other
    top1, top3 = first
    assert sum(top1.values()) == pytest.approx(1.0)
    assert all(share == 1.0 for share in top3.values())   # three candidates: all in top 3
    assert 0 < top1["a"] < 1                               # close call: both a and b win sometimes
    confident, _ = rank_stability(table, {"x": 0.95, "y": 0.05}, runs=100, seed=4)
    assert confident["a"] > top1["a"]


def test_sensitivity_chart_is_svg(candidates, graph, region):
    table = compute_criteria(candidates, graph, region)
    result = sensitivity(table, runs=30, steps=8)
    assert len(result.ranges) == len(table.criterion_ids)
    svg = sensitivity_svg(result, labels={"steel": "Steel <works>"})
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert svg.count("<circle") == len(table.criterion_ids)
    assert "Steel &lt;works&gt;" in svg or "Steel" not in result.top1_share
    assert "<script" not in svg
    with pytest.raises(ValueError, match="runs must be a whole number"):
        sensitivity(table, runs=0)


def test_sensitivity_scores_agree_with_the_ranking(candidates, graph, region):
    # weight_ranges and rank_stability normalise once; their top must be the ranking's top.
    from veturi.engine.ranking.sensitivity import _Evaluator

    table = compute_criteria(candidates, graph, region)
    rng = np.random.default_rng(11)
    for method in ("topsis", "promethee_ii"):
        evaluator = _Evaluator(table, method, {})
        for weights in rng.dirichlet(np.ones(len(table.criteria)), size=15):
            expected = rank_candidates(table, dict(zip(table.criterion_ids, weights)),
                                       method=method)
            assert evaluator.top(weights) == expected.top
            assert [table.alternatives[i] for i in evaluator.order(weights)] == [
                c.organisation for c in expected.candidates]


def test_sensitivity_survives_weights_on_a_constant_criterion():
    # All weight on a criterion where everyone is equal: a tie for all, not NaN or a crash.
    table = CriteriaTable(("a", "b", "c"), ("A", "B", "C"),
                          (Criterion("x", "X"), Criterion("same", "Same")),
                          [[3, 1], [2, 1], [1, 1]])
    ranges = {r.criterion: r for r in weight_ranges(table, {"x": 0.5, "same": 0.5})}
    assert ranges["same"].upper == 1.0        # a keeps the top (ties go by id)
    tied = rank_candidates(table, {"x": 0, "same": 1})
    assert [c.score for c in tied.candidates] == [0.5, 0.5, 0.5]
    assert [c.organisation for c in tied.candidates] == ["a", "b", "c"]


def test_a_supply_offered_to_several_takers_is_credited_once():
    from veturi.engine.matching.types import Organisation as Org
    from veturi.engine.networks import Exchange, build_synergy_graph

    # 100 t of slag; two takers could each use all of it (1 000 and 600 EUR/a): the steel
    # works enables 1 000 EUR/a, not 1 600; the weaker taker gets nothing of it.
    exchanges = [
        Exchange("slag->kiln", "steel", "kiln", value_eur_per_year=1000.0, co2_t_per_year=10.0,
                 output="slag", input="kiln-in", quantity=100.0, unit="t/a", score=0.9,
                 supply_quantity=100.0),
        Exchange("slag->road", "steel", "road", value_eur_per_year=600.0, co2_t_per_year=6.0,
                 output="slag", input="road-in", quantity=100.0, unit="t/a", score=0.5,
                 supply_quantity=100.0),
    ]
    graph = build_synergy_graph([Org("steel"), Org("kiln"), Org("road")], exchanges)
    table = compute_criteria([CandidateProfile(o, o) for o in ("steel", "kiln", "road")], graph)
    assert table.row("steel")["symbiosis_value"] == 1000.0
    assert table.row("steel")["co2_potential"] == 10.0
    assert table.row("kiln")["symbiosis_value"] == 1000.0 and table.row("road")["symbiosis_value"] == 0.0
    assert table.row("steel")["synergy_count"] == 2
