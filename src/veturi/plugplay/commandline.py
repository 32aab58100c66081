"""`veturi allocate` and `veturi offer ORG`: thin wrappers over the adapter and the offer builder."""

from __future__ import annotations

import json
from pathlib import Path

ALLOCATE_FORMATS = ("table", "json")


def flows_min_score(min_score: float | None) -> tuple[float | None, str | None]:
    """The minimum score the run's flows need, and a note to print when it was chosen here.

    ``--min-score`` wins. Without it the run counts agreed exchanges; when the companies have
    none yet (as on the demo), it counts the live proposals scoring at least the demo's
    threshold, as the demo run (and so the page's defaults) do, rather than no flows at all.
    """
    if min_score is not None:
        return min_score, None
    from django.utils.translation import gettext as _

    from veturi.plugplay.adapters import flow_rows
    from veturi.plugplay.demo import DEMO_MIN_SCORE
    from veturi.plugplay.models import PlotRequirement

    organisations = list(PlotRequirement.objects.values_list("organisation_id", flat=True))
    if not organisations or flow_rows(organisations):
        return None, None
    return DEMO_MIN_SCORE, _(
        "No agreed exchange between the companies yet: the flows are the live proposals scoring at least %(score)s "
        "(as in the demo); --min-score sets another threshold."
    ) % {"score": f"{DEMO_MIN_SCORE:g}"}


def allocate_database(*, time_limit_s: float, seed: int, min_score: float | None, fmt: str, console, err_console) -> int:
    from rich.table import Table

    from veturi.plugplay.adapters import run_allocation

    if fmt not in ALLOCATE_FORMATS:
        err_console.print(f"[bold red]Error:[/] --format {fmt!r} is not one of {', '.join(ALLOCATE_FORMATS)}")
        return 2
    if time_limit_s <= 0:
        err_console.print("[bold red]Error:[/] --time-limit must be more than 0 seconds")
        return 2
    if min_score is not None and not 0 <= min_score <= 1:
        from django.utils.translation import gettext as _

        message = _("--min-score must be between 0 and 1, got %(score)s") % {"score": f"{min_score:g}"}
        err_console.print(f"[bold red]Error:[/] {message}", highlight=False, markup=True)
        return 2
    min_score, note = flows_min_score(min_score)
    try:
        run = run_allocation(time_limit_s=time_limit_s, seed=seed, min_score=min_score)
    except ValueError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        return 1
    placements = list(run.placements.select_related("plot").order_by("company_name"))
    if fmt == "json":
        console.print_json(json.dumps({
            "run": run.pk, "status": run.status, "method": run.method, "objective_eur_per_year": run.objective_eur_per_year,
            "bound_eur_per_year": run.bound_eur_per_year, "gap_percent": run.gap_percent, "seconds": run.seconds, "seed": run.seed,
            "conflicts": run.conflicts, "min_score": min_score, "flows": len(run.flows), "note": note,
            "placements": [{"company": p.company_name, "plot": p.plot.identifier, "transport_eur_per_year": p.transport_eur_per_year,
                            "fit_eur_per_year": p.fit_eur_per_year, "utilities_ready": p.utilities_ready, "utilities_to_build": p.utilities_to_build} for p in placements],
        }))
        return 0 if run.status != "infeasible" else 1
    objective = "-" if run.objective_eur_per_year is None else f"{run.objective_eur_per_year:,.0f} €/a"
    gap = "-" if run.gap_percent is None else f"{run.gap_percent:.2f} %"
    console.print(f"Allocation run #{run.pk}: {run.status} ({run.method}), cost {objective}, gap {gap}, {run.seconds:.2f} s", highlight=False)
    if note:
        console.print(note, highlight=False, markup=False)
    for conflict in run.conflicts:
        console.print(f"  conflict: {conflict}", highlight=False, markup=False)
    table = Table(show_edge=False)
    for column in ("company", "plot", "transport €/a", "plot and connections €/a", "to build"):
        table.add_column(column)
    for p in placements:
        table.add_row(p.company_name, p.plot.identifier, f"{p.transport_eur_per_year:,.0f}", f"{p.fit_eur_per_year:,.0f}", ", ".join(p.utilities_to_build))
    console.print(table)
    return 0 if run.status != "infeasible" else 1


def offer_file(organisation: str, *, out: Path | None, console, err_console) -> int:
    from veturi.organisations.models import Organisation
    from veturi.plugplay.documents import offer_pdf, offer_rows, offer_xlsx
    from veturi.plugplay.offers import build_offer

    matches = Organisation.objects.filter(pk=int(organisation)) if organisation.isdigit() else Organisation.objects.filter(name__iexact=organisation)
    if matches.count() != 1:
        err_console.print(f"[bold red]Error:[/] no single organisation named {organisation!r}; give its exact name or id", highlight=False)
        return 1
    if out is not None and out.suffix.lower() not in (".pdf", ".xlsx"):
        err_console.print(f"[bold red]Error:[/] --out must end in .pdf or .xlsx, got {out.name!r}", highlight=False)
        return 2
    try:
        offer = build_offer(matches.get())
    except ValueError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        return 1
    if out is not None:
        out.write_bytes(offer_pdf(offer) if out.suffix.lower() == ".pdf" else offer_xlsx(offer))
        console.print(f"[green]Wrote[/] {out}")
        return 0
    rows = offer_rows(offer)
    console.print(f"Offer for {offer.organisation.name}", highlight=False)
    for label, value in rows["value"]:
        console.print(f"  {label}: {value:,}", highlight=False)
    for row in rows["plots"]:
        console.print(f"  {row[0]}. {row[1]} ({row[2]}): {row[4] + row[5]:,} €/a — {row[8]}", highlight=False, markup=False)
    return 0
