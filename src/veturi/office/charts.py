"""Charts drawn on the server as SVG: no chart library in the browser, no CDN.

Each function returns markup safe to put in a template; every label is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# One colour per engagement stage, shared by the stakeholder map, the board and the PDF reports.
STAGE_COLOURS = {
    "identified": "#9aa5ad",
    "contacted": "#5b8def",
    "engaged": "#f4a261",
    "committed": "#2a9d8f",
    "contracted": "#1d6f5f",
    "operating": "#264653",
    "dropped": "#c0392b",
}


@dataclass(frozen=True)
class ScatterPoint:
    x: float
    y: float
    label: str
    colour: str
    href: str = ""


def bar_chart_svg(bars: list[tuple[str, float]], *, title: str, width: int = 520, bar_height: int = 22, colour: str = "#2a9d8f", colours: list[str] | None = None) -> SafeString:
    """A horizontal bar chart of (label, value) pairs; `colours` gives one colour per bar."""
    label_width, top = 170, 28
    height = top + bar_height * max(len(bars), 1) + 10
    largest = max((value for _, value in bars), default=0) or 1
    room = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title>',
        f'<text x="0" y="16" font-weight="600" font-size="14">{escape(title)}</text>',
    ]
    for row, (label, value) in enumerate(bars):
        y = top + row * bar_height
        length = room * value / largest
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{bar_height - 7}" fill="{escape(colours[row] if colours else colour)}"/>')
        parts.append(f'<text x="{label_width + length + 5:.1f}" y="{y + 15}" font-size="12">{value:g}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def scatter_svg(points: list[ScatterPoint], *, title: str, x_label: str, y_label: str, size: int = 520, low: int = 1, high: int = 5) -> SafeString:
    """A square scatter plot on a low–high grid (the stakeholder map: interest across, influence up).

    Points at the same spot are fanned out a little so every label stays readable.
    """
    margin = 48
    span = size - 2 * margin
    scale = span / (high - low + 1)

    def to_x(value: float) -> float:
        return margin + (value - low + 0.5) * scale

    def to_y(value: float) -> float:
        return size - margin - (value - low + 0.5) * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart scatter" role="img" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{margin}" y="{margin}" width="{span}" height="{span}" fill="#fff" stroke="#b7c3cc"/>',
        f'<line x1="{margin + span / 2}" y1="{margin}" x2="{margin + span / 2}" y2="{margin + span}" stroke="#dde3e7" stroke-dasharray="4 3"/>',
        f'<line x1="{margin}" y1="{margin + span / 2}" x2="{margin + span}" y2="{margin + span / 2}" stroke="#dde3e7" stroke-dasharray="4 3"/>',
    ]
    for tick in range(low, high + 1):
        parts.append(f'<text x="{to_x(tick):.1f}" y="{size - margin + 16}" text-anchor="middle" font-size="12">{tick}</text>')
        parts.append(f'<text x="{margin - 10}" y="{to_y(tick) + 4:.1f}" text-anchor="end" font-size="12">{tick}</text>')
    parts.append(f'<text x="{size / 2}" y="{size - 10}" text-anchor="middle" font-size="13">{escape(x_label)}</text>')
    parts.append(
        f'<text x="14" y="{size / 2}" text-anchor="middle" font-size="13" transform="rotate(-90 14 {size / 2})">{escape(y_label)}</text>'
    )
    seen: dict[tuple[float, float], int] = {}
    for point in points:
        slot = seen.get((point.x, point.y), 0)
        seen[(point.x, point.y)] = slot + 1
        # Fan out coincident points on a small spiral.
        offset_x = (slot % 4) * 9 - 13 if slot else 0
        offset_y = (slot // 4) * 9 - (9 if slot else 0)
        cx, cy = to_x(point.x) + offset_x, to_y(point.y) + offset_y
        circle = (
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" fill="{escape(point.colour)}" stroke="#fff">'
            f"<title>{escape(point.label)}</title></circle>"
        )
        parts.append(f'<a href="{escape(point.href)}">{circle}</a>' if point.href else circle)
    parts.append("</svg>")
    return mark_safe("".join(parts))
