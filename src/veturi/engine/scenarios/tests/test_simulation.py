"""Monte Carlo simulation of roadmap scenarios: hand-computed yearly values, dependency and
delay propagation, seeded reproducibility, convergence and bad input."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veturi.engine.scenarios import (
    Delay, Fixed, Lognormal, Occurrence, QuantityRange, Scenario, ScenarioActivity, Triangular,
    Uniform, distribution_from_dict, fan_chart_svg, simulate,
)


def plant(**kwargs):
    defaults = dict(name="plant", start_month=6, duration_months=12, impacts={
        "co2_avoided_t": 120.0, "investment_eur": 1_200_000.0, "land_use_ha": 3.0,
        "jobs": 40.0})
    defaults.update(kwargs)
    return ScenarioActivity(**defaults)


def test_a_certain_plan_gives_the_hand_computed_yearly_values():
    result = simulate(Scenario((plant(),), years=3), runs=50, seed=0)
    # Finishes in month 18: CO2 flows for the last 6 months of year 2, then all year 3.
    assert result.kpis["co2_avoided_t"]["p50"] == pytest.approx((0.0, 60.0, 120.0))
    # 1.2 M€ spent evenly over months 6..18: half in each of years 1 and 2.
    assert result.kpis["investment_eur"]["mean"] == pytest.approx((600_000, 600_000, 0))
    # Land is taken from the start, jobs exist once the plant is finished.
    assert result.kpis["land_use_ha"]["p5"] == pytest.approx((3.0, 3.0, 3.0))
    assert result.kpis["jobs"]["p95"] == pytest.approx((0.0, 40.0, 40.0))
    assert result.cumulative["co2_avoided_t"]["p50"] == pytest.approx((0.0, 60.0, 180.0))
    assert result.activity_finish["plant"]["p50"] == pytest.approx(18.0)
    assert result.years == (1, 2, 3)


def test_calendar_years_label_the_result_when_a_start_year_is_given():
    result = simulate(Scenario((plant(),), years=2, start_year=2027), runs=10, seed=0)
    assert result.years == (2027, 2028)


def test_an_activity_whose_locomotive_does_not_come_does_not_happen():
    locomotive = ScenarioActivity("locomotive settles", 0, 12, {"jobs": 100}, group="biogas")
    follower = ScenarioActivity("follower settles", 12, 6, {"jobs": 10},
                                predecessors=("locomotive settles",))
    scenario = Scenario((locomotive, follower), occurrences=(
        Occurrence("biogas", 0.6), Occurrence("follower settles", 0.5)), years=3)
    result = simulate(scenario, runs=40_000, seed=3)
    assert result.activity_probability["locomotive settles"] == pytest.approx(0.6, abs=0.01)
    assert result.activity_probability["follower settles"] == pytest.approx(0.3, abs=0.01)
    # Jobs in year 3 are 0, 100 or 110 only: never the follower without the locomotive.
    assert result.kpis["jobs"]["mean"][2] == pytest.approx(0.6 * 100 + 0.3 * 10, rel=0.02)


def test_a_delay_eats_the_slack_first_then_pushes_every_successor():
    first = ScenarioActivity("heat network", 0, 12)
    tight = ScenarioActivity("tight", 12, 6, predecessors=("heat network",))
    slack = ScenarioActivity("slack", 20, 6, predecessors=("heat network",))
    after = ScenarioActivity("after", 18, 6, predecessors=("tight",))
    scenario = Scenario((first, tight, slack, after), delays=(Delay("heat network", Fixed(5)),),
                        years=4)
    finish = simulate(scenario, runs=10, seed=0).activity_finish
    assert finish["heat network"]["p50"] == 17
    assert finish["tight"]["p50"] == 23        # pushed by 5 months
    assert finish["slack"]["p50"] == 26        # 8 months of slack absorb the 5
    assert finish["after"]["p50"] == 29        # pushed along the chain


def test_a_group_delay_draws_each_member_on_its_own():
    a = ScenarioActivity("a", 0, 1, group="g")
    b = ScenarioActivity("b", 0, 1, group="g")
    scenario = Scenario((a, b), delays=(Delay("g", Uniform(0, 12)),), years=2)
    result = simulate(scenario, runs=2000, seed=1)
    assert result.activity_finish["a"]["p5"] < 2 and result.activity_finish["b"]["p95"] > 11


def test_a_quantity_range_moves_the_activities_it_covers_together():
    a = ScenarioActivity("a", 0, 0, {"co2_avoided_t": 100}, group="g")
    b = ScenarioActivity("b", 0, 0, {"co2_avoided_t": 100}, group="g")
    c = ScenarioActivity("c", 0, 0, {"co2_avoided_t": 100, "jobs": 5})
    scenario = Scenario((a, b, c), quantities=(
        QuantityRange("co2_avoided_t", Uniform(0.5, 1.5), target="g"),), years=1)
    result = simulate(scenario, runs=20_000, seed=2)
    stats = result.kpis["co2_avoided_t"]
    # One multiplier for a and b together: 100 + 200 * U(0.5, 1.5).
    assert stats["p5"][0] == pytest.approx(100 + 200 * 0.55, rel=0.01)
    assert stats["p95"][0] == pytest.approx(100 + 200 * 1.45, rel=0.01)
    assert result.kpis["jobs"]["p5"][0] == result.kpis["jobs"]["p95"][0] == 5


def test_the_same_seed_gives_the_same_result_and_another_seed_another():
    scenario = Scenario((plant(),), occurrences=(Occurrence("plant", 0.5),),
                        delays=(Delay("plant", Triangular(0, 2, 10)),), years=4)
    one, two = simulate(scenario, 3000, seed=11), simulate(scenario, 3000, seed=11)
    assert one.kpis == two.kpis and one.activity_finish == two.activity_finish
    assert simulate(scenario, 3000, seed=12).kpis != one.kpis


def test_percentiles_converge_between_seeds_at_twenty_thousand_runs():
    activities = [plant(name=f"plant {i}", start_month=4 * i, group=f"g{i % 3}",
                        predecessors=(f"plant {i - 3}",) if i >= 3 else ()) for i in range(9)]
    scenario = Scenario(
        tuple(activities), occurrences=tuple(Occurrence(f"g{i}", 0.7) for i in range(3)),
        delays=tuple(Delay(a.name, Lognormal(3, 0.8)) for a in activities),
        quantities=(QuantityRange("co2_avoided_t", Triangular(0.7, 1.0, 1.2)),), years=8)
    one, two = simulate(scenario, 20_000, seed=1), simulate(scenario, 20_000, seed=2)
    for kpi in ("co2_avoided_t", "jobs", "investment_eur"):
        scale = max(one.kpis[kpi]["p95"]) or 1.0
        for statistic in ("p25", "p50", "p75", "mean"):
            difference = np.abs(np.subtract(one.kpis[kpi][statistic], two.kpis[kpi][statistic]))
            assert difference.max() / scale < 0.03, (kpi, statistic)


def test_progress_reports_every_run_once_done():
    seen = []
    simulate(Scenario((plant(),), years=2), runs=500, seed=0,
             progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (500, 500)


@pytest.mark.parametrize(("build", "message"), [
    (lambda: Occurrence("plant", -0.1), "probability of 'plant' must be between 0 and 1"),
    (lambda: Scenario((plant(),), occurrences=(Occurrence("crane", 0.5),)),
     "probability names unknown activity or group 'crane'"),
    (lambda: Scenario((plant(),), delays=(Delay("crane", Fixed(1)),)),
     "delay names unknown activity or group 'crane'"),
    (lambda: Triangular(5, 1, 3, where="delay of 'plant'"), "delay of 'plant': needs low <= mode"),
    (lambda: Delay("plant", {"kind": "lognormal", "median": -1, "sigma": 1}),
     "delay of 'plant'.median must be positive"),
    (lambda: plant(impacts={"happiness": 1}), "unknown KPI 'happiness'"),
    (lambda: plant(duration_months=-1), "activity 'plant': duration_months must not be negative"),
    (lambda: Scenario((plant(name="a", predecessors=("b",)), plant(name="b", predecessors=("a",)))),
     "precedence cycle among activities: a, b"),
    (lambda: Scenario((plant(predecessors=("ghost",)),)), "unknown predecessor 'ghost'"),
    (lambda: Scenario((plant(), plant())), "'plant' appears twice"),
    (lambda: simulate(Scenario((plant(),)), runs=0), "runs must be a whole number"),
    (lambda: simulate(Scenario((plant(),)), seed=-3), "seed must be a non-negative"),
    (lambda: simulate(Scenario(tuple(plant(name=f"p{i}") for i in range(10))), runs=600_000),
     "runs x activities must be at most 5,000,000 to fit in memory; got 600,000 runs x 10 activities: use at most 500,000"),
    (lambda: distribution_from_dict({"kind": "uniform", "low": 1}), "uniform needs high, low"),
    (lambda: QuantityRange("jobs", Uniform(2, 1)), "high (1.0) must not be below low (2.0)"),
])
def test_bad_input_is_refused_with_the_field_named(build, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build()


def test_the_fan_chart_draws_each_scenario_with_its_bands():
    scenario = Scenario((plant(),), delays=(Delay("plant", Uniform(0, 12)),), years=3)
    stored = simulate(scenario, 500, seed=0).as_dict()
    svg = fan_chart_svg([("base", stored), ("late <b>", stored)], "co2_avoided_t",
                        title="CO2 avoided", unit="t/a")
    assert svg.count("<polygon") == 4 and svg.count("<polyline") == 2
    assert "late &lt;b&gt;" in svg and "<script" not in svg
    assert "no simulated values" in fan_chart_svg([("x", {"years": [1], "kpis": {}})], "jobs")


def _one_run_at_a_time(scenario, runs, seed):
    """The model written out plainly, one run after another: an independent check of the
    vectorised engine (different draw order, so only the statistics can agree)."""
    rng = np.random.default_rng(seed)
    by_name = {a.name: a for a in scenario.activities}
    covered = {a.name: [a.name] for a in scenario.activities}
    for a in scenario.activities:
        if a.group:
            covered.setdefault(a.group, []).append(a.name)
    out = np.zeros((runs, scenario.years))
    for run in range(runs):
        comes = {a.name: True for a in scenario.activities}
        for o in scenario.occurrences:
            if rng.random() >= o.probability:
                for name in covered[o.target]:
                    comes[name] = False
        delay = {a.name: 0.0 for a in scenario.activities}
        for d in scenario.delays:
            for name in covered[d.target]:
                delay[name] += d.distribution.sample(rng, 1)[0]
        factor = {a.name: 1.0 for a in scenario.activities}
        for q in scenario.quantities:
            draw = q.distribution.sample(rng, 1)[0]
            for name in covered[q.target] if q.target else by_name:
                factor[name] *= draw
        finish, happens = {}, {}

        def settle(name):
            if name in finish:
                return
            a = by_name[name]
            start = max(a.start_month + delay[name], 0.0)
            happens[name] = comes[name]
            for p in a.predecessors:
                settle(p)
                happens[name] = happens[name] and happens[p]
                start = max(start, finish[p])
            finish[name] = start + a.duration_months

        for a in scenario.activities:
            settle(a.name)
            if happens[a.name]:
                for y in range(scenario.years):
                    months = min(max(12 * (y + 1) - max(12 * y, finish[a.name]), 0), 12)
                    out[run, y] += a.impacts.get("co2_avoided_t", 0) * factor[a.name] * months / 12
    return out


def test_the_vectorised_engine_agrees_with_the_model_run_one_at_a_time():
    activities = (
        ScenarioActivity("wind", 0, 24, {"co2_avoided_t": 50}),
        ScenarioActivity("locomotive", 6, 18, {"co2_avoided_t": 10}, group="biogas"),
        ScenarioActivity("exchanges", 24, 6, {"co2_avoided_t": 400}, ("locomotive", "wind"), group="biogas"),
        ScenarioActivity("followers", 30, 12, {"co2_avoided_t": 120}, ("exchanges",)),
    )
    scenario = Scenario(activities, occurrences=(Occurrence("biogas", 0.7), Occurrence("followers", 0.6)),
                        delays=(Delay("wind", Triangular(0, 4, 12)), Delay("biogas", Lognormal(3, 0.7))),
                        quantities=(QuantityRange("co2_avoided_t", Uniform(0.6, 1.2), target="biogas"),), years=6)
    plain = _one_run_at_a_time(scenario, 4000, seed=1)
    engine = simulate(scenario, runs=20_000, seed=2).kpis["co2_avoided_t"]
    scale = plain.max()
    assert np.abs(plain.mean(axis=0) - engine["mean"]).max() / scale < 0.03
    for p in (25, 50, 75):
        assert np.abs(np.percentile(plain, p, axis=0) - engine[f"p{p}"]).max() / scale < 0.05


@st.composite
def random_scenarios(draw):
    n = draw(st.integers(1, 6))
    activities = []
    for i in range(n):
        predecessors = tuple(sorted({f"a{j}" for j in draw(st.lists(st.integers(0, i - 1), max_size=2))})) if i else ()
        activities.append(ScenarioActivity(
            f"a{i}", draw(st.integers(0, 36)), draw(st.integers(0, 24)),
            {"jobs": draw(st.integers(0, 50)), "co2_avoided_t": draw(st.integers(0, 500)),
             "investment_eur": draw(st.integers(0, 10 ** 6))},
            predecessors=predecessors, group=f"g{i % 2}"))
    occurrences = tuple(Occurrence(f"a{i}", draw(st.floats(0, 1))) for i in range(n) if draw(st.booleans()))
    delays = tuple(Delay(f"a{i}", Triangular(0, draw(st.integers(0, 6)), 12)) for i in range(n) if draw(st.booleans()))
    return Scenario(tuple(activities), occurrences, delays, years=draw(st.integers(1, 6)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_scenarios(), st.integers(0, 2 ** 16))
def test_invariants_hold_for_any_scenario(scenario, seed):
    result = simulate(scenario, runs=300, seed=seed)
    for kpi, stats in result.kpis.items():
        for y in range(scenario.years):
            ordered = [stats[p][y] for p in ("p5", "p25", "p50", "p75", "p95")]
            assert ordered == sorted(ordered), (kpi, y)
    # Jobs are a level reached at the finish: every run's jobs never fall, so neither does any percentile.
    for p in ("p5", "p50", "p95"):
        jobs = result.kpis["jobs"][p]
        assert all(a <= b + 1e-9 for a, b in zip(jobs, jobs[1:]))
    cumulative = result.cumulative["co2_avoided_t"]["p50"]
    assert all(a <= b + 1e-9 for a, b in zip(cumulative, cumulative[1:]))
    # Nothing happens more often than what it needs first.
    for activity in scenario.activities:
        for p in activity.predecessors:
            assert result.activity_probability[activity.name] <= result.activity_probability[p]
    # Total investment spent over the horizon never exceeds the planned total.
    planned = sum(a.impacts.get("investment_eur", 0) for a in scenario.activities)
    assert result.cumulative["investment_eur"]["p95"][-1] <= planned + 1e-6
