"""Plot allocation: fit and transport costs, hard constraints, explanations, what-ifs."""

import itertools
import math

import numpy as np
import pytest

from veturi.engine.allocation.plots import (
    AllocationProblem,
    Company,
    Flow,
    Plot,
    add_company,
    allocate,
    close_plot,
    compare,
    pin,
    plot_distances_m,
)


def park():
    """Five plots on a line 500 m apart (given matrix) and four companies."""
    plots = (
        Plot("P1", 8000, {"T", "TT"}, utilities={"heat_mw": 5}, yearly_price_eur=1000,
             distance_to_sensitive_m=200),
        Plot("P2", 6000, {"T"}, utilities={"heat_mw": 1}, connection_cost_eur_per_year={"heat_mw": 500},
             yearly_price_eur=900),
        Plot("P3", 6000, {"T", "TT"}, utilities={"rail": 1}, yearly_price_eur=800,
             distance_to_sensitive_m=900),
        Plot("P4", 3000, {"T"}, yearly_price_eur=400),
        Plot("P5", 9000, {"TT"}, connection_cost_eur_per_year={"rail": 2000}, yearly_price_eur=1200,
             distance_to_sensitive_m=1500),
    )
    companies = (
        Company("biogas", 5000, "TT", needs={"heat_mw": 2}, hazard_separation_m=150),
        Company("greenhouse", 5500, "T", needs={"heat_mw": 3}),
        Company("fertiliser", 4000, "TT", needs={"rail": 1}, hazard_separation_m=500),
        Company("depot", 2000, "T"),
    )
    flows = (
        Flow("biogas", "greenhouse", 12000, 0.25, mode="pipe"),
        Flow("biogas", "fertiliser", 8000, 0.20),
        Flow("depot", "fertiliser", 3000, 0.15),
    )
    positions = np.arange(5) * 500.0
    distance = np.abs(positions[:, None] - positions[None, :])
    return AllocationProblem(companies, plots, flows, distance_m=distance, unused_area_eur_per_m2_year=0.1)


def brute_force(problem):
    """Least yearly cost over every injective placement that respects the constraints."""
    from veturi.engine.allocation.plots import _fit

    open_plots = [p for p in problem.plots if not p.closed]
    index = [i for i, p in enumerate(problem.plots) if not p.closed]
    distance = np.asarray(problem.distance_m)[np.ix_(index, index)] / 1000
    names = [c.name for c in problem.companies]
    best = math.inf
    for chosen in itertools.permutations(range(len(open_plots)), len(names)):
        total = 0.0
        for c, k in zip(problem.companies, chosen):
            if c.plot is not None and open_plots[k].name != c.plot:
                break
            cost, reason, _, _ = _fit(c, open_plots[k], problem.unused_area_eur_per_m2_year)
            if reason is not None:
                break
            total += cost
        else:
            for f in problem.flows:
                a, b = chosen[names.index(f.source)], chosen[names.index(f.target)]
                total += f.tonnes_per_year * f.cost_eur_per_tkm * distance[a, b]
            best = min(best, total)
    return best


def test_the_allocation_is_optimal_and_respects_every_hard_constraint():
    problem = park()
    result = allocate(problem, time_limit_s=10)
    assert result.status == "optimal"
    assert result.total_eur_per_year == pytest.approx(brute_force(problem))
    plots = {p.name: p for p in problem.plots}
    for company, placement in zip(problem.companies, result.placements):
        plot = plots[placement.plot]
        assert company.area_m2 <= plot.area_m2
        assert company.zoning_class in plot.zoning_classes
        assert company.hazard_separation_m <= plot.distance_to_sensitive_m
    # The fertiliser plant needs 500 m from housing and rail: only P3 (rail there) or P5 (built).
    assert result.plot_of("fertiliser") in {"P3", "P5"}
    assert len({pl.plot for pl in result.placements}) == 4


def test_costs_add_up_and_utilities_are_explained():
    result = allocate(park(), time_limit_s=10)
    assert result.total_eur_per_year == pytest.approx(
        result.transport_eur_per_year + result.fit_eur_per_year
    )
    assert sum(pl.transport_eur_per_year for pl in result.placements) == pytest.approx(
        result.transport_eur_per_year
    )
    greenhouse = next(pl for pl in result.placements if pl.company == "greenhouse")
    if greenhouse.plot == "P2":
        assert greenhouse.utilities_to_build == ("heat_mw",)
    else:
        assert greenhouse.utilities_ready == ("heat_mw",)


def test_straight_line_distances_come_from_lon_lat():
    plots = [
        Plot("A", 100, {"T"}, lon=23.76, lat=61.50),
        Plot("B", 100, {"T"}, lon=23.78, lat=61.50),
        Plot("C", 100, {"T"}, lon=23.76, lat=61.52),
    ]
    distance = plot_distances_m(plots)
    assert distance[0, 1] == pytest.approx(1063, rel=0.01)  # 0.02 deg of longitude at 61.5 N
    assert distance[0, 2] == pytest.approx(2227, rel=0.01)  # 0.02 deg of latitude
    assert np.allclose(distance, distance.T) and np.all(np.diag(distance) == 0)


def test_partners_with_a_large_flow_end_up_next_to_each_other():
    plots = [Plot(f"P{k}", 1000, {"T"}, lon=24.0 + 0.01 * k, lat=61.0) for k in range(6)]
    companies = [Company(name, 500, "T") for name in "ABCDEF"]
    flows = [Flow("A", "F", 50000, 0.3), Flow("B", "C", 10, 0.1)]
    result = allocate(AllocationProblem(companies, plots, flows), time_limit_s=10)
    a, f = int(result.plot_of("A")[1:]), int(result.plot_of("F")[1:])
    assert abs(a - f) == 1


def test_infeasible_cases_are_explained_by_name():
    problem = park()
    too_many = add_company(problem, Company("x", 10, "T"))
    too_many = add_company(too_many, Company("y", 10, "T"))
    result = allocate(too_many)
    assert result.status == "infeasible"
    assert result.conflicts == ("6 companies but only 5 open plots",)

    huge = add_company(problem, Company("smelter", 50000, "TT"))
    conflicts = allocate(huge).conflicts
    assert any(c.startswith("smelter fits no plot:") and "P5 is too small" in c for c in conflicts)

    # Both rail plots far from housing closed: the fertiliser plant has nowhere to go.
    closed = close_plot(close_plot(problem, "P3"), "P5")
    conflicts = allocate(closed).conflicts
    assert any("fertiliser fits no plot" in c and "P3 is closed" not in c for c in conflicts)

    pinned = pin(problem, "biogas", "P4")
    assert allocate(pinned).conflicts == (
        "biogas is pinned to P4, but P4 is too small (3000 m2 < 5000 m2)",
    )


def test_two_companies_competing_for_one_plot_are_named():
    base = park()
    # One more light plot, so that counts alone do not decide; P3 closed and a
    # second heavy company that needs rail and 1000 m from housing: only P5 is
    # left for both heavy ones.
    plots = base.plots + (Plot("P6", 3000, {"T"}),)
    distance = np.abs(np.arange(6)[:, None] - np.arange(6)[None, :]) * 500.0
    problem = AllocationProblem(base.companies, plots, base.flows, distance_m=distance)
    rival = Company("refinery", 4000, "TT", needs={"rail": 1}, hazard_separation_m=1000)
    result = allocate(add_company(close_plot(problem, "P3"), rival))
    assert result.status == "infeasible"
    assert result.conflicts == ("fertiliser, refinery may only use P5: 2 facilities for 1 location",)


def test_what_if_pin_close_add_and_compare():
    problem = park()
    base = allocate(problem, time_limit_s=10)
    moved_plot = "P5" if base.plot_of("fertiliser") == "P3" else "P3"
    pinned = allocate(pin(problem, "fertiliser", moved_plot), time_limit_s=10)
    assert pinned.plot_of("fertiliser") == moved_plot
    difference = compare(base, pinned)
    assert ("fertiliser", base.plot_of("fertiliser"), moved_plot) in difference.moved
    assert difference.total_change_eur_per_year >= 0  # the optimum cannot get cheaper when pinned

    closed = allocate(close_plot(problem, base.plot_of("depot")), time_limit_s=10)
    assert closed.plot_of("depot") != base.plot_of("depot")

    grown = add_company(problem, Company("lab", 1000, "T", planned=True), [Flow("lab", "biogas", 10, 1.0)])
    result = allocate(grown, time_limit_s=10)
    assert compare(base, result).added == (("lab", result.plot_of("lab")),)


def test_the_same_seed_gives_the_same_allocation_on_a_larger_park():
    rng = np.random.default_rng(1)
    plots = [Plot(f"P{k}", 1000, {"T"}, lon=24 + rng.random() / 20, lat=61 + rng.random() / 40) for k in range(30)]
    companies = [Company(f"C{i}", 500, "T") for i in range(25)]
    flows = [Flow(f"C{i}", f"C{j}", float(rng.integers(1, 1000)), 0.1) for i in range(25) for j in range(i + 1, 25)
             if rng.random() < 0.2]
    problem = AllocationProblem(companies, plots, flows)
    runs = [allocate(problem, max_iterations=500, time_limit_s=60, seed=3) for _ in range(2)]
    assert runs[0].placements == runs[1].placements
    assert runs[0].status == "feasible" and runs[0].lower_bound_eur_per_year <= runs[0].total_eur_per_year


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Company("", 1, "T"), "company name must be a non-empty string"),
        (lambda: Company("A", -1, "T"), "company 'A': area_m2 must be a non-negative number"),
        (lambda: Company("A", 1, "T", needs={"heat_mw": -2}), r"needs\['heat_mw'\] must be a non-negative"),
        (lambda: Plot("P", 1, "T"), "zoning_classes must be a collection of strings"),
        (lambda: Plot("P", 1, {"T"}, lon=24), "give both lon and lat"),
        (lambda: Plot("P", 1, {"T"}, lon=240, lat=61), "not WGS84 degrees"),
        (lambda: Flow("A", "A", 1, 1), "must join two different companies"),
        (lambda: Flow("A", "B", float("nan"), 1), "tonnes_per_year must be a non-negative number"),
        (
            lambda: AllocationProblem([Company("A", 1, "T")], [Plot("P", 1, {"T"})]),
            "plot 'P' has no lon/lat",
        ),
        (
            lambda: AllocationProblem([Company("A", 1, "T")], [Plot("P", 1, {"T"})], [Flow("A", "Z", 1, 1)],
                                      distance_m=[[0]]),
            r"flows\[0\]: unknown company 'Z'",
        ),
        (
            lambda: AllocationProblem([Company("A", 1, "T", plot="Q")], [Plot("P", 1, {"T"})], distance_m=[[0]]),
            "pinned to unknown plot 'Q'",
        ),
        (
            lambda: AllocationProblem([Company("A", 1, "T")], [Plot("P", 1, {"T"})], distance_m=[[0, 1]]),
            "distance_m must be 1x1",
        ),
        (
            lambda: AllocationProblem([Company("A", 1, "T"), Company("A", 2, "T")], [Plot("P", 1, {"T"})],
                                      distance_m=[[0]]),
            "the name 'A' appears twice",
        ),
        (lambda: pin(park(), "nobody", "P1"), "unknown company 'nobody'"),
        (lambda: close_plot(park(), "P9"), "unknown plot 'P9'"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(build, message):
    with pytest.raises(ValueError, match=message):
        build()
