"""The sensitivity chart as a self-contained SVG, rendered on the server (no JavaScript).

Top panel: for each criterion a 0..1 axis with the interval in which the weight can move
without changing the top candidate (bar) and the current weight (dot). Bottom panel: the
share of perturbed runs in which each candidate came first.
"""

from __future__ import annotations

from html import escape

from .types import Sensitivity

__all__ = ["sensitivity_svg"]

#: Longest label drawn beside a bar; longer ones are cut with an ellipsis (the full text is in
#: the tooltip) so that they stay inside the left margin.
MAX_LABEL = 27


def _label(text: str) -> str:
    short = text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"
    return f"<title>{escape(text)}</title>{escape(short)}"


def sensitivity_svg(result: Sensitivity, *, labels: dict[str, str] | None = None,
                    width: int = 640, max_candidates: int = 5) -> str:
    """Render a :class:`Sensitivity` as an SVG document (text).

    Examples
    --------
    >>> from veturi.engine.ranking.types import WeightRange
    >>> s = Sensitivity("topsis", (WeightRange("jobs", 0.3, 0.1, 0.6, "a", "b", "c"),),
    ...                 {"a": 0.8, "b": 0.2}, {}, 10, 50.0, 0)
    >>> svg = sensitivity_svg(s)
    >>> svg.startswith("<svg") and "jobs" in svg and "80%" in svg
    True
    """
    if width < 200:
        raise ValueError(f"width must be at least 200 pixels, got {width}")
    labels = labels or {}
    left, right, row = 200, 20, 26
    axis = width - left - right
    shares = list(result.top1_share.items())[:max_candidates]
    height = 40 + row * len(result.ranges) + 50 + row * len(shares) + 10
    x = lambda value: left + axis * value  # noqa: E731
    top = result.ranges[0].top if result.ranges else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">',
        f"<title>Sensitivity of the {escape(result.method)} ranking to the weights</title>",
        f'<text x="{left}" y="16" font-weight="bold">Weight range keeping the top candidate'
        f' ({_label(labels.get(top, top))})</text>',
    ]
    y = 30
    for item in result.ranges:
        name = escape(labels.get(item.criterion, item.criterion))
        parts.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">'
                     f'{_label(labels.get(item.criterion, item.criterion))}</text>')
        parts.append(f'<line x1="{x(0):.1f}" y1="{y + 9}" x2="{x(1):.1f}" y2="{y + 9}" '
                     'stroke="#bbb"/>')
        parts.append(
            f'<rect x="{x(item.lower):.1f}" y="{y + 3}" '
            f'width="{max(axis * (item.upper - item.lower), 1):.1f}" '
            f'height="12" fill="#4c9a6a"><title>{name}: {item.lower:.3f} to {item.upper:.3f}'
            f'</title></rect>'
        )
        parts.append(f'<circle cx="{x(item.weight):.1f}" cy="{y + 9}" r="4" fill="#1d3b2a">'
                     f'<title>current weight {item.weight:.3f}</title></circle>')
        y += row
    parts.append(f'<text x="{x(0):.1f}" y="{y + 10}" text-anchor="middle">0</text>')
    parts.append(f'<text x="{x(1):.1f}" y="{y + 10}" text-anchor="middle">1</text>')
    y += 36
    parts.append(f'<text x="{left}" y="{y}" font-weight="bold">Share of {result.runs} perturbed '
                 'runs in first place</text>')
    y += 8
    for organisation, share in shares:
        parts.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">'
                     f'{_label(labels.get(organisation, organisation))}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{max(axis * share, 1):.1f}" '
                     f'height="12" fill="#3b6ea5"/>')
        parts.append(f'<text x="{left + axis * share + 4:.1f}" y="{y + 13}">{share:.0%}</text>')
        y += row
    parts.append("</svg>")
    return "\n".join(parts)
