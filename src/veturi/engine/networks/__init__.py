"""Value networks: the synergy graph, its communities, the network around a locomotive,
typed cleantech templates filled from the data, gaps and summaries.

Pure Python (networkx; optionally graspologic-native for Leiden at national scale). The Django
side hands in organisations, proposals with a status and members' attributes, and stores the
frozen results it gets back.
"""

from .communities import METHODS, find_value_networks, partition_modularity
from .gaps import find_gaps
from .graph import WEIGHTS, build_synergy_graph, collapse, exchanges_from_proposals
from .neighbourhood import neighbourhood
from .summary import summarise_network
from .templates import TemplateError, fill_templates, load_templates, template_from_dict
from .totals import CountedTotals, count_once
from .types import (
    EXCHANGE_STATUSES, CommunityResult, Exchange, Gap, GapReport, Member, NetworkSummary, Role,
    RoleFill, Template, TemplateNetwork, ValueNetwork,
)

__all__ = [
    "EXCHANGE_STATUSES", "METHODS", "WEIGHTS", "CommunityResult", "CountedTotals", "Exchange", "Gap",
    "GapReport", "Member", "NetworkSummary", "Role", "RoleFill", "Template", "TemplateError",
    "TemplateNetwork", "ValueNetwork", "build_synergy_graph", "collapse",
    "count_once", "exchanges_from_proposals", "fill_templates", "find_gaps", "find_value_networks",
    "load_templates", "neighbourhood", "partition_modularity", "summarise_network",
    "template_from_dict",
]
