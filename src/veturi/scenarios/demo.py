"""The demo's scenarios over the demo roadmap: a base case and a slow start, simulated.

Create-only: a scenario (matched by ``external_id``) the office has edited is never
overwritten, and an unchanged scenario keeps its last simulation.
"""

from __future__ import annotations

from django.db import transaction

from veturi.roadmap.models import ActivityKind, Roadmap
from veturi.scenarios.adapters import ScenarioInputError, simulate_and_store
from veturi.scenarios.models import Assumption, Scenario

#: external_id -> (name, description, per activity kind: assumption fields)
DEMO_SCENARIOS = {
    "demo-base-case": (
        "Base case",
        "Locomotives come with a good chance and a few months' delay; exchange yields vary by about ±15 %.",
        {
            ActivityKind.LOCOMOTIVE_SETTLES: {"probability": 0.8, "delay_distribution": "triangular", "delay_low": 0,
                                              "delay_likely": 3, "delay_high": 9, "note": "Investment decision pending"},
            ActivityKind.INFRASTRUCTURE: {"delay_distribution": "triangular", "delay_low": 0, "delay_likely": 2, "delay_high": 8,
                                          "note": "Permits and procurement"},
            ActivityKind.EXCHANGE_STARTS: {"quantity_kpi": "", "quantity_distribution": "triangular", "quantity_low": 0.8,
                                           "quantity_likely": 1.0, "quantity_high": 1.15, "note": "Yields as estimated, ±15 %"},
        },
    ),
    "demo-slow-start": (
        "Slow start",
        "Locomotives hesitate: lower chances, long-tailed delays, yields below the estimates.",
        {
            ActivityKind.LOCOMOTIVE_SETTLES: {"probability": 0.55, "delay_distribution": "lognormal", "delay_likely": 8,
                                              "delay_sigma": 0.6, "note": "Market downturn"},
            ActivityKind.FOLLOWERS_SETTLE: {"probability": 0.8, "delay_distribution": "triangular", "delay_low": 0,
                                            "delay_likely": 4, "delay_high": 12, "note": "Followers wait and see"},
            ActivityKind.INFRASTRUCTURE: {"delay_distribution": "triangular", "delay_low": 2, "delay_likely": 6, "delay_high": 18,
                                          "note": "Appeals against the permits"},
            ActivityKind.EXCHANGE_STARTS: {"quantity_kpi": "", "quantity_distribution": "triangular", "quantity_low": 0.5,
                                           "quantity_likely": 0.85, "quantity_high": 1.05, "note": "Lower utilisation"},
        },
    ),
}


def demo_roadmap() -> Roadmap | None:
    return Roadmap.objects.exclude(external_id="").order_by("pk").first() or Roadmap.objects.order_by("pk").first()


def load_demo_scenarios(progress=None) -> str:
    roadmap = demo_roadmap()
    if roadmap is None:
        return "no roadmap yet: scenarios skipped"
    made, kept, lines = 0, 0, []
    for external_id, (name, description, by_kind) in DEMO_SCENARIOS.items():
        with transaction.atomic():
            scenario = Scenario.objects.filter(external_id=external_id).first()
            if scenario is None and not Scenario.objects.filter(name=name).exists():
                scenario = Scenario.objects.create(external_id=external_id, name=name, description=description, roadmap=roadmap,
                                                   runs=10_000, seed=2026)
                for activity in roadmap.activities.order_by("pk"):
                    fields = by_kind.get(activity.kind)
                    if fields:
                        Assumption.objects.create(scenario=scenario, activity=activity, **fields)
                made += 1
            else:
                kept += 1
        if scenario is None:
            continue
        try:
            result, reused = simulate_and_store(scenario, reuse=True)
        except ScenarioInputError as exc:
            lines.append(f"{scenario.name}: not simulated ({exc})")
            continue
        lines.append(f"{scenario.name}: {result.runs:,} runs in {result.seconds:.2f} s{' (unchanged)' if reused else ''}")
    return f"{made} made, {kept} kept; " + "; ".join(lines)
