from django.urls import reverse

from veturi.roadmap.monitoring import plan_vs_actual


def test_plan_and_actual_per_network_and_kpi(objects):
    roadmap, entry = objects["roadmap"], objects["entry"]
    comparison = plan_vs_actual(roadmap)
    exchanges = roadmap.activities.get(name="Ash exchanges start")
    finish = roadmap.latest_solve().planned.get(activity=exchanges).finish_month
    # Planned CO2 in the first year: the exchanges run from their finish month to December.
    first_year_plan = dict((year, plan) for year, plan, _actual in comparison["totals"]["co2_t"])[2026]
    assert abs(first_year_plan - 1200 * (12 - finish) / 12) < 1e-6
    row = comparison["networks"][0]
    actual_2026 = {year: actual for year, _plan, actual in row["kpis"]["waste_diverted_t"]}[2026]
    assert actual_2026 == entry.quantity  # Alpha's fly ash carries a waste code


def test_staff_and_viewers_see_the_charts(login, objects):
    for role in ("office", "viewer"):
        body = login(role).get(reverse("plan-actual")).content.decode()
        assert 'class="plan-actual"' in body and "Per value network" in body


def test_a_company_sees_its_own_actuals_without_the_plan(login, objects):
    body = login("company").get(reverse("plan-actual")).content.decode()
    assert "Per value network" not in body and 'class="plan"' not in body


def test_an_unknown_roadmap_is_a_clear_404(login, objects):
    response = login("office").get(reverse("plan-actual"), {"roadmap": "999"})
    assert response.status_code == 404 and "No such roadmap" in response.content.decode()


def test_entries_of_exchanges_outside_the_roadmap_are_shown_apart(login, objects):
    objects["roadmap"].activities.update(network=None)
    body = login("office").get(reverse("plan-actual")).content.decode()
    assert "outside the roadmap" in body and "Per value network" not in body
