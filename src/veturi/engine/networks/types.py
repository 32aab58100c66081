"""Plain data of the value-network engine: what goes in (members with their attributes,
exchanges with a status) and what comes out (value networks, template fillings, gaps and
summaries), each result carrying the numbers that explain it.

All types are frozen dataclasses so that results can be cached, compared and handed to pages,
the API and the CLI without surprises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EXCHANGE_STATUSES",
    "CommunityResult",
    "Exchange",
    "Gap",
    "GapReport",
    "Member",
    "NetworkSummary",
    "Role",
    "RoleFill",
    "Template",
    "TemplateNetwork",
    "ValueNetwork",
]

#: Life of an exchange, from the engine's proposal to a running flow; the order is maturity.
EXCHANGE_STATUSES: tuple[str, ...] = ("proposed", "validated", "realised")


@dataclass(frozen=True)
class Member:
    """What the network engine knows about an organisation beyond the matching engine's
    :class:`~veturi.engine.matching.types.Organisation`.

    ``employees`` and ``investment_eur`` are ``None`` when not given; ``locomotive`` marks
    an organisation the office treats as an anchor candidate.
    """

    organisation: str
    employees: int | None = None
    investment_eur: float | None = None
    engagement_stage: str = ""
    cleantech_category: str = ""
    locomotive: bool = False


@dataclass(frozen=True)
class Exchange:
    """One edge of the synergy graph: ``supplier``'s output feeds ``receiver``'s input.

    ``id`` is ``"<output>-><input>"`` for exchanges made from matching proposals. Money is
    EUR per year and CO2 tonnes per year, ``None`` when the quantities are unknown.
    ``quantity`` is what the exchange carries; ``supply_quantity`` and ``demand_quantity``
    what its output supplies and its input needs, all in ``unit`` (``None`` when unknown), so
    that totals count each supply and demand once (see :mod:`.totals`).
    """

    id: str
    supplier: str
    receiver: str
    status: str = "proposed"
    value_eur_per_year: float | None = None
    co2_t_per_year: float | None = None
    rule: str = ""
    output: str = ""
    input: str = ""
    quantity: float | None = None
    unit: str = ""
    score: float | None = None
    supply_quantity: float | None = None
    demand_quantity: float | None = None

    @property
    def family(self) -> str:
        """The synergy rule family, the part of the rule id before the first dot."""
        return self.rule.split(".", 1)[0] if self.rule else ""


@dataclass(frozen=True)
class ValueNetwork:
    """A set of organisations and the exchanges among them, found by one method.

    ``method`` is ``"community"``, ``"neighbourhood"`` or ``"template"``. ``edges`` are the
    organisation pairs linked inside the network (supplier first where known); ``exchanges``
    the ids of the exchanges behind them (empty for graphs built without exchanges).
    ``explanation`` says in words why these members belong together; ``evidence`` holds the
    numbers behind it (modularity contribution, internal and cut weight, depths ...).
    """

    id: str
    name: str
    method: str
    members: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]
    exchanges: tuple[str, ...]
    explanation: str
    evidence: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    __hash__ = object.__hash__


@dataclass(frozen=True)
class CommunityResult:
    """Value networks found as weighted communities of the synergy graph.

    ``modularity`` is the weighted modularity of the whole partition (singletons included);
    ``partition`` every node's community index, so that the partition can be checked.
    """

    networks: tuple[ValueNetwork, ...]
    modularity: float
    partition: dict[str, int] = field(default_factory=dict, hash=False, compare=True)
    singletons: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    __hash__ = object.__hash__


@dataclass(frozen=True)
class Role:
    """A role of a template: what a member must supply or take, or which industry it is.

    An organisation fills the role when one of its output streams lies under ``supplies_ewc``
    or ``supplies_taxonomy``, one of its input streams under ``takes_ewc`` or
    ``takes_taxonomy``, or one of its NACE codes under ``nace``. ``attract`` lists the NACE
    classes to invite when nobody fills it (defaults to ``nace``).
    """

    id: str
    name: str
    supplies_ewc: tuple[str, ...] = ()
    supplies_taxonomy: tuple[str, ...] = ()
    takes_ewc: tuple[str, ...] = ()
    takes_taxonomy: tuple[str, ...] = ()
    nace: tuple[str, ...] = ()
    attract: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Template:
    """A typed template of a cleantech value network: roles and the synergy rule families
    whose exchanges belong to it."""

    id: str
    name: str
    description: str
    roles: tuple[Role, ...]
    rule_families: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RoleFill:
    """Who fills one role of a template and why (``evidence``: one line per member)."""

    role: str
    members: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def filled(self) -> bool:
        return bool(self.members)


@dataclass(frozen=True)
class TemplateNetwork:
    """A template filled from the data: the value network and its role fillings."""

    template: str
    network: ValueNetwork
    roles: tuple[RoleFill, ...]

    @property
    def unfilled_roles(self) -> tuple[str, ...]:
        return tuple(fill.role for fill in self.roles if not fill.filled)


@dataclass(frozen=True)
class Gap:
    """One gap of a network: a role nobody fills (``kind="role"``), an output without a
    taker (``"output"``) or an input without a supplier (``"input"``).

    ``nace`` lists the NACE classes to attract with their titles; ``quantity``/``unit`` the
    volume at stake; ``value_lost_eur_per_year`` and ``co2_lost_t_per_year`` what the
    missing link costs each year (``None`` when unknown); ``detail`` how it was reached.
    """

    network: str
    kind: str
    subject: str
    organisation: str
    nace: tuple[tuple[str, str], ...]
    quantity: float | None
    unit: str
    value_lost_eur_per_year: float | None
    co2_lost_t_per_year: float | None
    rule: str
    detail: str


@dataclass(frozen=True)
class GapReport:
    """All gaps of one network with their totals."""

    network: str
    gaps: tuple[Gap, ...]
    value_lost_eur_per_year: float
    co2_lost_t_per_year: float


@dataclass(frozen=True)
class NetworkSummary:
    """The figures of one value network for lists, pages and the CLI.

    ``maturity`` counts exchanges per status (``proposed``, ``validated``, ``realised``);
    ``jobs`` sums the employees of the members that give them (``jobs_known`` of them);
    ``locomotives`` are the members marked as locomotives or, when none is marked, the
    member with the largest value of exchanges inside the network (``locomotive_reason``).
    ``value_eur_per_year`` and ``co2_t_per_year`` count each supply and demand once;
    ``claimed_*`` are the plain sums over all exchanges, competing proposals included.
    """

    network: str
    name: str
    members: tuple[str, ...]
    exchanges: int
    value_eur_per_year: float
    co2_t_per_year: float
    jobs: int
    jobs_known: int
    locomotives: tuple[str, ...]
    locomotive_reason: str
    maturity: dict[str, int] = field(default_factory=dict, hash=False, compare=True)
    claimed_value_eur_per_year: float = 0.0
    claimed_co2_t_per_year: float = 0.0

    __hash__ = object.__hash__

    @property
    def maturity_share(self) -> float:
        """Share of exchanges validated or realised, 0..1 (0 without exchanges)."""
        total = sum(self.maturity.values())
        done = self.maturity.get("validated", 0) + self.maturity.get("realised", 0)
        return done / total if total else 0.0
