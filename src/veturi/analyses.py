"""Every analysis that `veturi demo` runs after loading data, in order.

Each entry is (name, function); a function takes a progress callback and returns a one-line summary.
Later features (matching, networks, allocation, roadmap) add themselves here.
"""

from __future__ import annotations

from typing import Callable

Progress = Callable[[str], None]


def classify_stream_names(progress: Progress) -> str:
    """Classify the names of streams that carry no code yet, flagging the unresolved ones."""
    from django.db import transaction

    from veturi.streams.classify import classify_if_unclassified
    from veturi.streams.models import ResourceStream

    pending = ResourceStream.objects.filter(ewc_code="", taxonomy_code="", needs_review=False)
    classified = flagged = 0
    with transaction.atomic():
        for stream in pending:
            classify_if_unclassified(stream)
            stream.save()
            if stream.needs_review:
                flagged += 1
            else:
                classified += 1
    return f"{classified} stream names classified, {flagged} flagged for review"


def load_demo_office(progress: Progress) -> str:
    """The demo project office (plan, meetings, stakeholders, pipeline history) on top of the demo park."""
    from veturi.office.demo import load_office_demo

    return load_office_demo(progress)


def load_synergy_rules(progress: Progress) -> str:
    """Bring the package's synergy rules into the database (the office's edits are kept)."""
    from veturi.synergies.rules import load_package_rules

    return load_package_rules().summary()


def match_synergies(progress: Progress) -> str:
    """Match every stream through the stored rules; unchanged data and rules reuse the last run."""
    from veturi.synergies.adapters import run_matching

    run, reused = run_matching()
    state = "unchanged, last run kept" if reused else f"{run.seconds:.1f} s"
    return f"{run.proposals} proposals, {run.attract} attract suggestions, {run.chains} chains ({state})"


def compute_value_networks(progress: Progress) -> str:
    """Value networks of the stored proposals (communities, around locomotives, templates); unchanged data reuse the last run."""
    from veturi.valuenets.adapters import run_networks

    run, reused = run_networks()
    state = "unchanged, last run kept" if reused else f"{run.seconds:.1f} s"
    return f"{run.networks} value networks ({state})"


def rank_locomotives(progress: Progress) -> str:
    """Rank the locomotive candidates with the default weights; the same data reuse the stored ranking."""
    from veturi.valuenets.adapters import run_ranking

    try:
        run, reused = run_ranking()
    except ValueError as exc:
        return f"not ranked: {exc}"
    top = run.candidates[0]["name"] if run.candidates else "–"
    return f"{len(run.candidates)} candidates, first {top} ({'unchanged' if reused else 'ranked'})"


def allocate_plots(progress: Progress) -> str:
    """Plot requirements of the demo's companies (create-only) and an allocation run; the same problem keeps the last run."""
    from veturi.plugplay.demo import load_demo_allocation

    return load_demo_allocation(progress)


def plan_roadmap(progress: Progress) -> str:
    """The demo roadmap from the best-ranked value networks, solved (again only if it changed); demo pilots and monitoring entries."""
    from veturi.roadmap.demo import load_roadmap_demo

    return load_roadmap_demo(progress)


def simulate_scenarios(progress: Progress) -> str:
    """The demo's scenarios over the roadmap (create-only), simulated; unchanged ones keep their last result. Needs the roadmap first."""
    from veturi.scenarios.demo import load_demo_scenarios

    return load_demo_scenarios(progress)


ANALYSES: list[tuple[str, Callable[[Progress], str]]] = [
    ("classify stream names", classify_stream_names),
    ("demo project office", load_demo_office),
    ("synergy rules", load_synergy_rules),
    ("synergy matching", match_synergies),
    ("value networks", compute_value_networks),
    ("locomotive ranking", rank_locomotives),
    ("plot allocation", allocate_plots),
    ("roadmap", plan_roadmap),
    # Keep last: the scenarios simulate the roadmap, which every analysis above feeds.
    ("scenarios", simulate_scenarios),
]


def run_all(progress: Progress | None = None) -> list[tuple[str, str]]:
    progress = progress or (lambda message: None)
    results = []
    for name, analysis in ANALYSES:
        progress(name)
        results.append((name, analysis(progress)))
    return results
