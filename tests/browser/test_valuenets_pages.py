"""Value-network pages in headless Chromium: the interactive network graph and the locomotive
ranking with its weight controls and sensitivity chart, under the CSP."""

import re

import pytest
from playwright.sync_api import expect
from signing_in import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The on-screen midpoint of an SVG line.
MIDPOINT = """line => {
  const m = line.getScreenCTM(), p = line.ownerSVGElement.createSVGPoint();
  p.x = (line.x1.baseVal.value + line.x2.baseVal.value) / 2;
  p.y = (line.y1.baseVal.value + line.y2.baseVal.value) / 2;
  const q = p.matrixTransform(m);
  return [q.x, q.y];
}"""


def heat_and_ash_network(park):
    """A template network: Alpha's ash (proposed) and Beta's heat (validated) exchanges, a city
    filling a role, so that nodes differ by role and edges by flow kind and status."""
    from veturi.streams.models import ResourceStream
    from veturi.synergies.models import Proposal
    from veturi.synergies.tests.factories import synergy_objects
    from veturi.valuenets.tests.factories import make_network

    objects = synergy_objects(park)
    ash = objects["proposal"]
    alpha, beta, city = park["alpha"], park["beta"], park["city"]
    heat_demand = ResourceStream.objects.create(
        site=ash.output.site, direction="input", kind="energy", name="Alpha process heat demand", quantity=20000, unit="MWh/a",
    )
    heat = Proposal.objects.create(
        output=park["streams"]["beta_partners"], input=heat_demand, rule_code="waste_heat.process_heat", run=objects["run"],
        rank=1, rank_for_input=1, score=0.6, confidence=0.8, technical_fit=0.7, status="validated",
        quantity_exchanged=20000, quantity_unit="MWh/a", value_eur_per_year=120000, co2_t_per_year=3000,
    )
    network = make_network(
        park, ash, key="template:heat_ash", method="template", template="waste_heat_cascade", name="Heat and ash around Alpha",
        members=[alpha.pk, beta.pk, city.pk], exchanges=[ash.pk, heat.pk],
        edges=[[alpha.pk, beta.pk, ash.pk, "ash_slag", "proposed"], [beta.pk, alpha.pk, heat.pk, "waste_heat", "validated"]],
        maturity={"proposed": 1, "validated": 1, "realised": 0}, value_eur_per_year=170000, co2_t_per_year=10407,
        evidence={"roles_by_member": {str(beta.pk): "heat_source", str(city.pk): "heat_network"}},
        roles=[{"role": "heat_source", "members": [beta.pk], "evidence": []},
               {"role": "heat_network", "members": [city.pk], "evidence": []},
               {"role": "greenhouse", "members": [], "evidence": []}],
    )
    return network, ash, heat


def test_the_network_graph_shows_roles_and_flow_kinds_and_opens_a_proposal(page, live_server, users, park):
    network, ash, heat = heat_and_ash_network(park)
    log_in(page, live_server, "/networks/")
    page.get_by_role("link", name="Heat and ash around Alpha").click()
    expect(page.get_by_role("heading", name="Heat and ash around Alpha", level=1)).to_be_visible()
    graph = page.locator("svg.network-graph")
    expect(graph).to_be_visible()
    # Nodes by role: the locomotive, two template roles.
    expect(graph.locator("g.node")).to_have_count(3)
    expect(graph.locator(f'g.node[data-node="{park["alpha"].pk}"]')).to_have_attribute("data-role", "locomotive")
    expect(graph.locator(f'g.node[data-node="{park["beta"].pk}"]')).to_have_attribute("data-role", "heat_source")
    expect(graph.locator(f'g.node[data-node="{park["city"].pk}"]')).to_have_attribute("data-role", "heat_network")
    fills = {graph.locator(f'g.node[data-node="{pk}"] circle').get_attribute("fill")
             for pk in (park["alpha"].pk, park["beta"].pk, park["city"].pk)}
    assert len(fills) == 3
    # Edges by flow kind: two colours, the proposed one dashed, both named in the legend.
    lines = graph.locator("line[data-from]")
    expect(lines).to_have_count(2)
    assert lines.nth(0).get_attribute("stroke") != lines.nth(1).get_attribute("stroke")
    expect(graph.locator("line[stroke-dasharray]")).to_have_count(1)
    expect(page.locator("figcaption")).to_contain_text("ash_slag")
    expect(page.locator("figcaption")).to_contain_text("waste_heat")
    # Hovering a member lights its exchanges (graph.js).
    graph.locator(f'g.node[data-node="{park["city"].pk}"] circle').hover()
    expect(graph.locator("line.dim")).to_have_count(2)
    graph.locator(f'g.node[data-node="{park["beta"].pk}"] circle').hover()
    expect(graph.locator("line.lit")).to_have_count(2)
    expect(page.get_by_role("cell", name="greenhouse")).to_be_visible()
    # Click through an arrow to its proposal.
    # The two exchanges join the same members in opposite directions: drawn side by side, the
    # heat arrow is clicked at its own midpoint.
    x, y = graph.locator(f'a.edge[href$="/synergies/proposals/{heat.pk}/"] line').evaluate(MIDPOINT)
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(rf"/synergies/proposals/{heat.pk}/$"))
    expect(page.get_by_role("heading", name="Beta partner-only heat → Alpha process heat demand")).to_be_visible()
    assert page.js_errors == []


def test_clicking_a_member_opens_its_organisation(page, live_server, users, park):
    network, *_ = heat_and_ash_network(park)
    log_in(page, live_server, f"/networks/{network.pk}/")
    page.locator(f'svg.network-graph g.node[data-node="{park["beta"].pk}"] circle').click()
    expect(page).to_have_url(re.compile(rf"/organisations/{park['beta'].pk}/$"))
    expect(page.get_by_role("heading", name="Beta Cement Oy")).to_be_visible()
    assert page.js_errors == []


def test_weights_rerank_the_locomotives_in_place_with_the_sensitivity_chart(page, live_server, users, park):
    from veturi.valuenets.models import RankingRun

    heat_and_ash_network(park)
    log_in(page, live_server, "/networks/locomotives/")
    expect(page.get_by_role("heading", name="Locomotive candidates")).to_be_visible()
    ranking = page.locator("#ranking")
    expect(ranking.locator("table.ranking tbody tr")).to_have_count(2)
    expect(ranking.locator(".sensitivity-chart svg")).to_be_visible()
    runs_before = RankingRun.objects.count()
    url_before = page.url
    # Put all the weight on one criterion: htmx re-ranks and swaps only the ranking.
    weight_inputs = page.locator("input[name^=w_]")
    for index in range(weight_inputs.count()):
        weight_inputs.nth(index).fill("0")
    page.locator("input[name=w_jobs]").fill("1")
    page.get_by_role("button", name="Rank").click()
    expect(ranking.get_by_role("listitem").filter(has_text="Jobs: 1.000")).to_have_count(1)
    expect(page.locator("#ranking")).to_have_count(1)
    assert page.url == url_before
    # Typing may have re-ranked on the way (hx-trigger "change"); the last ranking is stored.
    assert RankingRun.objects.count() > runs_before
    assert any(run.weights.get("jobs") == 1.0 for run in RankingRun.objects.all())
    expect(ranking.locator(".sensitivity-chart svg")).to_be_visible()
    assert page.js_errors == []


def test_an_inconsistent_ahp_matrix_is_refused_in_place(page, live_server, users, park):
    heat_and_ash_network(park)
    log_in(page, live_server, "/networks/locomotives/")
    count = page.locator("input[name^=w_]").count()
    # Every criterion preferred 9 times to every later one and the last 9 times to the first:
    # circular preferences.
    rows = []
    for i in range(count):
        row = []
        for j in range(count):
            if i == j:
                row.append("1")
            elif (i, j) == (count - 1, 0):
                row.append("9")
            elif (i, j) == (0, count - 1):
                row.append("1/9")
            else:
                row.append("9" if j > i else "1/9")
        rows.append(" ".join(row))
    page.locator("#id_use_ahp").check()
    page.locator("#id_ahp").fill("\n".join(rows))
    page.get_by_role("button", name="Rank").click()
    expect(page.locator("#ranking [role=alert]")).to_contain_text("consistency ratio CR")
    assert page.js_errors == []
