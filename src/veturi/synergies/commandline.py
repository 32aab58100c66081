"""`veturi match`: a data package file without a database, or the stored data with the run saved."""

from __future__ import annotations

from pathlib import Path

FORMATS = ("table", "json", "csv")


def match_package_file(package: Path, *, top_k: int, fmt: str, out: Path | None, console, err_console) -> int:
    """Match a data package file (JSON or a folder of CSV files) with the engine alone; no database."""
    from veturi.engine.matching import KnowledgeBaseError, PackageError, format_result, match_package

    if fmt not in FORMATS:
        err_console.print(f"[bold red]Error:[/] --format {fmt!r} is not one of {', '.join(FORMATS)}")
        return 2
    try:
        result = match_package(package, top_k=top_k)
    except (PackageError, KnowledgeBaseError, OSError, ValueError) as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        return 1
    text = format_result(result, fmt, top_k=top_k)
    if out is not None:
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        console.print(f"[green]Wrote[/] {out} ({len(result.proposals)} proposals)")
    elif fmt == "table":
        console.print(text, highlight=False, markup=False, soft_wrap=True)
    else:
        # JSON and CSV go out as they are: rich would spend seconds on every line of a park's
        # 20 MB of JSON (and would read ":name:" in a stream's name as an emoji).
        console.file.write(text + "\n")
    return 0


def match_database(*, top_k: int, console, err_console, user=None) -> int:
    """Match the stored streams through the stored rules, save the run and print a summary table."""
    from rich.table import Table

    from veturi.synergies.adapters import run_matching
    from veturi.synergies.models import Proposal, SynergyRule
    from veturi.synergies.rules import load_package_rules

    if not SynergyRule.objects.exists():
        load_package_rules()
    from django.db import DatabaseError

    try:
        run, _ = run_matching(top_k=top_k, user=user, force=True)
    except ValueError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}")
        return 1
    except DatabaseError as exc:  # the server went away mid-run: the run was rolled back
        err_console.print(f"[bold red]Error:[/] the database failed during matching ({exc}); the previous proposals are kept. Run it again.")
        return 1
    summary = Table(title=f"Matching run #{run.pk}", show_edge=False)
    for column in ("streams", "rules", "proposals", "new", "stale", "attract", "chains", "seconds"):
        summary.add_column(column, justify="right")
    summary.add_row(*(str(v) for v in (
        run.streams, run.rules, run.proposals, run.new_proposals, run.stale_proposals, run.attract, run.chains, f"{run.seconds:.2f}"
    )))
    console.print(summary)
    best = Table(title="Best proposals", show_edge=False)
    for column in ("score", "output → input", "€/a", "t CO2/a"):
        numeric = column in ("score", "€/a", "t CO2/a")
        best.add_column(column, justify="right" if numeric else "left", no_wrap=True, min_width=9 if numeric else None, overflow="ellipsis")
    top = Proposal.objects.filter(stale=False, rank=1).select_related(
        "output__site__organisation", "input__site__organisation").order_by("-score", "pk")[:15]
    for p in top:
        best.add_row(
            f"{p.score:.2f}", _short(f"{p.output.site.organisation.name}: {p.output.name} → {p.input.site.organisation.name}: {p.input.name}"),
            "–" if p.value_eur_per_year is None else f"{p.value_eur_per_year:,.0f}",
            "–" if p.co2_t_per_year is None else f"{p.co2_t_per_year:,.1f}",
        )
    console.print(best)
    return 0


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
