"""`veturi roadmap`: a roadmap's latest plan, or a new solve of it, as a table or JSON."""

from __future__ import annotations

import json
import threading
import time

FORMATS = ("table", "json")


def plan_as_dict(solve) -> dict:
    """A stored solve as plain data (the JSON of `veturi roadmap`)."""
    roadmap = solve.roadmap
    return {
        "roadmap": roadmap.name, "roadmap_id": roadmap.pk, "first_year": roadmap.first_year, "years": roadmap.years,
        "status": solve.status, "objective": solve.objective_name, "objective_value": solve.objective_value, "bound": solve.bound,
        "gap_percent": solve.gap_percent, "seconds": solve.seconds, "time_limit_s": solve.time_limit_s, "seed": solve.seed,
        "solved_at": solve.created_at.isoformat(), "stale": solve.is_stale, "conflicts": list(solve.conflicts),
        "critical_path": list(solve.critical_path), "yearly_usage": solve.yearly_usage,
        "activities": [
            {"name": p.activity.name, "kind": p.activity.kind, "start_month": p.start_month, "finish_month": p.finish_month,
             "start": roadmap.month_label(p.start_month), "finish": roadmap.month_label(p.finish_month), "critical": p.critical}
            for p in solve.planned.select_related("activity").order_by("start_month", "activity__name")
        ],
    }


def _solve_with_progress(roadmap, time_limit_s, seed, console):
    """Solve while a progress bar fills up to the time limit; the database is read and written in
    this thread, only the engine's solve runs in the worker."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from veturi.engine.scheduling import solve_roadmap
    from veturi.roadmap.adapters import roadmap_to_problem, store_result

    limit = float(time_limit_s if time_limit_s is not None else roadmap.time_limit_s)
    problem = roadmap_to_problem(roadmap)
    fingerprint = roadmap.fingerprint()
    outcome = {}

    def work():
        try:
            outcome["result"] = solve_roadmap(problem, time_limit_s=limit, seed=seed)
        except Exception as exc:  # handed back to the main thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    with Progress(TextColumn("[bold]Solving {task.description}"), BarColumn(), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task(roadmap.name, total=limit)
        began = time.perf_counter()
        worker.start()
        while worker.is_alive():
            worker.join(0.1)
            progress.update(task, completed=min(limit, time.perf_counter() - began))
        progress.update(task, completed=limit)
    if "error" in outcome:
        raise outcome["error"]
    return store_result(roadmap, problem, outcome["result"], time_limit_s=limit, seed=seed, fingerprint=fingerprint)


def roadmap_command(*, roadmap_id: int | None, solve: bool, time_limit_s: float | None, seed: int, fmt: str, console, err_console) -> int:
    from rich.table import Table

    from veturi.roadmap.adapters import RoadmapInputError
    from veturi.roadmap.models import Roadmap

    if fmt not in FORMATS:
        err_console.print(f"[bold red]Error:[/] --format {fmt!r} is not one of {', '.join(FORMATS)}", highlight=False)
        return 2
    if time_limit_s is not None and not time_limit_s > 0:
        err_console.print(f"[bold red]Error:[/] --time-limit must be a positive number of seconds, got {time_limit_s}", highlight=False)
        return 2
    roadmaps = Roadmap.objects.all()
    roadmap = roadmaps.filter(pk=roadmap_id).first() if roadmap_id is not None else roadmaps.order_by("-pk").first()
    if roadmap is None:
        known = ", ".join(f"{r.pk} ({r.name})" for r in roadmaps) or "none; run `veturi demo` or create one on the roadmap page"
        err_console.print(f"[bold red]Error:[/] no roadmap {roadmap_id if roadmap_id is not None else ''}; roadmaps: {known}", highlight=False)
        return 1
    if solve:
        try:
            stored = _solve_with_progress(roadmap, time_limit_s, seed, console if fmt == "table" else err_console)
        except RoadmapInputError as exc:
            err_console.print(f"[bold red]Error:[/] {exc}", highlight=False)
            return 1
    else:
        stored = roadmap.latest_solve()
        if stored is None:
            err_console.print(f"[bold red]Error:[/] roadmap {roadmap.pk} ({roadmap.name}) has not been solved yet: add --solve", highlight=False)
            return 1
    data = plan_as_dict(stored)
    if fmt == "json":
        console.print(json.dumps(data, ensure_ascii=False, indent=2), highlight=False, markup=False, soft_wrap=True)
        return 0 if stored.has_plan else 3
    gap = "–" if data["gap_percent"] is None else f"{data['gap_percent']:.2f} %"
    value = "–" if data["objective_value"] is None else f"{data['objective_value']:,.1f}"
    bound = "–" if data["bound"] is None else f"{data['bound']:,.1f}"
    console.print(f"[bold]{roadmap.name}[/] {roadmap.first_year}–{roadmap.last_year}: {stored.status}, objective {value} "
                  f"({stored.objective_name}), bound {bound}, gap {gap}, {stored.seconds:.2f} s"
                  f"{' [yellow](stale: the roadmap changed since)[/]' if data['stale'] else ''}", highlight=False)
    if stored.status == "infeasible":
        console.print("[bold red]No plan satisfies all of these constraints together:[/]")
        for conflict in data["conflicts"]:
            console.print(f"  • {conflict}", highlight=False)
        return 3
    table = Table(title="Plan", show_edge=False)
    for column, justify in [("activity", "left"), ("kind", "left"), ("start", "right"), ("finish", "right"), ("critical", "center")]:
        table.add_column(column, justify=justify)
    for row in data["activities"]:
        table.add_row(row["name"], row["kind"], row["start"], row["finish"], "●" if row["critical"] else "")
    console.print(table)
    return 0 if stored.has_plan else 3
