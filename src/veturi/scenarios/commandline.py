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
        used = [(kpi, stats) for kpi, stats in result.result["kpis"].items() if any(stats["p95"])]
        table = Table(title=f"{item.name}: median, and p5–p95 below, per year ({result.runs:,} runs, seed {result.seed}, "
                            f"{result.seconds:.2f} s)", show_edge=False, padding=(0, 1), pad_edge=False)
        table.add_column("year")
        for kpi, _ in used:
            table.add_column(SHORT_LABELS[kpi], justify="right")
        for y, year in enumerate(result.years):
            table.add_row(str(year), *[f"{compact(stats['p50'][y])}\n{compact(stats['p5'][y])}–{compact(stats['p95'][y])}"
                                       for _, stats in used])
        console.print(table)
        console.print("  ".join(f"{SHORT_LABELS[k]} = {KPI_LABELS[k]} ({KPI_UNITS[k]})" for k, _ in used), highlight=False)
        for note in result.notes:
            console.print(f"note: {note}", highlight=False)
    return 0


#: Column headings of the table, explained in the line under it.
SHORT_LABELS = {
    "jobs": "jobs", "investment_eur": "inv.€", "co2_avoided_t": "CO2", "virgin_material_saved_t": "virgin",
    "waste_diverted_landfill_t": "landf.", "waste_diverted_incineration_t": "incin.", "energy_recirculated_mwh": "MWh",
    "water_recirculated_m3": "m3", "land_use_ha": "ha", "synergies_realised": "syn.",
}


def compact(value: float) -> str:
    """A figure in at most five characters: 950, 12k, 1.3M, 2.1G.

    >>> compact(949.6), compact(12_345), compact(1_250_000), compact(-3)
    ('950', '12k', '1.2M', '-3')
    """
    magnitude = abs(value)
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            scaled = value / limit
            return f"{scaled:.1f}{suffix}" if abs(scaled) < 10 else f"{scaled:.0f}{suffix}"
    return f"{value:.0f}"
