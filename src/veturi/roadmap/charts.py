"""Server-rendered SVG charts of the roadmap pages (no JavaScript, no inline style: CSP-safe).

* :func:`gantt_svg` - the plan as bars over the years, the critical path drawn in red;
* :func:`plan_actual_svg` - plan against realised figures per year, as paired bars.
"""

from __future__ import annotations

from html import escape

#: Bar colour per activity kind.
KIND_COLOURS = {
    "locomotive_settles": "#1d3b2a",
    "followers_settle": "#4c9a6a",
    "exchange_starts": "#8cc7a1",
    "infrastructure": "#5b7fa6",
    "other": "#999999",
}
CRITICAL_COLOUR = "#c0392b"
MAX_LABEL = 44


def _short(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def gantt_svg(rows, *, first_year: int, years: int, width: int = 980, kind_labels: dict | None = None,
              critical_label: str = "critical path") -> str:
    """A Gantt chart.

    ``rows``: dicts with ``name``, ``kind``, ``start`` and ``finish`` (months from January of
    ``first_year``) and ``critical`` (bool), in the order to draw them.

    Examples
    --------
    >>> svg = gantt_svg([{"name": "Heat", "kind": "infrastructure", "start": 0, "finish": 18, "critical": True}],
    ...                 first_year=2026, years=3)
    >>> svg.startswith("<svg") and "2028" in svg and 'class="bar critical"' in svg
    True
    """
    kind_labels = kind_labels or {}
    left, right, top, row_height = 330, 16, 34, 22
    months = 12 * years
    axis = width - left - right
    height = top + row_height * max(len(rows), 1) + 48
    x = lambda month: left + axis * month / months  # noqa: E731
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="gantt-title" class="gantt" font-family="sans-serif" font-size="12">',
        f'<title id="gantt-title">Roadmap {first_year}–{first_year + years - 1}</title>',
    ]
    # Year grid and labels.
    for year in range(years + 1):
        gx = x(12 * year)
        parts.append(f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{height - 40}" stroke="#ddd"/>')
        if year < years:
            parts.append(f'<text x="{gx + axis / years / 2:.1f}" y="{top - 12}" text-anchor="middle">{first_year + year}</text>')
    y = top
    for row in rows:
        name = escape(str(row["name"]))
        kind = row.get("kind", "other")
        critical = bool(row.get("critical"))
        start, finish = row["start"], row["finish"]
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end"><title>{name}</title>{escape(_short(str(row["name"])))}</text>')
        bar_width = max(axis * (finish - start) / months, 2)
        tooltip = (f"{name}: {escape(str(row.get('start_label', start)))} – {escape(str(row.get('finish_label', finish)))}"
                   f" ({finish - start} months){' · ' + escape(critical_label) if critical else ''}")
        stroke = f' stroke="{CRITICAL_COLOUR}" stroke-width="3"' if critical else ""
        css = "bar critical" if critical else "bar"
        parts.append(
            f'<rect class="{css}" data-activity="{name}" x="{x(start):.1f}" y="{y + 4}" width="{bar_width:.1f}" height="{row_height - 8}" '
            f'rx="2" fill="{KIND_COLOURS.get(kind, KIND_COLOURS["other"])}"{stroke}><title>{tooltip}</title></rect>'
        )
        y += row_height
    # Legend.
    lx, ly = left, height - 22
    for kind, colour in KIND_COLOURS.items():
        label = escape(str(kind_labels.get(kind, kind)))
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly}">{label}</text>')
        lx += 24 + 7 * len(label)
    parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="none" stroke="{CRITICAL_COLOUR}" stroke-width="3"/>')
    parts.append(f'<text x="{lx + 16}" y="{ly}">{escape(critical_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def plan_actual_svg(series, *, title: str, unit: str, plan_label: str = "plan", actual_label: str = "actual",
                    width: int = 640) -> str:
    """Paired bars per period: ``series`` is a list of ``(label, plan, actual)``; ``None`` draws nothing.

    Examples
    --------
    >>> svg = plan_actual_svg([("2025", 10.0, 7.0), ("2026", 12.0, None)], title="CO2", unit="t")
    >>> svg.count('class="plan"'), svg.count('class="actual"')
    (2, 1)
    """
    left, right, top, bottom = 70, 16, 30, 44
    height = 240
    plot_height = height - top - bottom
    peak = max([v for _, p, a in series for v in (p, a) if v is not None] + [0.0]) or 1.0
    slot = (width - left - right) / max(len(series), 1)
    bar = max(min(slot / 3, 40), 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'class="plan-actual" font-family="sans-serif" font-size="12"><title>{escape(title)}</title>',
        f'<text x="{left}" y="16" font-weight="bold">{escape(title)} ({escape(unit)})</text>',
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - right}" y2="{top + plot_height}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak:,.0f}</text>',
        f'<text x="{left - 6}" y="{top + plot_height}" text-anchor="end">0</text>',
    ]
    for i, (label, plan, actual) in enumerate(series):
        x0 = left + slot * i + slot / 2 - bar
        for offset, value, css, colour, word in ((0, plan, "plan", "#bbbbbb", plan_label), (bar, actual, "actual", "#4c9a6a", actual_label)):
            if value is None:
                continue
            h = plot_height * max(value, 0) / peak
            parts.append(f'<rect class="{css}" x="{x0 + offset:.1f}" y="{top + plot_height - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"><title>{escape(str(label))} {escape(word)}: {value:,.1f} {escape(unit)}</title></rect>')
        parts.append(f'<text x="{left + slot * i + slot / 2:.1f}" y="{top + plot_height + 16}" text-anchor="middle">{escape(str(label))}</text>')
    ly = height - 10
    parts.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="#bbbbbb"/><text x="{left + 16}" y="{ly}">{escape(plan_label)}</text>')
    parts.append(f'<rect x="{left + 90}" y="{ly - 10}" width="12" height="12" fill="#4c9a6a"/><text x="{left + 106}" y="{ly}">{escape(actual_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
