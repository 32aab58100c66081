"""The demo park data set (src/veturi/data/demo) is complete, consistent and honest.

Pure checks on the shipped files, no database: counts, keys and references, classification
codes against the reference data, units, geography (bounding boxes, plots inside their zones
and not overlapping), and that everything invented is marked as illustrative.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date
from functools import lru_cache
from importlib import resources
from itertools import combinations
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from veturi.engine import reference, units
from veturi.engine.geo import polygon_area_m2

DEMO_PACKAGE = "veturi.data.demo"

# Working bounding boxes of the two areas (../shared/CONTEXT.md §1 and §2), (lat, lon) ranges.
BOUNDING_BOXES = {
    "kolmenkulma": ((61.49, 61.53), (23.49, 23.62)),
    "tarastenjarvi": ((61.53, 61.56), (23.95, 24.02)),
}
# The E-PRTR facility list the real facilities' coordinates come from, when shared/ is beside the checkout.
EPRTR_FACILITIES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "eprtr_fi" / "facilities.csv"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ORGANISATION_KINDS = {"company", "municipality", "university", "regional_actor", "network_operator", "investor", "other"}
TURNOVER_BANDS = {"", "<2M", "2-10M", "10-50M", "50-250M", ">250M"}
CLEANTECH_CATEGORIES = {"", "circular_materials", "bioeconomy", "renewable_energy", "energy_efficiency", "water",
                        "clean_transport", "hydrogen_ptx", "environmental_services", "digital_cleantech"}
ENGAGEMENT_STAGES = {"identified", "contacted", "engaged", "committed", "contracted", "operating"}
CORE_TEAM_ROLES = {"construction", "real_estate", "urban_planning", "cleantech_industry", "value_chains", "project_lead"}
STREAM_KINDS = {"material", "energy", "water", "by_product", "service", "logistics"}
CONFIDENTIALITY = {"office", "partners", "public"}
PLOT_STATUSES = {"available", "reserved", "leased", "sold"}
UTILITY_UNITS = {"district_heat": "MW", "steam": "t/h", "electricity": "MW", "water": "m3/d", "waste_water": "m3/d",
                 "gas": "MW", "rail_siding": "m"}
INFRASTRUCTURE_KINDS = {"waste_to_energy", "heat_network", "wind_power", "storage_yard", "biogas_plant", "power_to_gas",
                        "substation", "water_treatment", "rail_siding", "other"}
INTERACTION_KINDS = {"meeting", "call", "email", "visit", "event"}
QUALITY_RANGES = {"temperature_c": (-50, 1500), "pressure_bar": (0, 300), "dry_matter_pct": (0, 100),
                  "purity_pct": (0, 100)}


@lru_cache(maxsize=None)
def _read(name: str):
    return json.loads(resources.files(DEMO_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def organisations() -> list[dict]:
    return _read("organisations.json")


def zones() -> list[dict]:
    return _read("zones.geojson")["features"]


def plots() -> list[dict]:
    return _read("plots.geojson")["features"]


def infrastructure() -> list[dict]:
    return _read("infrastructure.json")


def interactions() -> list[dict]:
    return _read("interactions.json")


def people() -> list[dict]:
    return [person for organisation in organisations() for person in organisation["people"]]


def sites() -> list[dict]:
    return [site for organisation in organisations() for site in organisation["sites"]]


def streams() -> list[dict]:
    return [stream for site in sites() for stream in site["streams"]]


def _zone_shapes() -> dict:
    return {feature["properties"]["key"]: shape(feature["geometry"]) for feature in zones()}


def _plot_shapes() -> dict:
    return {feature["properties"]["key"]: shape(feature["geometry"]) for feature in plots()}


def _in_a_bounding_box(lat: float, lon: float) -> bool:
    return any(lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi
               for (lat_lo, lat_hi), (lon_lo, lon_hi) in BOUNDING_BOXES.values())


# --- counts ------------------------------------------------------------------------------------------------


def test_it_has_the_promised_size():
    assert len(organisations()) >= 45
    assert len(streams()) >= 170
    assert len(plots()) >= 32
    assert len(infrastructure()) >= 6
    assert len(interactions()) >= 8


def test_it_has_outputs_and_inputs_that_can_meet():
    outputs = {stream["ewc"] or stream["taxonomy"] for stream in streams() if stream["direction"] == "output"}
    inputs = {stream["ewc"] or stream["taxonomy"] for stream in streams() if stream["direction"] == "input"}
    # Plausible symbioses share a classification on both sides; unmatched streams exist too.
    assert len(outputs & inputs) >= 25
    assert outputs - inputs and inputs - outputs


# --- keys and references -------------------------------------------------------------------------------------


@pytest.mark.parametrize("what, records", [
    ("organisation", organisations), ("person", people), ("site", sites), ("stream", streams),
    ("infrastructure", infrastructure), ("interaction", interactions),
    ("zone", lambda: [feature["properties"] for feature in zones()]),
    ("plot", lambda: [feature["properties"] for feature in plots()]),
])
def test_keys_are_unique_lowercase_slugs(what, records):
    keys = [record["key"] for record in records()]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert not duplicates, f"duplicate {what} keys: {duplicates}"
    bad = [key for key in keys if not SLUG.match(key) or len(key) > 80]
    assert not bad, f"{what} keys that are not lowercase slugs of at most 80 characters: {bad}"


def test_every_reference_resolves():
    zone_keys = {feature["properties"]["key"] for feature in zones()}
    plot_zone = {feature["properties"]["key"]: feature["properties"]["zone"] for feature in plots()}
    organisation_keys = {organisation["key"] for organisation in organisations()}
    person_keys = {person["key"] for person in people()}
    problems = []
    for key, zone in plot_zone.items():
        if zone not in zone_keys:
            problems.append(f"plot {key}: unknown zone {zone}")
    for site in sites():
        if site["zone"] not in zone_keys:
            problems.append(f"site {site['key']}: unknown zone {site['zone']}")
        if site["plot"] is not None and plot_zone.get(site["plot"]) != site["zone"]:
            problems.append(f"site {site['key']}: plot {site['plot']} is not a plot of zone {site['zone']}")
    for asset in infrastructure():
        if asset["zone"] not in zone_keys:
            problems.append(f"infrastructure {asset['key']}: unknown zone {asset['zone']}")
        if asset["operator"] not in organisation_keys:
            problems.append(f"infrastructure {asset['key']}: unknown operator {asset['operator']}")
    for interaction in interactions():
        if interaction["organisation"] not in organisation_keys:
            problems.append(f"interaction {interaction['key']}: unknown organisation")
        for person in interaction["participants"]:
            if person not in person_keys:
                problems.append(f"interaction {interaction['key']}: unknown participant {person}")
        for follow_up in interaction["follow_ups"]:
            if follow_up["owner"] not in person_keys:
                problems.append(f"interaction {interaction['key']}: unknown follow-up owner {follow_up['owner']}")
    assert not problems, "\n".join(problems)


def test_no_plot_has_two_tenants_and_occupied_plots_are_not_available():
    tenants = Counter(site["plot"] for site in sites() if site["plot"])
    assert [plot for plot, count in tenants.items() if count > 1] == []
    status = {feature["properties"]["key"]: feature["properties"]["status"] for feature in plots()}
    assert [plot for plot in tenants if status[plot] == "available"] == []


# --- organisations, people and the core team ----------------------------------------------------------------


def test_organisation_fields_use_the_schema_vocabularies():
    nace = reference.nace_codes()
    problems = []
    for organisation in organisations():
        where = f"organisation {organisation['key']}"
        for field, allowed in (("kind", ORGANISATION_KINDS), ("turnover_band", TURNOVER_BANDS),
                               ("cleantech_category", CLEANTECH_CATEGORIES), ("engagement_stage", ENGAGEMENT_STAGES)):
            if organisation[field] not in allowed:
                problems.append(f"{where}: {field} {organisation[field]!r}")
        if not organisation["nace"]:
            problems.append(f"{where}: no NACE class")
        for code in organisation["nace"]:
            if code not in nace or nace[code].level_name != "class":
                problems.append(f"{where}: NACE {code!r} is not a NACE Rev. 2 class")
        if not organisation["source"].strip():
            problems.append(f"{where}: no source")
        if organisation["business_id"]:
            problems.append(f"{where}: the demo ships no business IDs (none was verified)")
    assert not problems, "\n".join(problems)


def test_every_illustrative_organisation_says_so_in_its_name():
    for organisation in organisations():
        named_as_demo = organisation["name"].startswith("Demo: ") and organisation["name"].endswith("(illustrative)")
        assert named_as_demo == organisation["illustrative"], organisation["key"]


def test_people_are_roles_with_example_addresses_not_real_persons():
    for person in people():
        assert person["name"].endswith(("(demo contact)", "(demo)")), person["key"]
        assert person["email"].endswith("example.org"), person["key"]
        assert person["core_team_role"] in CORE_TEAM_ROLES | {None}, person["key"]


def test_the_core_team_has_one_person_per_expert_role():
    roles = [person["core_team_role"] for person in people() if person["core_team_role"]]
    assert sorted(roles) == sorted(CORE_TEAM_ROLES)


# --- streams -----------------------------------------------------------------------------------------------------


def test_streams_are_classified_with_existing_codes():
    ewc = reference.ewc_codes()
    taxonomy = reference.taxonomy()
    problems = []
    for stream in streams():
        where = f"stream {stream['key']}"
        if bool(stream["ewc"]) == bool(stream["taxonomy"]):
            problems.append(f"{where}: needs exactly one of a waste code or a taxonomy code")
        if stream["ewc"] and (stream["ewc"] not in ewc or ewc[stream["ewc"]].level != "entry"):
            problems.append(f"{where}: {stream['ewc']!r} is not a 6-digit code of the List of Waste")
        if stream["taxonomy"] and stream["taxonomy"] not in taxonomy:
            problems.append(f"{where}: {stream['taxonomy']!r} is not a Veturi taxonomy code")
    assert not problems, "\n".join(problems)


def test_every_stream_has_a_source_and_a_readable_quantity():
    problems = []
    for stream in streams():
        where = f"stream {stream['key']}"
        if len(stream["source"].strip()) < 15:
            problems.append(f"{where}: no real source")
        if not stream["quantity"] > 0:
            problems.append(f"{where}: quantity must be positive")
        months = stream["months"]
        if not months or sorted(set(months)) != months or not set(months) <= set(range(1, 13)):
            problems.append(f"{where}: months must be distinct, sorted, 1…12")
        try:
            units.to_canonical(stream["quantity"], stream["unit"], months_available=len(months))
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
        for field, allowed in (("direction", {"output", "input"}), ("kind", STREAM_KINDS),
                               ("confidentiality", CONFIDENTIALITY)):
            if stream[field] not in allowed:
                problems.append(f"{where}: {field} {stream[field]!r}")
        for key, value in stream["quality"].items():
            low, high = QUALITY_RANGES.get(key, (None, None))
            if low is None or not low <= value <= high:
                problems.append(f"{where}: quality {key}={value!r}")
    assert not problems, "\n".join(problems)


def test_figures_of_illustrative_companies_are_marked_illustrative():
    for organisation in organisations():
        if not organisation["illustrative"]:
            continue
        for site in organisation["sites"]:
            for stream in site["streams"]:
                assert stream.get("illustrative") is True, stream["key"]
                assert "llustrative" in stream["source"], stream["key"]


def test_the_key_public_figures_are_the_published_ones():
    by_key = {stream["key"]: stream for stream in streams()}
    waste_in = by_key["tammervoima-plant-msw-in"]["quantity"]
    assert 170_000 <= waste_in <= 180_000
    # Bottom ash is ≈17 % of the waste burnt.
    assert by_key["tammervoima-plant-bottom-ash"]["quantity"] == pytest.approx(0.17 * waste_in, rel=0.02)
    assert by_key["pjh-biomylly-biowaste-in"]["quantity"] == 24_000
    assert by_key["pjh-biomylly-sludge-in"]["quantity"] == 10_000
    assert by_key["rengas-tampere-co2-in"]["quantity"] == 20_000


# --- geography ---------------------------------------------------------------------------------------------------


def test_all_coordinates_are_inside_the_working_bounding_boxes():
    outside = [site["key"] for site in sites() if not _in_a_bounding_box(site["lat"], site["lon"])]
    outside += [asset["key"] for asset in infrastructure() if not _in_a_bounding_box(asset["lat"], asset["lon"])]
    for feature in zones() + plots():
        polygon = shape(feature["geometry"])
        min_lon, min_lat, max_lon, max_lat = polygon.bounds
        if not (_in_a_bounding_box(min_lat, min_lon) and _in_a_bounding_box(max_lat, max_lon)):
            outside.append(feature["properties"]["key"])
    assert outside == []


def test_zones_are_valid_approximate_polygons_that_do_not_overlap():
    shapes = _zone_shapes()
    for feature in zones():
        properties = feature["properties"]
        assert shapes[properties["key"]].is_valid, properties["key"]
        assert properties["approximate"] is True, properties["key"]
        assert properties["source"].strip(), properties["key"]
    overlapping = [(a, b) for a, b in combinations(shapes, 2) if shapes[a].intersection(shapes[b]).area > 0]
    assert overlapping == []


def test_plots_lie_inside_their_zone_do_not_overlap_and_are_sized_realistically():
    zone_shapes, plot_shapes = _zone_shapes(), _plot_shapes()
    problems = []
    for feature in plots():
        properties = feature["properties"]
        key = properties["key"]
        if not zone_shapes[properties["zone"]].contains(plot_shapes[key]):
            problems.append(f"plot {key} is not inside zone {properties['zone']}")
        hectares = polygon_area_m2(feature["geometry"]) / 10_000
        if not 0.5 <= hectares <= 10:
            problems.append(f"plot {key} is {hectares:.1f} ha, outside 0.5–10 ha")
    for a, b in combinations(plot_shapes, 2):
        if plot_shapes[a].intersection(plot_shapes[b]).area > 0:
            problems.append(f"plots {a} and {b} overlap")
    assert not problems, "\n".join(problems)


def test_plots_carry_offer_terms_and_utilities():
    problems = []
    for feature in plots():
        properties = feature["properties"]
        where = f"plot {properties['key']}"
        if properties["status"] not in PLOT_STATUSES:
            problems.append(f"{where}: status {properties['status']!r}")
        if not properties["zoning_class"]:
            problems.append(f"{where}: no zoning class")
        if not (0 < properties["price_eur_per_m2"] < 200 and 0 < properties["lease_percent"] <= 10):
            problems.append(f"{where}: price or lease out of range")
        if properties["illustrative"] is not True or not properties["source"]:
            problems.append(f"{where}: plots are drawn for the demo and must say so, with a source")
        if not properties["utilities"]:
            problems.append(f"{where}: no utilities")
        for utility in properties["utilities"]:
            if UTILITY_UNITS.get(utility["kind"]) != utility["unit"] or not utility["capacity"] > 0:
                problems.append(f"{where}: utility {utility}")
    assert not problems, "\n".join(problems)


def test_sites_lie_in_their_zone_and_on_their_plot():
    zone_shapes, plot_shapes = _zone_shapes(), _plot_shapes()
    problems = []
    for site in sites():
        point = Point(site["lon"], site["lat"])
        if not zone_shapes[site["zone"]].contains(point):
            problems.append(f"site {site['key']} is outside zone {site['zone']}")
        if site["plot"] and not plot_shapes[site["plot"]].contains(point):
            problems.append(f"site {site['key']} is outside its plot {site['plot']}")
        if site["status"] not in {"existing", "planned"}:
            problems.append(f"site {site['key']}: status {site['status']!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not EPRTR_FACILITIES.exists(), reason="../shared/data/eprtr_fi/facilities.csv is not beside the checkout")
def test_real_facilities_sit_at_their_eprtr_coordinates():
    with EPRTR_FACILITIES.open(encoding="utf-8") as handle:
        facilities = {row["facilityId"]: row for row in csv.DictReader(handle, delimiter=";")}
    real = [site for site in sites() if site.get("eprtr_facility_id")]
    assert len(real) >= 8
    for site in real:
        facility = facilities[site["eprtr_facility_id"]]
        assert site["lat"] == pytest.approx(float(facility["pointGeometryLat"]), abs=1e-4), site["key"]
        assert site["lon"] == pytest.approx(float(facility["pointGeometryLon"]), abs=1e-4), site["key"]


# --- infrastructure and interactions -----------------------------------------------------------------------------


def test_infrastructure_uses_the_schema_vocabularies():
    kinds = Counter(asset["kind"] for asset in infrastructure())
    assert set(kinds) <= INFRASTRUCTURE_KINDS
    for needed in ("waste_to_energy", "heat_network", "wind_power", "storage_yard", "biogas_plant", "power_to_gas"):
        assert kinds[needed] >= 1, needed
    zone_shapes = _zone_shapes()
    for asset in infrastructure():
        assert zone_shapes[asset["zone"]].contains(Point(asset["lon"], asset["lat"])), asset["key"]
        assert asset["status"] in {"existing", "planned"}, asset["key"]
        assert asset["capacity"] > 0 and asset["capacity_unit"], asset["key"]
        assert asset["source"].strip(), asset["key"]


def test_interactions_have_dates_and_follow_ups():
    for interaction in interactions():
        assert interaction["kind"] in INTERACTION_KINDS, interaction["key"]
        date.fromisoformat(interaction["date"])
        assert interaction["participants"] and interaction["summary"].strip(), interaction["key"]
        for follow_up in interaction["follow_ups"]:
            assert date.fromisoformat(follow_up["due"]) >= date.fromisoformat(interaction["date"]), interaction["key"]
            assert isinstance(follow_up["done"], bool)
