import json

import pytest

from veturi.engine.networks import (
    TemplateError, fill_templates, find_gaps, find_value_networks, load_templates,
    neighbourhood, summarise_network, template_from_dict,
)
from veturi.engine.networks.graph import build_synergy_graph, exchanges_from_proposals

REQUIRED_TEMPLATES = {
    "waste_heat_cascade", "biogas_nutrients", "construction_demolition", "metals_batteries",
    "wood_bio_based", "plastics_recycling", "hydrogen_power_to_x", "wind_service_components",
    "water_reuse",
}


def test_neighbourhood_grows_with_depth(small_park):
    *_, g = small_park
    sizes = [len(neighbourhood(g, "steel", k=k).members) for k in range(4)]
    assert sizes == [1, 3, 6, 6]
    two = neighbourhood(g, "steel", k=2)
    assert two.evidence["depth"] == {"steel": 0, "utility": 1, "crusher": 1, "greenhouse": 2,
                                     "roads": 2, "demolisher": 2}
    assert "loner" not in two.members


def test_neighbourhood_follows_direction_and_status(small_park):
    *_, g = small_park
    assert neighbourhood(g, "crusher", k=3, direction="upstream").members == (
        "crusher", "demolisher", "steel")
    assert neighbourhood(g, "steel", k=3, direction="downstream").members == (
        "steel", "crusher", "utility", "greenhouse", "roads")
    confirmed = neighbourhood(g, "steel", k=3, statuses=["validated", "realised"])
    assert confirmed.members == ("steel", "utility", "greenhouse")
    assert set(confirmed.exchanges) == {"steel-heat->utility-dh", "utility-low->gh-heat"}


@pytest.mark.parametrize("kwargs, message", [
    ({"k": -1}, "k must be a whole number of at least 0"),
    ({"direction": "sideways"}, "direction must be one of both, downstream, upstream"),
    ({"statuses": ["signed"]}, "statuses must be among"),
])
def test_neighbourhood_bad_parameters(small_park, kwargs, message):
    *_, g = small_park
    with pytest.raises(ValueError, match=message):
        neighbourhood(g, "steel", **kwargs)
    with pytest.raises(ValueError, match="locomotive 'nobody' is not a node"):
        neighbourhood(g, "nobody")


def test_shipped_templates_cover_the_required_value_networks():
    templates = load_templates()
    assert REQUIRED_TEMPLATES <= {t.id for t in templates}
    for template in templates:
        assert template.sources and template.roles
        for role in template.roles:
            assert role.attract, f"{template.id}.{role.id} names no NACE class to attract"


@pytest.mark.parametrize("template_id", sorted(REQUIRED_TEMPLATES))
def test_each_template_is_filled_from_the_demo_park(demo_park, template_id):
    organisations, streams, members, result = demo_park
    g = build_synergy_graph(organisations, exchanges_from_proposals(result.proposals),
                            members=members)
    filled = {t.template: t for t in fill_templates(g, streams)}[template_id]
    assert filled.network.members, f"nobody fills {template_id} in the demo park"
    template = {t.id: t for t in load_templates()}[template_id]
    for fill in filled.roles:
        for line in fill.evidence:
            assert line.split(":")[0] in fill.members
    # exchanges belong to the template's rule families and stay among members
    for u, v, key, family in g.edges(keys=True, data="family"):
        if key in filled.network.exchanges:
            assert family in template.rule_families
            assert u in filled.network.members and v in filled.network.members


def test_template_roles_and_gaps_on_small_park(small_park):
    _, streams, _, g = small_park
    filled = {t.template: t for t in fill_templates(g, streams)}
    heat = filled["waste_heat_cascade"]
    assert heat.unfilled_roles == ()
    roles = {fill.role: fill.members for fill in heat.roles}
    assert roles["heat_source"] == ("steel", "utility")
    assert roles["low_temperature_user"] == ("greenhouse",)
    hydrogen = filled["hydrogen_power_to_x"]
    assert "electrolyser" in hydrogen.unfilled_roles
    report = find_gaps(hydrogen, g, streams)
    role_gaps = {gap.subject: gap for gap in report.gaps if gap.kind == "role"}
    assert ("20.11", "Manufacture of industrial gases") in role_gaps["electrolyser"].nace


def test_template_file_errors_are_clear(tmp_path):
    path = tmp_path / "t.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(TemplateError, match="not valid JSON at line 1"):
        load_templates(path)
    good = {"id": "t", "name": "T", "description": "", "sources": ["s"],
            "rule_families": ["water"], "roles": [{"id": "r", "name": "R", "nace": ["36.00"]}]}
    path.write_text(json.dumps({"version": "1", "templates": [good, good]}), encoding="utf-8")
    with pytest.raises(TemplateError, match="template ids appear twice: t"):
        load_templates(path)
    with pytest.raises(TemplateError, match="'steam_tunnel' is not a synergy rule family"):
        template_from_dict({**good, "rule_families": ["steam_tunnel"]})
    with pytest.raises(TemplateError, match="role 'r', field takes_taxonomy: 'energy.plasma'"):
        template_from_dict({**good, "roles": [{"id": "r", "takes_taxonomy": ["energy.plasma"]}]})
    with pytest.raises(TemplateError, match="role 'r': give at least one of"):
        template_from_dict({**good, "roles": [{"id": "r", "name": "R"}]})
    with pytest.raises(TemplateError, match="field sources: give at least one source"):
        template_from_dict({**good, "sources": []})
    with pytest.raises(TemplateError, match="unknown field"):
        template_from_dict({**good, "colour": "green"})


def test_gap_analysis_on_a_hand_made_case(small_park):
    _, streams, _, g = small_park
    heat = next(n for n in find_value_networks(g, seed=0).networks if "steel" in n.members)
    report = find_gaps(heat, g, streams)
    by_subject = {gap.subject: gap for gap in report.gaps}
    # the slag has no taker: it is a gap with NACE classes to attract and a value lost
    slag = by_subject["steel-slag"]
    assert slag.kind == "output" and slag.quantity == 30000.0 and slag.unit == "t/a"
    assert slag.nace and slag.rule.startswith("ash_slag")
    assert slag.value_lost_eur_per_year > 0 and slag.co2_lost_t_per_year > 0
    # used streams are not gaps; streams of non-members are not this network's gaps
    assert "steel-heat" not in by_subject and "utility-dh" not in by_subject
    assert "bakery-waste" not in by_subject
    assert report.value_lost_eur_per_year == pytest.approx(
        sum(gap.value_lost_eur_per_year or 0 for gap in report.gaps), abs=0.01)


def test_summary_counts_maturity_jobs_and_locomotive(small_park):
    *_, g = small_park
    result = find_value_networks(g, seed=0)
    heat = next(n for n in result.networks if "steel" in n.members)
    materials = next(n for n in result.networks if "crusher" in n.members)
    s = summarise_network(heat, g)
    assert s.maturity == {"proposed": 0, "validated": 1, "realised": 1}
    assert s.maturity_share == 1.0
    assert s.value_eur_per_year == 1_620_000.0 and s.co2_t_per_year == 8900.0
    assert (s.jobs, s.jobs_known) == (1020, 2)
    assert s.locomotives == ("steel",) and "marked" in s.locomotive_reason
    m = summarise_network(materials, g)
    assert m.locomotives == ("crusher",) and "largest value" in m.locomotive_reason
    assert m.maturity["proposed"] == 2


def test_demo_park_yields_named_networks_with_a_locomotive_each(demo_park):
    organisations, streams, members, result = demo_park
    g = build_synergy_graph(organisations, exchanges_from_proposals(result.proposals),
                            members=members)
    found = find_value_networks(g, seed=0)
    assert len(found.networks) >= 3
    for network in found.networks:
        summary = summarise_network(network, g)
        assert network.name and " network around " in network.name
        assert len(summary.locomotives) >= 1
        assert summary.locomotives[0] in network.members
        assert summary.exchanges > 0 and summary.value_eur_per_year > 0


def test_unfilled_role_reports_the_volume_waiting_for_it(small_park):
    organisations, streams, exchanges, _ = small_park
    # Without the greenhouse nobody takes low-temperature heat: the utility's 8 000 MWh/a wait.
    g = build_synergy_graph([o for o in organisations if o.id != "greenhouse"],
                            [e for e in exchanges if e.receiver != "greenhouse"])
    kept = [s for s in streams if s.organisation != "greenhouse"]
    heat = {t.template: t for t in fill_templates(g, kept)}["waste_heat_cascade"]
    assert heat.unfilled_roles == ("low_temperature_user",)
    gap = next(g_ for g_ in find_gaps(heat, g, kept).gaps if g_.kind == "role")
    assert gap.subject == "low_temperature_user"
    assert gap.quantity >= 8000.0 and gap.unit == "MWh/a"
    assert ("01.13", "Growing of vegetables and melons, roots and tubers") in gap.nace
    with pytest.raises(ValueError, match="template 'waste_heat_cascade' of the network is not"):
        find_gaps(heat, g, kept, templates=[])
