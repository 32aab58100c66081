"""Charts and tables of stored simulation results, for the pages, the CLI and the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from veturi.engine.scenarios import KPI_UNITS, KPIS, fan_chart_svg

#: The KPIs' names in the user's language (the engine's KPI_LABELS are English).
KPI_TITLES = {
    "jobs": _("Jobs"),
    "investment_eur": _("Investment"),
    "co2_avoided_t": _("CO2 avoided"),
    "virgin_material_saved_t": _("Virgin material saved"),
    "waste_diverted_landfill_t": _("Waste diverted from landfill"),
    "waste_diverted_incineration_t": _("Waste diverted from incineration"),
    "energy_recirculated_mwh": _("Energy recirculated"),
    "water_recirculated_m3": _("Water recirculated"),
    "land_use_ha": _("Land use"),
    "synergies_realised": _("Realised synergies"),
}


def used_kpis(results) -> list[str]:
    """KPIs with a non-zero p95 in some year of some result, in display order."""
    return [k for k in KPIS if any(any((r.get("kpis", {}).get(k) or {}).get("p95", [0])) for r in results)]


def fan_charts(series: list[tuple[str, dict]], *, cumulative: bool = False) -> list[dict]:
    """One fan chart per used KPI: ``[{kpi, label, unit, svg}]``."""
    results = [r for _, r in series]
    charts = []
    for kpi in used_kpis(results):
        if cumulative and not any(kpi in (r.get("cumulative") or {}) for r in results):
            continue
        title = str(KPI_TITLES[kpi])
        charts.append({"kpi": kpi, "label": title, "unit": KPI_UNITS[kpi],
                       "svg": fan_chart_svg(series, kpi, title=title, unit=KPI_UNITS[kpi], cumulative=cumulative)})
    return charts


def yearly_rows(result: dict) -> list[dict]:
    """Per used KPI the median and p5–p95 of each year: ``[{kpi, label, unit, cells: [(p50, p5, p95)]}]``."""
    rows = []
    for kpi in used_kpis([result]):
        stats = result["kpis"][kpi]
        rows.append({"kpi": kpi, "label": KPI_TITLES[kpi], "unit": KPI_UNITS[kpi],
                     "cells": list(zip(stats["p50"], stats["p5"], stats["p95"]))})
    return rows


def comparison_rows(series: list[tuple[str, dict]]) -> list[dict]:
    """Per used KPI, each scenario's last-year median (p5–p95) and, for flows and spending,
    its cumulative median over the horizon: ``[{label, unit, cells: [(p50, p5, p95, cumulative p50 or None)]}]``."""
    results = [r for _, r in series]
    rows = []
    for kpi in used_kpis(results):
        cells = []
        for result in results:
            stats = (result.get("kpis") or {}).get(kpi)
            if not stats:
                cells.append(None)
                continue
            total = (result.get("cumulative") or {}).get(kpi)
            cells.append((stats["p50"][-1], stats["p5"][-1], stats["p95"][-1], total["p50"][-1] if total else None))
        rows.append({"label": KPI_TITLES[kpi], "unit": KPI_UNITS[kpi], "cells": cells})
    return rows
