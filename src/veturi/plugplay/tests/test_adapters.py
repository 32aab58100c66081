"""Rows to the engine and back: the park as an allocation problem, runs stored, what-ifs compared."""

import pytest

from veturi.plugplay.adapters import build_problem, compare_runs, run_allocation, run_variant
from veturi.plugplay.models import AllocationRun, PlotRequirement
from veturi.plugplay.tests.factories import plugplay_park

pytestmark = pytest.mark.django_db


def test_the_problem_has_every_company_plot_and_agreed_flow(park):
    objects = plugplay_park(park)
    rows = build_problem()
    assert {c.name for c in rows.problem.companies} == {"Alpha Ash Oy", "Beta Cement Oy"}
    assert len(rows.problem.plots) == 4
    (flow,) = rows.problem.flows
    assert (flow.source, flow.target, flow.tonnes_per_year) == ("Alpha Ash Oy", "Beta Cement Oy", 50_000)
    beta = next(c for c in rows.problem.companies if c.name == "Beta Cement Oy")
    assert beta.needs == {"district_heat": 2.0}
    assert objects["proposal"].pk in rows.flows[0]["proposals"]


def test_a_proposal_not_agreed_counts_only_above_a_score(park):
    objects = plugplay_park(park)
    objects["proposal"].status = "proposed"
    objects["proposal"].save()
    assert build_problem().problem.flows == ()
    assert len(build_problem(min_score=0.5).problem.flows) == 1
    assert build_problem(min_score=0.9).problem.flows == ()


def test_partners_sit_close_and_every_constraint_holds(park):
    plugplay_park(park)
    run = run_allocation(time_limit_s=2, seed=1)
    assert run.status in ("optimal", "feasible")
    plots = {p.organisation.name: p.plot for p in run.placements.select_related("plot", "organisation")}
    assert set(plots) == {"Alpha Ash Oy", "Beta Cement Oy"}
    assert len({plot.pk for plot in plots.values()}) == 2
    for name, plot in plots.items():
        requirement = PlotRequirement.objects.get(organisation__name=name)
        assert plot.zoning_class in requirement.zoning_list
        assert plot.area_m2 >= requirement.area_m2
    # The two exchanging companies take the two neighbouring plots, not the far one.
    assert {plot.identifier for plot in plots.values()} == {"T-1", "T-2"}
    assert run.bound_eur_per_year <= run.objective_eur_per_year + 1e-6


def test_an_existing_tenant_stays_on_its_plot(park):
    objects = plugplay_park(park)
    site = park["beta"].sites.first()
    site.plot = objects["plots"]["T-3"]
    site.save()
    run = run_allocation(time_limit_s=1)
    assert run.placements.get(organisation=park["beta"]).plot == objects["plots"]["T-3"]


def test_the_same_seed_gives_the_same_run(park):
    plugplay_park(park)
    first, second = run_allocation(time_limit_s=1, seed=3), run_allocation(time_limit_s=1, seed=3)
    as_pairs = lambda run: sorted(run.placements.values_list("company_name", "plot_id"))  # noqa: E731
    assert as_pairs(first) == as_pairs(second)
    assert first.objective_eur_per_year == pytest.approx(second.objective_eur_per_year)


def test_pinning_a_company_elsewhere_moves_it_and_costs_more(park):
    objects = plugplay_park(park)
    base = run_allocation(time_limit_s=1)
    variant = run_variant(base, AllocationRun.Kind.PIN, organisation=park["beta"], plot=objects["plots"]["T-3"])
    assert variant.base == base and variant.placements.get(organisation=park["beta"]).plot == objects["plots"]["T-3"]
    comparison = compare_runs(base, variant)
    assert "Beta Cement Oy" in [moved[0] for moved in comparison.moved]
    assert comparison.total_change_eur_per_year > 0


def test_closing_plots_adds_up_until_nothing_fits_and_says_why(park):
    objects = plugplay_park(park)
    base = run_allocation(time_limit_s=1)
    taken = base.placements.get(organisation=park["alpha"]).plot
    variant = run_variant(base, AllocationRun.Kind.CLOSE, plot=taken)
    assert taken.pk not in set(variant.placements.values_list("plot_id", flat=True))
    spare = ({"T-1", "T-2", "T-3"} - {taken.identifier} - {p.plot.identifier for p in variant.placements.exclude(organisation=park["alpha"])}).pop()
    # The second closure keeps the first: only one T plot is left for two companies.
    both_closed = run_variant(variant, AllocationRun.Kind.CLOSE, plot=objects["plots"][spare] if spare != taken.identifier else taken)
    assert both_closed.status == "infeasible" and both_closed.conflicts
    assert both_closed.parameters["closed"] == [taken.pk, objects["plots"][spare].pk]


def test_adding_a_planned_company_places_it(park):
    objects = plugplay_park(park)
    PlotRequirement.objects.create(organisation=park["city"], area_m2=1000, zoning_classes="KT", planned=True)
    base = run_allocation(time_limit_s=1)
    # The city already has a requirement, so it is in the base run; adding it again is refused.
    with pytest.raises(ValueError, match="already"):
        run_variant(base, AllocationRun.Kind.ADD, organisation=park["city"])
    PlotRequirement.objects.filter(organisation=park["city"]).delete()
    base = run_allocation(time_limit_s=1)
    PlotRequirement.objects.create(organisation=park["city"], area_m2=1000, zoning_classes="KT", planned=True)
    variant = run_variant(base, AllocationRun.Kind.ADD, organisation=park["city"])
    assert variant.placements.get(organisation=park["city"]).plot == objects["plots"]["K-1"]
    assert compare_runs(base, variant).added[0][0] == "City of Testala"


def test_without_requirements_it_says_what_to_add(park):
    with pytest.raises(ValueError, match="plot requirement"):
        build_problem()
