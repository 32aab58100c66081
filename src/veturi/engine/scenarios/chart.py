"""Fan charts of simulated KPIs as self-contained SVG, rendered on the server (no JavaScript).

One chart per KPI; each scenario is drawn in its own colour: a light band from p5 to p95, a
darker band from p25 to p75 and the median as a line, over the years.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

__all__ = ["fan_chart_svg", "COLOURS"]

#: Scenario colours in order (colour-blind safe, Okabe-Ito).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def _format(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"{value / 1e6:.1f} M"
    if magnitude >= 1e4:
        return f"{value / 1e3:.0f} k"
    if magnitude >= 100 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.1f}"


def fan_chart_svg(
    series: Sequence[tuple[str, Mapping[str, Any]]],
    kpi: str,
    *,
    title: str = "",
    unit: str = "",
    cumulative: bool = False,
    width: int = 640,
    height: int = 260,
) -> str:
    """Draw one KPI of one or more simulated scenarios as a fan chart.

    Parameters
    ----------
    series : sequence of (label, result)
        ``result`` is a :meth:`ScenarioResult.as_dict` (as stored), with ``years`` and
        ``kpis[kpi]`` (or ``cumulative[kpi]``) holding p5, p25, p50, p75 and p95 per year.
    kpi : str
    cumulative : bool
        Draw the cumulative figures instead of the yearly ones.

    Examples
    --------
    >>> result = {"years": [1, 2], "kpis": {"jobs": {"p5": [0, 1], "p25": [0, 2],
    ...           "p50": [1, 3], "p75": [2, 4], "p95": [3, 5]}}}
    >>> svg = fan_chart_svg([("base", result)], "jobs", title="Jobs")
    >>> svg.startswith("<svg") and "base" in svg and "<polygon" in svg
    True
    """
    if width < 200 or height < 120:
        raise ValueError(f"the chart needs at least 200 x 120 pixels, got {width} x {height}")
    if not series:
        raise ValueError("series must name at least one scenario")
    section = "cumulative" if cumulative else "kpis"
    usable = []
    for label, result in series:
        stats = (result.get(section) or {}).get(kpi)
        if stats:
            usable.append((label, list(result["years"]), stats))
    left, right, top, bottom = 64, 16, 28, 46 + 16 * ((len(usable) + 2) // 3)
    total_height = height + 16 * ((len(usable) + 2) // 3)
    plot_w, plot_h = width - left - right, height - top - 46
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total_height}" '
        f'viewBox="0 0 {width} {total_height}" role="img" font-family="sans-serif" '
        f'font-size="11">',
        f"<title>{escape(title or kpi)}</title>",
        f'<text x="{left}" y="16" font-weight="bold">{escape(title or kpi)}'
        f'{" (" + escape(unit) + ")" if unit else ""}</text>',
    ]
    if not usable:
        parts.append(f'<text x="{left}" y="{top + 20}">no simulated values</text></svg>')
        return "".join(parts)
    years = usable[0][1]
    peak = max(max(stats["p95"]) for _, _, stats in usable)
    floor = min(0.0, min(min(stats["p5"]) for _, _, stats in usable))
    ceiling = _nice_max(peak)
    span = ceiling - floor or 1.0
    count = max(1, len(years) - 1)
    x = lambda i: left + plot_w * i / count  # noqa: E731
    y = lambda v: top + plot_h * (1 - (v - floor) / span)  # noqa: E731
    for tick in range(5):
        value = floor + span * tick / 4
        parts.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + plot_w}" '
                     f'y2="{y(value):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
                     f'{_format(value)}</text>')
    step = max(1, math.ceil(len(years) / 12))
    for i, year in enumerate(years):
        if i % step == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                         f'{escape(str(year))}</text>')

    def band(low: Sequence[float], high: Sequence[float], colour: str, opacity: float) -> str:
        points = [f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(high)]
        points += [f"{x(i):.1f},{y(v):.1f}" for i, v in reversed(list(enumerate(low)))]
        return (f'<polygon points="{" ".join(points)}" fill="{colour}" '
                f'fill-opacity="{opacity}" stroke="none"/>')

    for number, (label, _, stats) in enumerate(usable):
        colour = COLOURS[number % len(COLOURS)]
        parts.append(f'<g><title>{escape(label)}</title>')
        parts.append(band(stats["p5"], stats["p95"], colour, 0.15))
        parts.append(band(stats["p25"], stats["p75"], colour, 0.3))
        median = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(stats["p50"]))
        parts.append(f'<polyline points="{median}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"/>')
        for i, v in enumerate(stats["p50"]):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}">'
                         f'<title>{escape(label)} {escape(str(years[i]))}: median '
                         f'{_format(v)}, p5–p95 {_format(stats["p5"][i])}–'
                         f'{_format(stats["p95"][i])}</title></circle>')
        parts.append("</g>")
        lx = left + (number % 3) * (plot_w / 3)
        ly = top + plot_h + 34 + 16 * (number // 3)
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 9}" width="12" height="10" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{lx + 16:.1f}" y="{ly}">{escape(label[:40])}</text>')
    parts.append(f'<text x="{left + plot_w}" y="{top - 8}" text-anchor="end" fill="#555">'
                 f'median, p25–p75, p5–p95</text>')
    parts.append("</svg>")
    del bottom
    return "".join(parts)
