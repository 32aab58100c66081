"""Fixtures: a small hand-made park and the demo park turned into engine data."""

import json
from importlib import resources

import pytest

from veturi.engine.matching import Organisation, Stream, match_streams
from veturi.engine.matching.package import package_from_dict
from veturi.engine.networks import Exchange, Member, build_synergy_graph


def demo_package():
    """The demo park's organisations and streams as a matching package (as an adapter would)."""
    text = resources.files("veturi").joinpath("data", "demo", "organisations.json").read_text(
        encoding="utf-8")
    organisations, streams, members = [], [], []
    for raw in json.loads(text):
        sites = raw.get("sites") or []
        located = next((s for s in sites if s.get("lat") is not None), {})
        organisations.append({
            "id": raw["key"], "name": raw["name"], "nace": raw.get("nace") or [],
            "country": raw.get("country", ""), "lat": located.get("lat"),
            "lon": located.get("lon"),
        })
        members.append(Member(raw["key"], employees=raw.get("employees"),
                              engagement_stage=raw.get("engagement_stage") or "",
                              cleantech_category=raw.get("cleantech_category") or ""))
        for site in sites:
            for s in site.get("streams") or []:
                streams.append({
                    "id": s["key"], "organisation": raw["key"], "direction": s["direction"],
                    "kind": s.get("kind"), "name": s["name"], "ewc": s.get("ewc") or "",
                    "code": s.get("taxonomy") or "", "quantity": s.get("quantity"),
                    "unit": s.get("unit"), "properties": s.get("quality") or {},
                    "months": s.get("months") or [],
                    "handling_cost_eur_per_unit": s.get("handling_cost_eur_per_unit"),
                })
    orgs, engine_streams = package_from_dict({"organisations": organisations, "streams": streams})
    return orgs, engine_streams, members


@pytest.fixture(scope="session")
def demo_park():
    organisations, streams, members = demo_package()
    result = match_streams(organisations, streams, top_k=3)
    return organisations, streams, members, result


@pytest.fixture
def small_park():
    """Two clusters (heat and C&D materials) joined by one weak link, plus a loner."""
    organisations = [
        Organisation("steel", "Steel works", ("24.10",)),
        Organisation("utility", "Heat utility", ("35.30",)),
        Organisation("greenhouse", "Greenhouse", ("01.13",)),
        Organisation("demolisher", "Demolition Oy", ("43.11",)),
        Organisation("crusher", "Crushing Oy", ("38.32",)),
        Organisation("roads", "Road builder", ("42.11",)),
        Organisation("loner", "Bakery", ("10.71",)),
    ]
    streams = [
        Stream("steel-heat", "steel", "output", "Waste heat 95 C", kind="energy",
               taxonomy_code="energy.heat.t90_120", quantity=50000.0, unit="MWh/a"),
        Stream("utility-dh", "utility", "input", "District heat supply", kind="energy",
               taxonomy_code="energy.heat.district", quantity=40000.0, unit="MWh/a"),
        Stream("utility-low", "utility", "output", "Return water heat 40 C", kind="energy",
               taxonomy_code="energy.heat.t30_60", quantity=8000.0, unit="MWh/a"),
        Stream("gh-heat", "greenhouse", "input", "Greenhouse heating", kind="energy",
               taxonomy_code="energy.heat.t30_60", quantity=6000.0, unit="MWh/a"),
        Stream("demo-concrete", "demolisher", "output", "Concrete rubble", kind="material",
               ewc_code="17 01 01", quantity=20000.0, unit="t/a"),
        Stream("crusher-agg", "crusher", "output", "Crushed concrete", kind="material",
               taxonomy_code="material.mineral.crushed_concrete", quantity=18000.0, unit="t/a"),
        Stream("roads-agg", "roads", "input", "Aggregate for road base", kind="material",
               taxonomy_code="material.mineral.aggregate", quantity=15000.0, unit="t/a"),
        Stream("steel-slag", "steel", "output", "Steel slag", kind="by_product",
               ewc_code="10 02 02", quantity=30000.0, unit="t/a"),
        Stream("bakery-waste", "loner", "output", "Bread waste", kind="by_product",
               ewc_code="02 06 01", quantity=300.0, unit="t/a"),
    ]
    exchanges = [
        Exchange("steel-heat->utility-dh", "steel", "utility", "realised", 1_500_000.0, 8000.0,
                 "waste_heat.heat_90_district", "steel-heat", "utility-dh", 40000.0, "MWh/a"),
        Exchange("utility-low->gh-heat", "utility", "greenhouse", "validated", 120_000.0, 900.0,
                 "waste_heat.heat_60_direct_space", "utility-low", "gh-heat", 6000.0, "MWh/a"),
        Exchange("demo-concrete->crusher", "demolisher", "crusher", "proposed", 300_000.0,
                 150.0, "construction_demolition.concrete", "demo-concrete", "crusher-in"),
        Exchange("crusher-agg->roads-agg", "crusher", "roads", "proposed", 250_000.0, 90.0,
                 "construction_demolition.aggregate", "crusher-agg", "roads-agg", 15000.0, "t/a"),
        Exchange("steel-heat->crusher", "steel", "crusher", "proposed", 10.0, None,
                 "waste_heat.heat_120_process", "steel-heat", "crusher-dry"),
    ]
    members = [Member("steel", employees=900, investment_eur=50e6, locomotive=True),
               Member("utility", employees=120), Member("crusher", employees=25)]
    graph = build_synergy_graph(organisations, exchanges, members=members)
    return organisations, streams, exchanges, graph
