"""A small roadmap with a solved plan and a scenario over it, for the scenario tests."""

from veturi.roadmap.models import ActivityKind, PlannedActivity, Roadmap, RoadmapActivity, RoadmapSolve, SolveStatus
from veturi.scenarios.models import Assumption, Scenario


def roadmap_objects():
    """Biogas locomotive settles (months 0-18) -> its exchanges start (18-24); a heat network
    (0-12) nobody needs; a stored optimal plan with those starts."""
    roadmap = Roadmap.objects.create(name="Demo plan", first_year=2027, years=5)
    locomotive = RoadmapActivity.objects.create(
        roadmap=roadmap, name="Biogas plant settles", kind=ActivityKind.LOCOMOTIVE_SETTLES, duration_months=18,
        jobs=30, investment_eur=18_000_000, land_ha=4)
    exchanges = RoadmapActivity.objects.create(
        roadmap=roadmap, name="Digestate exchanges start", kind=ActivityKind.EXCHANGE_STARTS, duration_months=6,
        co2_t_per_year=1200, waste_diverted_t_per_year=1000, energy_recirculated_mwh_per_year=5000)
    exchanges.predecessors.add(locomotive)
    heat = RoadmapActivity.objects.create(
        roadmap=roadmap, name="Heat network extension", kind=ActivityKind.INFRASTRUCTURE, infrastructure_kind="heat_network",
        duration_months=12, investment_eur=6_000_000)
    solve = RoadmapSolve.objects.create(roadmap=roadmap, status=SolveStatus.OPTIMAL, objective_name="max_impact",
                                        fingerprint=roadmap.fingerprint())
    for activity, start in ((locomotive, 0), (exchanges, 18), (heat, 0)):
        PlannedActivity.objects.create(solve=solve, activity=activity, start_month=start,
                                       finish_month=start + activity.duration_months)
    scenario = Scenario.objects.create(name="Base case", roadmap=roadmap, runs=2000, seed=5)
    assumption = Assumption.objects.create(scenario=scenario, activity=locomotive, probability=0.7, delay_distribution="triangular",
                                           delay_low=0, delay_likely=3, delay_high=12, note="Board decision in spring")
    return {"roadmap": roadmap, "locomotive": locomotive, "exchanges": exchanges, "heat": heat, "solve": solve,
            "scenario": scenario, "assumption": assumption}
