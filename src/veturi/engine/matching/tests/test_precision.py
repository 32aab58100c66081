"""Precision rules of the matching engine: resource kinds, the input's own codes and
specified products keep technically absurd pairs out, whatever the words or NACE classes say."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veturi.engine.matching import Organisation, Stream, load_rules, match_streams
from veturi.engine.matching.knowledge_base import rule_from_row
from veturi.engine.matching.matching import (
    gas_input_conflict, kind_conflict, needs_the_product_itself, receiver_codes_contradict, receiver_evidence,
    supplier_evidence,
)
from veturi.engine.matching.vectorised import top_k_matches

RULES = load_rules()

ALUMINIUM = rule_from_row({
    "id": "t.aluminium", "name": "Aluminium scrap to remelting",
    "supplier_taxonomy": "material.metal.aluminium", "supplier_terms": "aluminium|cans",
    "receiver_taxonomy": "material.metal.aluminium", "receiver_nace": "24.53|35.30",
    "receiver_terms": "scrap|remelt", "source": "test"})
BARK_FUEL = rule_from_row({
    "id": "t.bark", "name": "Bark as boiler fuel", "supplier_ewc": "03 01 01",
    "supplier_terms": "bark|kuori", "receiver_taxonomy": "energy.fuel.solid_bio",
    "receiver_nace": "35.11", "receiver_terms": "fuel|biomass", "source": "test"})
SLUDGE = rule_from_row({
    "id": "t.sludge", "name": "Sludge to digestion", "supplier_ewc": "19 08 05",
    "supplier_terms": "sludge", "receiver_terms": "digestion", "receiver_nace": "38.21",
    "source": "test"})
FAT = rule_from_row({
    "id": "t.fat", "name": "Animal fat to HVO refinery",
    "supplier_taxonomy": "by_product.animal.fat", "supplier_terms": "animal fat|fat",
    "receiver_taxonomy": "energy.fuel.liquid_bio|material.bio.vegetable_oil",
    "receiver_terms": "renewable feedstock|feedstock", "source": "test"})
PAPER = rule_from_row({
    "id": "t.paper", "name": "Recovered board to board mill", "supplier_ewc": "15 01 01",
    "supplier_terms": "cardboard|board", "receiver_taxonomy": "material.paper.recovered_fibre",
    "receiver_nace": "17.12|38.32", "receiver_terms": "recovered fibre", "source": "test"})


def test_an_energy_input_never_receives_matter_by_its_words_or_trade():
    heat = Stream("heat", "dh", "input", "Additional heat the network can take", kind="energy",
                  taxonomy_code="energy.heat.district")
    utility = Organisation("dh", nace=("35.30",))
    assert kind_conflict(heat, ALUMINIUM)
    assert receiver_evidence(heat, ALUMINIUM, utility).strength == 0
    # The same words in a matter input still count.
    scrap = Stream("scrap", "dh", "input", "Aluminium cans and scrap", kind="material")
    assert receiver_evidence(scrap, ALUMINIUM, utility).strength > 0.8


def test_an_energy_input_receives_solid_waste_when_the_rule_burns_it():
    fuel = Stream("fuel", "chp", "input", "Biomass fuel", kind="energy")
    bark = Stream("bark", "mill", "output", "Bark", kind="by_product", ewc_code="03 01 01")
    assert not kind_conflict(fuel, BARK_FUEL) and not kind_conflict(bark, BARK_FUEL)
    result = match_streams([Organisation("chp", nace=("35.11",)), Organisation("mill")],
                           [fuel, bark], [BARK_FUEL], chains=False, attract=False)
    assert [(p.output, p.input) for p in result.proposals] == [("bark", "fuel")]


def test_outputs_of_another_kind_never_supply_a_rule():
    analyses = Stream("lab", "l", "output", "Analyses of ash and sludge", kind="service",
                      taxonomy_code="service.laboratory")
    heat = Stream("h", "l", "output", "Sludge drying exhaust heat", kind="energy")
    sludge = Stream("s", "l", "output", "Sewage sludge", kind="material")
    # A rule known by waste codes only is about matter (or liquid waste), never a service.
    assert supplier_evidence(analyses, SLUDGE).strength == 0
    assert supplier_evidence(heat, SLUDGE).strength == 0
    assert supplier_evidence(sludge, SLUDGE).strength > 0
    # Without a kind nor a code, nothing is known and nothing is excluded.
    assert supplier_evidence(Stream("x", "l", "output", "Sludge"), SLUDGE).strength > 0


def test_an_inputs_own_code_outweighs_a_loose_word_and_its_trade():
    gypsum_board = Stream("g", "r", "input", "Gypsum board waste", kind="material",
                          ewc_code="17 08 02")
    recovered = Stream("p", "r", "input", "Recovered board", kind="material")
    recycler = Organisation("r", nace=("38.32",))
    assert receiver_codes_contradict(gypsum_board, PAPER)
    assert not receiver_codes_contradict(recovered, PAPER)
    loose = receiver_evidence(gypsum_board, PAPER, None).strength
    plain = receiver_evidence(Stream("g2", "r", "input", "Gypsum board waste",
                                     kind="material"), PAPER, None).strength
    assert 0 < loose < plain
    assert abs(loose - plain * 0.6) < 1e-9
    # Known only by the organisation's NACE class: nothing, when its code says otherwise.
    tyres = Stream("t", "r", "input", "End-of-life tyres", kind="material", ewc_code="16 01 03")
    assert receiver_evidence(tyres, PAPER, recycler).strength == 0
    assert receiver_evidence(Stream("t2", "r", "input", "End-of-life tyres", kind="material"),
                             PAPER, recycler).strength == 0.45


def test_a_specified_product_is_replaced_only_by_itself():
    generator = Stream("hvo", "dc", "input", "Renewable diesel (HVO) for backup generators",
                       kind="energy", taxonomy_code="energy.fuel.liquid_bio.renewable_diesel")
    refinery = Stream("feed", "ref", "input", "Renewable feedstock", kind="material")
    fat = Stream("fat", "food", "output", "Animal fat", kind="by_product",
                 taxonomy_code="by_product.animal.fat")
    assert needs_the_product_itself(generator, FAT)
    assert receiver_evidence(generator, FAT, None).strength == 0
    result = match_streams(
        [Organisation("dc"), Organisation("ref"), Organisation("food")],
        [generator, refinery, fat], [FAT], chains=False, attract=False)
    assert [p.input for p in result.proposals] == ["feed"]


def test_shipped_rules_send_no_solid_or_raw_waste_to_an_engine_fuel_or_a_heat_buyer():
    organisations = [Organisation(name, nace=nace, lat=61.5, lon=23.6 + i / 100)
                     for i, (name, nace) in enumerate([
                         ("dc", ("63.11",)), ("dh", ("35.30",)), ("farm", ("01.11",)),
                         ("food", ("10.85",)), ("wind", ("35.11",)), ("plant", ("24.53",))])]
    outputs = [
        Stream("straw", "farm", "output", "Straw bales", kind="material",
               taxonomy_code="material.bio.straw", quantity=500, unit="t/a"),
        Stream("food-waste", "food", "output", "Food production waste", kind="material",
               ewc_code="02 03 04", quantity=800, unit="t/a"),
        Stream("oil", "wind", "output", "Used gear and hydraulic oil", kind="material",
               ewc_code="13 02 08", quantity=5, unit="t/a"),
        Stream("dross", "plant", "output", "Aluminium dross", kind="material",
               ewc_code="10 03 16", quantity=50, unit="t/a"),
    ]
    inputs = [
        Stream("hvo", "dc", "input", "Renewable diesel (HVO) for backup generators",
               kind="energy", taxonomy_code="energy.fuel.liquid_bio.renewable_diesel",
               quantity=300, unit="MWh/a"),
        Stream("heat", "dh", "input", "Low-carbon heat the network can take", kind="energy",
               taxonomy_code="energy.heat.district", quantity=10000, unit="MWh/a"),
        # A gas input takes only what a rule dealing in gases offers, whatever "fuel" says.
        Stream("truck-gas", "dc", "input", "Renewable gas fuel for line-haul trucks",
               kind="energy", taxonomy_code="energy.gas", quantity=2000, unit="MWh/a"),
    ]
    result = match_streams(organisations, outputs + inputs, RULES, chains=False, attract=False)
    assert result.proposals == ()
    biogas = Stream("biogas", "farm", "output", "Landfill gas", kind="energy",
                    taxonomy_code="energy.gas.landfill_gas", quantity=5000, unit="MWh/a")
    assert not gas_input_conflict(inputs[-1], next(
        rule for rule in RULES if rule.id == "biogas_digestate.biogas_fuel_chp"))
    assert gas_input_conflict(inputs[-1], next(
        rule for rule in RULES if rule.id == "oils_solvents.waste_oil_fuel"))
    result = match_streams(organisations, outputs + inputs + [biogas], RULES, chains=False,
                           attract=False)
    pairs = {(p.output, p.input) for p in result.proposals}
    assert ("biogas", "truck-gas") in pairs and {output for output, _ in pairs} == {"biogas"}


KINDS = [None, "material", "by_product", "energy", "water", "service"]
NAMED = [
    ("output", "Aluminium dross", "10 03 16", None), ("output", "Bark", "03 01 01", None),
    ("output", "Reject water", None, "water.reject"), ("output", "Metal concentrate", None, None),
    ("output", "Animal fat", None, "by_product.animal.fat"), ("output", "Cardboard", "15 01 01", None),
    ("output", "Sewage sludge", "19 08 05", None), ("output", "Laboratory analyses", None, None),
    ("input", "Heat the network can take", None, "energy.heat.district"),
    ("input", "Scrap metal", "20 01 40", None), ("input", "Biomass fuel", None, None),
    ("input", "Gypsum board waste", "17 08 02", None), ("input", "Irrigation water", None, None),
    ("input", "Renewable diesel", None, "energy.fuel.liquid_bio.renewable_diesel"),
    ("input", "Renewable feedstock", None, None), ("input", "End-of-life tyres", "16 01 03", None),
    ("input", "Gas fuel for trucks", None, "energy.gas"), ("output", "Used oil", "13 02 08", None),
]


@st.composite
def kind_cases(draw):
    count = draw(st.integers(2, 6))
    organisations = [
        Organisation(f"o{i}", nace=(draw(st.sampled_from(["35.30", "38.32", "24.53", "01.13",
                                                          "19.20", "35.11"])),),
                     lat=draw(st.floats(60.0, 61.0)), lon=draw(st.floats(24.0, 25.0)))
        for i in range(count)]
    streams = []
    for i in range(draw(st.integers(2, 12))):
        direction, name, ewc, code = draw(st.sampled_from(NAMED))
        streams.append(Stream(
            f"s{i}", f"o{draw(st.integers(0, count - 1))}", direction, name,
            kind=draw(st.sampled_from(KINDS)), ewc_code=ewc, taxonomy_code=code,
            quantity=draw(st.one_of(st.none(), st.floats(1, 1e5))),
            unit=draw(st.sampled_from(["t/a", "MWh/a", "m3/a"]))))
    return organisations, streams


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind_cases())
def test_vectorised_path_applies_the_same_precision_rules(case):
    organisations, streams = case
    reference = match_streams(organisations, streams, RULES, chains=False, attract=False,
                              lexicon="off")
    slow = sorted((p.output, p.input, p.rank) for p in reference.proposals if p.rank <= 10)
    fast = sorted((r.output, r.input, r.rank) for r in top_k_matches(
        organisations, streams, RULES, lexicon="off").itertuples())
    assert fast == slow
