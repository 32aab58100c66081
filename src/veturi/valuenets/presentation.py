"""What the pages show of a value network: the graph drawn as SVG, laid out server-side.

The layout is networkx's Kamada-Kawai (spring layout beyond 80 members), so the page needs no
graph library from a CDN; ``static/veturi/valuenets/graph.js`` adds hover and click.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

import networkx as nx
from django.urls import reverse

from veturi.organisations.models import Organisation

PALETTE = ["#3b6ea5", "#c2571a", "#4c9a6a", "#8e44ad", "#b8860b", "#2c8c99", "#a23b72", "#5d6d7e", "#d35400", "#27ae60"]
ROLE_FILL = {"locomotive": "#1d3b2a", "member": "#9fb8a8"}
ROLE_PALETTE = ["#e0a458", "#6c8ebf", "#b85450", "#82b366", "#9673a6", "#d6b656", "#56a0a8", "#c27ba0"]


def role_colours(network) -> dict[str, str]:
    roles = sorted(set((network.evidence or {}).get("roles_by_member", {}).values()))
    return {**{role: ROLE_PALETTE[i % len(ROLE_PALETTE)] for i, role in enumerate(roles)}, **ROLE_FILL}


def short_label(name: str) -> str:
    """The name as a node label: without the demo's "Demo:" and "(illustrative)" marks, at most 24 characters."""
    name = name.removeprefix("Demo: ").removesuffix(" (illustrative)")
    return name if len(name) <= 24 else name[:23] + "…"
STATUS_DASH = {"proposed": "4 3", "validated": "", "realised": ""}
#: Pixels between parallel edges of the same two members.
EDGE_GAP = 7.0


def layout(members: list[int], edges: list[list]) -> dict[int, tuple[float, float]]:
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_edges_from((u, v) for u, v, *_ in edges if u in graph and v in graph)
    if len(members) == 1:
        return {members[0]: (0.5, 0.5)}
    positions = nx.kamada_kawai_layout(graph) if len(members) <= 80 and nx.is_connected(graph) else nx.spring_layout(graph, seed=0)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {node: ((x - min(xs)) / span_x, (y - min(ys)) / span_y) for node, (x, y) in positions.items()}


def family_colours(edges) -> dict[str, str]:
    families = sorted({edge[3] or "other" for edge in edges})
    return {family: PALETTE[i % len(PALETTE)] for i, family in enumerate(families)}


def network_svg(network, *, width: int = 760, height: int = 520, links: bool = True) -> str:
    """The network as an SVG: nodes by role (locomotive, template role, member), edges by flow kind.

    Each edge links to its proposal (the first when several exchanges join the same pair);
    each node carries ``data-href`` to the organisation page for the JS to follow on click.
    """
    members = list(network.members)
    names = dict(Organisation.objects.filter(pk__in=members).values_list("pk", "name"))
    positions = layout(members, network.edges)
    roles = (network.evidence or {}).get("roles_by_member", {})
    colours = family_colours(network.edges)
    margin_x, margin_y = 90, 40
    point = lambda node: (margin_x + positions[node][0] * (width - 2 * margin_x), margin_y + positions[node][1] * (height - 2 * margin_y))  # noqa: E731
    fills = role_colours(network)
    pairs: dict[tuple, list] = defaultdict(list)
    for supplier, receiver, proposal, family, status in network.edges:
        pairs[(supplier, receiver, family or "other")].append((proposal, status))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="network-graph" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(network.name)}" font-family="sans-serif" font-size="11">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
             '<path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>', '<g class="edges">']
    # Edges between the same two members (both directions, several flow kinds) are drawn side
    # by side, each EDGE_GAP apart, so that every arrow can be seen and clicked.
    between: dict[tuple, list] = defaultdict(list)
    for key in sorted(pairs):
        between[tuple(sorted(key[:2], key=str))].append(key)
    offsets = {key: (index - (len(keys) - 1) / 2) * EDGE_GAP for keys in between.values() for index, key in enumerate(keys)}
    for (supplier, receiver, family), exchanges in sorted(pairs.items()):
        if supplier not in positions or receiver not in positions:
            continue
        (x1, y1), (x2, y2) = point(supplier), point(receiver)
        first, second = sorted((supplier, receiver), key=str)
        (ax, ay), (bx, by) = point(first), point(second)
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5 or 1.0
        shift = offsets[(supplier, receiver, family)]
        dx, dy = -(by - ay) / length * shift, (bx - ax) / length * shift
        x1, y1, x2, y2 = x1 + dx, y1 + dy, x2 + dx, y2 + dy
        status = max((s for _, s in exchanges), key=["proposed", "validated", "realised"].index)
        dash = f' stroke-dasharray="{STATUS_DASH[status]}"' if STATUS_DASH.get(status) else ""
        title = f"{names.get(supplier, supplier)} → {names.get(receiver, receiver)}: {family}, {len(exchanges)} × {status}"
        line = (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colours[family]}" stroke-width="2"{dash} '
                f'marker-end="url(#arrow)" data-from="{supplier}" data-to="{receiver}"><title>{escape(title)}</title></line>')
        if links:
            href = reverse("synergy-proposal", args=[exchanges[0][0]])
            line = f'<a href="{href}" class="edge">{line}</a>'
        parts.append(line)
    parts.append('</g><g class="nodes">')
    for node in members:
        x, y = point(node)
        role = "locomotive" if node in network.locomotives else roles.get(str(node), "member")
        fill = fills.get(role, ROLE_FILL["member"])
        name = names.get(node, str(node))
        href = reverse("organisation-detail", args=[node])
        parts.append(
            f'<g class="node" tabindex="0" role="link" data-node="{node}" data-href="{href}" data-role="{escape(role)}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{11 if role == "locomotive" else 8}" fill="{fill}" stroke="#fff" stroke-width="1.5">'
            f'<title>{escape(name)} ({escape(role.replace("_", " "))})</title></circle>'
            f'<text x="{x:.1f}" y="{y - 13:.1f}" text-anchor="middle">{escape(short_label(name))}</text></g>'
        )
    parts.append("</g></svg>")
    return "\n".join(parts)


def legend(network) -> dict:
    roles = [(role, colour) for role, colour in role_colours(network).items() if role not in ROLE_FILL]
    return {"families": sorted(family_colours(network.edges).items()), "roles": roles,
            "locomotive": ROLE_FILL["locomotive"], "member": ROLE_FILL["member"]}


def organisation_names(pks) -> dict[int, str]:
    return dict(Organisation.objects.filter(pk__in=list(pks)).values_list("pk", "name"))
