"""`veturi networks` and `veturi locomotives`: the stored value networks and a locomotive ranking."""

from __future__ import annotations

import json

FORMATS = ("table", "json")
METHODS = {"topsis": "topsis", "promethee": "promethee_ii", "promethee_ii": "promethee_ii"}


def network_rows() -> list[dict]:
    """The current value networks as plain objects (the JSON of `veturi networks`)."""
    from veturi.valuenets.models import ValueNetwork
    from veturi.valuenets.presentation import organisation_names

    networks = list(ValueNetwork.objects.filter(current=True))
    names = organisation_names({pk for n in networks for pk in n.members})
    return [{
        "name": n.name, "method": n.method, "members": [names.get(pk, str(pk)) for pk in n.members], "exchanges": n.exchange_count,
        "locomotive": [names.get(pk, str(pk)) for pk in n.locomotives], "value_eur_per_year": n.value_eur_per_year,
        "co2_t_per_year": n.co2_t_per_year, "jobs": n.jobs, "maturity": n.maturity,
    } for n in networks]


def _check_format(fmt: str, err_console) -> bool:
    if fmt not in FORMATS:
        err_console.print(f"[bold red]Error:[/] --format {fmt!r} is not one of {', '.join(FORMATS)}", highlight=False)
        return False
    return True


def networks(*, fmt: str, console, err_console) -> int:
    """Compute the value networks if needed (unchanged data reuse the last run) and print them."""
    from rich.table import Table

    from veturi.valuenets.adapters import run_networks

    if not _check_format(fmt, err_console):
        return 2
    run_networks()
    rows = network_rows()
    if fmt == "json":
        console.print(json.dumps(rows, ensure_ascii=False, indent=2), highlight=False, markup=False, soft_wrap=True)
        return 0
    table = Table(title="Value networks", show_edge=False)
    for column, justify in [("network", "left"), ("members", "right"), ("exchanges", "right"), ("locomotive", "left"),
                            ("value €/a", "right"), ("CO2 t/a", "right"), ("proposed/validated/realised", "right")]:
        table.add_column(column, justify=justify)
    for row in rows:
        maturity = row["maturity"]
        table.add_row(row["name"], str(len(row["members"])), str(row["exchanges"]), ", ".join(row["locomotive"]),
                      f"{row['value_eur_per_year']:,.0f}", f"{row['co2_t_per_year']:,.0f}",
                      f"{maturity.get('proposed', 0)}/{maturity.get('validated', 0)}/{maturity.get('realised', 0)}")
    console.print(table)
    return 0


def locomotives(*, fmt: str, method: str, console, err_console) -> int:
    """Rank the locomotive candidates with the office's default weights and print the ranking."""
    from rich.table import Table

    from veturi.valuenets.adapters import run_ranking

    if not _check_format(fmt, err_console):
        return 2
    if method not in METHODS:
        err_console.print(f"[bold red]Error:[/] --method {method!r} is not one of topsis, promethee", highlight=False)
        return 2
    try:
        run, _ = run_ranking(method=METHODS[method])
    except ValueError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        return 1
    rows = [{"rank": c["rank"], "organisation": c["name"], "score": c["score"], "criteria": c["criteria"]} for c in run.candidates]
    if fmt == "json":
        console.print(json.dumps(rows, ensure_ascii=False, indent=2), highlight=False, markup=False, soft_wrap=True)
        return 0
    table = Table(title=f"Locomotive candidates ({run.get_method_display()})", show_edge=False)
    table.add_column("rank", justify="right")
    table.add_column("organisation")
    table.add_column("score", justify="right")
    ids = [c["id"] for c in run.criteria][:5]
    for criterion in ids:
        table.add_column(criterion, justify="right")
    for row in rows:
        table.add_row(str(row["rank"]), row["organisation"], f"{row['score']:.3f}", *[f"{row['criteria'].get(c, 0):,.2f}" for c in ids])
    console.print(table)
    return 0
