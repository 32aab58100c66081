"""`veturi demo`'s plug-and-play step: derived plot requirements and an idempotent allocation run."""

import pytest

from veturi.engine.allocation import AllocationProblem, Company, Flow, Plot
from veturi.plugplay.demo import DEMO_LABEL, PLANNED_NEEDS, load_demo_allocation, problem_fingerprint
from veturi.plugplay.models import AllocationRun, PlotRequirement
from veturi.synergies.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_park(park):
    """Alpha stands on T-1 (a tenant); Beta has no plot (planned); Alpha sends Beta ash (a proposal scoring 0.8)."""
    site = park["alpha"].sites.first()
    site.plot = park["plot"]
    site.save()
    Proposal.objects.create(
        output=park["streams"]["alpha_public"], input=park["streams"]["beta_office"], rule_code="ash-to-cement", rank=1, rank_for_input=1,
        score=0.8, confidence=0.7, technical_fit=0.9, quantity_exchanged=5_000, quantity_unit="t/a", transport_mode="truck",
        value_eur_per_year=50_000, co2_t_per_year=40, factors=[],
    )
    from veturi.plugplay.tests.factories import square
    from veturi.plots.models import Plot as PlotRow

    PlotRow.objects.create(zone=park["zone"], identifier="T-9", geometry=square(23.52, 61.51, 0.01), zoning_class="T", price_eur_per_m2=4)
    return [park["alpha"], park["beta"]]


def test_requirements_come_from_the_tenant_plot_and_the_free_plots(park, demo_park):
    summary = load_demo_allocation(organisations=demo_park)
    assert "2 plot requirements added" in summary and "4 document templates added" in summary
    alpha, beta = (PlotRequirement.objects.get(organisation=org) for org in demo_park)
    plot = park["plot"]
    assert not alpha.planned and alpha.zoning_list == ["T"] and alpha.area_m2 <= plot.area_m2
    assert alpha.needs == {"electricity": 1.0}  # half of T-1's 2 MW
    assert beta.planned and "T" in beta.zoning_list and beta.needs == PLANNED_NEEDS


def test_the_run_counts_the_flow_and_places_everyone(park, demo_park):
    load_demo_allocation(organisations=demo_park)
    run = AllocationRun.objects.get(label=DEMO_LABEL)
    assert run.status in ("optimal", "feasible")
    placements = {p.organisation_id: p.plot.identifier for p in run.placements.select_related("plot")}
    assert placements[park["alpha"].pk] == "T-1"  # the tenant stays where it stands
    assert placements[park["beta"].pk] != "T-1"
    assert [(f["source"], f["target"], f["tonnes_per_year"]) for f in run.flows] == [(park["alpha"].pk, park["beta"].pk, 5_000)]


def test_a_second_run_changes_nothing_and_keeps_the_office_edits(park, demo_park):
    load_demo_allocation(organisations=demo_park)
    edited = PlotRequirement.objects.get(organisation=park["beta"])
    edited.area_m2 = 1_234
    edited.save()
    load_demo_allocation(organisations=demo_park)  # the edit changes the problem: one new run
    runs = AllocationRun.objects.count()
    summary = load_demo_allocation(organisations=demo_park)
    assert "0 plot requirements added, 2 already there, 0 document templates added" in summary and "unchanged" in summary
    assert AllocationRun.objects.count() == runs == 2
    assert PlotRequirement.objects.get(organisation=park["beta"]).area_m2 == 1_234


def test_the_fingerprint_ignores_set_and_flow_order_but_not_the_data():
    plots = (Plot("P1", 5000, {"T", "TY", "T|TY"}, lon=23.5, lat=61.5), Plot("P2", 5000, {"T"}, lon=23.6, lat=61.5))
    companies = (Company("a", 100, "T"), Company("b", 100, "T|TY"))
    flows = (Flow("a", "b", 10, 0.1), Flow("b", "a", 5, 0.1))
    problem = AllocationProblem(companies, plots, flows)
    reordered = AllocationProblem(companies, (Plot("P1", 5000, {"T|TY", "TY", "T"}, lon=23.5, lat=61.5), plots[1]), flows[::-1])
    assert problem_fingerprint(problem) == problem_fingerprint(reordered)
    changed = AllocationProblem(companies, plots, (Flow("a", "b", 11, 0.1), flows[1]))
    assert problem_fingerprint(problem) != problem_fingerprint(changed)
