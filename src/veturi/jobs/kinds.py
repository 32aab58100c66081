"""The job kinds: adapter calls behind the pages' launch buttons, with progress and a result link.

This is adapter-layer code: it reads rows, calls the apps' adapters (which call the engine and store
the result in one transaction) and says where the result is. Each function is
``run(parameters, progress, *, user) -> Outcome``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from veturi.jobs.registry import JobInputError, Outcome, register


def _object(model, parameters: dict, key: str):
    pk = parameters.get(key)
    if not isinstance(pk, int):
        raise JobInputError(f"parameter {key!r} must be the id of a {model._meta.verbose_name}, got {pk!r}")
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist:
        raise JobInputError(f"{model._meta.verbose_name} {pk} no longer exists") from None


@register("matching", _("Matching"))
def run_matching_job(parameters, progress, *, user=None) -> Outcome:
    from veturi.synergies.adapters import run_matching

    top_k = parameters.get("top_k", 10)
    progress(0.1, "Matching every stored stream through the active rules")
    run, _reused = run_matching(top_k=top_k, user=user, force=True)
    progress(1.0, f"{run.proposals} proposals stored")
    return Outcome({"run": run.pk, "proposals": run.proposals, "new_proposals": run.new_proposals,
                    "streams": run.streams, "seconds": run.seconds}, reverse("synergy-runs"))


@register("value_networks", _("Value networks"))
def run_networks_job(parameters, progress, *, user=None) -> Outcome:
    from veturi.valuenets.adapters import run_networks

    progress(0.1, "Finding value networks in the synergy graph")
    run, reused = run_networks(user=user)
    progress(1.0, f"{run.networks} value networks")
    return Outcome({"run": run.pk, "networks": run.networks, "modularity": run.modularity, "reused": reused}, reverse("valuenet-list"))


@register("allocation", _("Plot allocation"))
def run_allocation_job(parameters, progress, *, user=None) -> Outcome:
    from veturi.plugplay.adapters import run_allocation

    time_limit_s = float(parameters.get("time_limit_s", 5.0))
    progress(0.1, f"Placing companies on plots (time limit {time_limit_s:g} s)")
    run = run_allocation(time_limit_s=time_limit_s, seed=int(parameters.get("seed", 0)), min_score=parameters.get("min_score"), user=user)
    progress(1.0, f"Allocation {run.status}")
    return Outcome({"run": run.pk, "status": run.status, "objective_eur_per_year": run.objective_eur_per_year,
                    "gap_percent": run.gap_percent, "seconds": run.seconds}, f"{reverse('allocation')}?run={run.pk}")


@register("roadmap_solve", _("Roadmap solve"))
def run_roadmap_job(parameters, progress, *, user=None) -> Outcome:
    from veturi.roadmap.adapters import solve_and_store
    from veturi.roadmap.models import Roadmap

    roadmap = _object(Roadmap, parameters, "roadmap")
    limit = parameters.get("time_limit_s")
    progress(0.1, f"Solving {roadmap.name} (time limit {float(limit if limit is not None else roadmap.time_limit_s):g} s)")
    solve = solve_and_store(roadmap, time_limit_s=limit, seed=int(parameters.get("seed", 0)), user=user)
    notes = {
        "infeasible": "No plan satisfies every constraint; the conflicting ones are listed on the roadmap page.",
        "unknown": "No plan was found within the time limit; raise the limit or relax the constraints.",
    }
    progress(1.0, notes.get(solve.status, f"Roadmap solved: {solve.status}"))
    return Outcome({"roadmap": roadmap.pk, "solve": solve.pk, "status": solve.status, "objective_value": solve.objective_value,
                    "gap_percent": solve.gap_percent, "seconds": solve.seconds}, reverse("roadmap-detail", args=[roadmap.pk]))


@register("scenario_simulate", _("Scenario simulation"))
def run_scenario_job(parameters, progress, *, user=None) -> Outcome:
    from veturi.scenarios.adapters import simulate_and_store
    from veturi.scenarios.models import Scenario

    scenario = _object(Scenario, parameters, "scenario")

    def runs_done(done: int, total: int) -> None:
        progress(0.95 * done / max(total, 1), f"{done:,} of {total:,} runs simulated")

    result, _reused = simulate_and_store(scenario, user=user, progress=runs_done)
    progress(1.0, f"{result.runs:,} runs simulated")
    return Outcome({"scenario": scenario.pk, "result": result.pk, "runs": result.runs, "seed": result.seed, "seconds": result.seconds},
                   reverse("scenario-detail", args=[scenario.pk]))
