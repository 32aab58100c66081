"""Plain data of the matching engine: what goes in (organisations, streams, rules) and what
comes out (proposals with every score factor visible, "who should we attract", chains).

All types are frozen dataclasses so that a result can be passed around, cached and compared
without surprises; the Django side turns rows into these and stores the results it gets back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AttractSuggestion",
    "Chain",
    "ChainLink",
    "Condition",
    "Factor",
    "MatchResult",
    "Organisation",
    "Proposal",
    "Rule",
    "Stream",
    "DIRECTIONS",
    "STREAM_KINDS",
    "TRANSPORT_MODES",
]

DIRECTIONS: tuple[str, ...] = ("output", "input")
STREAM_KINDS: tuple[str, ...] = (
    "material", "energy", "water", "by_product", "service", "logistics",
)
TRANSPORT_MODES: tuple[str, ...] = ("truck", "rail", "ship", "pipeline", "cable", "none")


@dataclass(frozen=True)
class Organisation:
    """A company or other actor with a site.

    ``nace`` holds NACE Rev. 2 codes (``"23.51"``), main activity first; ``lat``/``lon`` are
    WGS84 degrees of the site, ``None`` when unknown.
    """

    id: str
    name: str = ""
    nace: tuple[str, ...] = ()
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    description: str = ""


@dataclass(frozen=True)
class Stream:
    """One resource stream an organisation gives (``output``) or needs (``input``).

    Only ``id``, ``organisation``, ``direction`` and ``name`` are required; everything else
    may be missing, which lowers the confidence of a proposal and never stops the run.

    Attributes
    ----------
    quantity, unit
        Canonical per-year amount (``t/a``, ``MWh/a``, ``m3/a``, ``h/a``, ``pcs/a``, ``m2``).
    ewc_code
        European List of Waste code, spaced (``"10 01 05"``).
    taxonomy_code
        Veturi resource taxonomy code (``"energy.heat.t60_90"``).
    properties
        Quality: ``temperature_c``, ``pressure_bar``, ``dry_matter_pct``, ``moisture_pct``,
        ``purity_pct``, ``heating_value_mj_per_kg``, ``hazardous`` ...
    months
        Months of availability (output) or need (input), 1..12; empty means all year.
    handling_cost_eur_per_unit
        What the organisation pays today per canonical unit: disposal for an output,
        purchase for an input.
    """

    id: str
    organisation: str
    direction: str
    name: str
    kind: str | None = None
    ewc_code: str | None = None
    taxonomy_code: str | None = None
    quantity: float | None = None
    unit: str | None = None
    properties: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    months: tuple[int, ...] = ()
    handling_cost_eur_per_unit: float | None = None

    __hash__ = object.__hash__  # identity: properties is a dict


@dataclass(frozen=True)
class Condition:
    """A condition of a rule on a quality property of the supply or of the receiving input.

    ``value`` is a number, a boolean or the text ``"receiver"`` (compare with the same
    property of the receiving input: heat at 70 °C does not serve a need for 90 °C).
    ``required`` conditions exclude the pair when violated; others only lower the fit.
    """

    property: str
    operator: str
    value: float | bool | str
    side: str = "supply"
    required: bool = True

    def text(self) -> str:
        """The condition as written in the rule files, e.g. ``"temperature_c>=60"``."""
        value = str(self.value).lower() if isinstance(self.value, bool) else self.value
        prefix = "receiver." if self.side == "receiver" else ""
        return f"{prefix}{self.property}{self.operator}{value}"


@dataclass(frozen=True)
class Rule:
    """One synergy rule of the knowledge base: which output can feed which input.

    The supplier side matches an output stream by European List of Waste code or prefix,
    taxonomy code or prefix, or terms of its lexicon class found in its free-text name. The
    receiver side matches an input by taxonomy code, by terms in its name, or by the NACE
    classes of its organisation. ``substitution_ratio`` is receiver units replaced per
    supplier unit (``receive_unit`` per ``supply_unit``). Money is euros per supplier unit,
    emissions kg CO2e per supplier unit.
    """

    id: str
    family: str
    name: str
    supplier_ewc: tuple[str, ...] = ()
    supplier_taxonomy: tuple[str, ...] = ()
    supplier_terms: tuple[str, ...] = ()
    supplier_exclude: tuple[str, ...] = ()
    supplier_nace: tuple[str, ...] = ()
    receiver_taxonomy: tuple[str, ...] = ()
    receiver_nace: tuple[str, ...] = ()
    receiver_terms: tuple[str, ...] = ()
    receiver_exclude: tuple[str, ...] = ()
    supply_unit: str = "t/a"
    receive_unit: str = "t/a"
    substitution_ratio: float = 1.0
    conditions: tuple[Condition, ...] = ()
    preprocessing: str = ""
    avoided_emission_kg_per_unit: float = 0.0
    avoided_purchase_eur_per_unit: float = 0.0
    avoided_disposal_eur_per_unit: float = 0.0
    processing_cost_eur_per_unit: float = 0.0
    transport_mode: str = "truck"
    maturity: str = "established"
    source: str = ""
    file: str = ""

    def __hash__(self) -> int:
        # Rules key the engine's caches (evidence per rule and name, condition factors): a
        # rule's many fields are hashed once, not on every look-up.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, name) for name in self.__dataclass_fields__))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict[str, Any]:
        # String hashes differ between processes: a pickled rule hashes afresh.
        state = dict(self.__dict__)
        state.pop("_hash", None)
        return state


@dataclass(frozen=True)
class Factor:
    """One separately visible factor of a proposal's score.

    ``value`` is the factor's fit in 0..1 (``None`` when its data are missing, in which case
    a neutral value was used and the confidence lowered); ``weight`` its weight in the score;
    ``detail`` says in words how it was reached.
    """

    name: str
    value: float | None
    weight: float
    detail: str


@dataclass(frozen=True)
class Proposal:
    """A proposed exchange: ``output`` stream of ``supplier`` feeds ``input`` of ``receiver``.

    ``rank`` is 1 for the best proposal of its output stream, ``rank_for_input`` likewise
    for its input. ``score`` is ``technical_fit * (weighted mean of the other fits)``, scaled
    by ``0.8 + 0.2 * confidence``. Money and CO2 are per year, ``None`` when quantities are
    unknown.
    """

    output: str
    input: str
    supplier: str
    receiver: str
    rule: str
    rank: int
    rank_for_input: int
    score: float
    confidence: float
    technical_fit: float
    quantity_fit: float | None
    time_fit: float | None
    distance_fit: float | None
    distance_km: float | None
    transport_mode: str
    quantity_exchanged: float | None
    quantity_unit: str
    transport_cost_eur_per_year: float | None
    transport_co2_t_per_year: float | None
    value_eur_per_year: float | None
    co2_t_per_year: float | None
    preprocessing: str
    missing: tuple[str, ...]
    factors: tuple[Factor, ...]

    def explanation(self) -> dict[str, dict[str, Any]]:
        """Every factor as ``{name: {"value", "weight", "detail"}}`` for pages and JSON."""
        return {
            factor.name: {"value": factor.value, "weight": factor.weight, "detail": factor.detail}
            for factor in self.factors
        }


@dataclass(frozen=True)
class AttractSuggestion:
    """Who would take an output nobody takes (or supply an input nobody supplies).

    ``nace`` lists the NACE classes (with titles) of the kinds of company to attract, from
    ``rule``; ``kinds`` describes them in words.
    """

    stream: str
    organisation: str
    direction: str
    rule: str
    rule_name: str
    nace: tuple[tuple[str, str], ...]
    kinds: str
    fit: float
    source: str


@dataclass(frozen=True)
class ChainLink:
    """One proposal inside a chain, with the quantity it carries in that chain."""

    output: str
    input: str
    supplier: str
    receiver: str
    rule: str
    quantity: float | None
    unit: str


@dataclass(frozen=True)
class Chain:
    """A cascade (``kind="cascade"``: the same resource used again at a lower grade, as heat
    90 °C → 40 °C → greenhouse), a chain through transformations (``"chain"``: sludge →
    biogas → digestate → farm) or a closed loop (``"loop"``) in the proposal graph."""

    kind: str
    organisations: tuple[str, ...]
    links: tuple[ChainLink, ...]
    score: float


@dataclass(frozen=True)
class MatchResult:
    """Everything one matching run found, with the parameters it ran with."""

    proposals: tuple[Proposal, ...]
    attract: tuple[AttractSuggestion, ...] = ()
    chains: tuple[Chain, ...] = ()
    unmatched_outputs: tuple[str, ...] = ()
    unmatched_inputs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)

    __hash__ = object.__hash__

    def for_output(self, output_id: str) -> list[Proposal]:
        """The proposals of one output stream, best first."""
        return sorted((p for p in self.proposals if p.output == output_id), key=lambda p: p.rank)

    def for_input(self, input_id: str) -> list[Proposal]:
        """The proposals of one input stream, best first."""
        return sorted(
            (p for p in self.proposals if p.input == input_id), key=lambda p: p.rank_for_input
        )
