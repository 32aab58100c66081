"""`veturi scenario`: simulate stored scenarios with progress bars and print their yearly KPIs."""

from __future__ import annotations

import json

from veturi.engine.scenarios import KPI_LABELS, KPI_UNITS, MAX_RUNS

FORMATS = ("table", "json")


def _fail(err_console, message: str) -> int:
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False)
    return 2


def scenario(name: str | None, *, runs: int | None, seed: int | None, fmt: str, console, err_console) -> int:
    """Simulate the scenario called ``name`` (every scenario when ``None``), store each result and print it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from veturi.scenarios.adapters import ScenarioInputError, simulate_and_store
    from veturi.scenarios.models import Scenario

    if fmt not in FORMATS:
        return _fail(err_console, f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    if runs is not None and not 1 <= runs <= MAX_RUNS:
        return _fail(err_console, f"--runs must be from 1 to {MAX_RUNS}, got {runs}")
    if seed is not None and seed < 0:
        return _fail(err_console, f"--seed must be 0 or more, got {seed}")
    if name is None:
        scenarios = list(Scenario.objects.all())
        if not scenarios:
            return _fail(err_console, "there is no scenario yet: add one on the Scenarios page or run `veturi demo`")
    else:
        scenarios = list(Scenario.objects.filter(name=name))
        if not scenarios:
            known = ", ".join(Scenario.objects.values_list("name", flat=True)) or "none"
            return _fail(err_console, f"no scenario called {name!r}; the scenarios are: {known}")
    stored = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=fmt == "json") as progress:
        for item in scenarios:
            task = progress.add_task(item.name, total=runs or item.runs)
            try:
                result, _ = simulate_and_store(item, runs=runs, seed=seed,
                                               progress=lambda done, total, task=task: progress.update(task, completed=done, total=total))
            except ScenarioInputError as exc:
                progress.stop()
                err_console.print(f"[bold red]Error:[/] scenario {item.name!r}: {exc}", highlight=False)
                return 1
            stored.append((item, result))
    if fmt == "json":
        payload = [{"name": item.name, "runs": r.runs, "seed": r.seed, "seconds": r.seconds, "years": r.years,
                    "kpis": r.result["kpis"], "cumulative": r.result["cumulative"], "notes": r.notes} for item, r in stored]
        console.print(json.dumps(payload, ensure_ascii=False, indent=2), highlight=False, markup=False, soft_wrap=True)
        return 0
    for item, result in stored:
        table = Table(title=f"{item.name}: median (p5–p95), {result.runs:,} runs, seed {result.seed}, {result.seconds:.2f} s",
                      show_edge=False)
        table.add_column("KPI")
        for year in result.years:
            table.add_column(str(year), justify="right")
        for kpi, stats in result.result["kpis"].items():
            if not any(stats["p95"]):
                continue
            table.add_row(f"{KPI_LABELS[kpi]} ({KPI_UNITS[kpi]})",
                          *[f"{p50:,.0f}\n{p5:,.0f}–{p95:,.0f}" for p50, p5, p95 in zip(stats["p50"], stats["p5"], stats["p95"])])
        console.print(table)
        for note in result.notes:
            console.print(f"note: {note}", highlight=False)
    return 0
