"""The matching engine: synergy knowledge base, proposals scored and explained, "who should we
attract", chains and loops, and the data package reader.

Pure Python (no Django). The Django side hands in :class:`Organisation`, :class:`Stream` and
:class:`Rule` objects and stores the :class:`MatchResult` it gets back.
"""

from .attract import who_to_attract
from .chains import allocate, find_chains
from .knowledge_base import KnowledgeBaseError, load_rules, parse_condition, rule_from_row
from .matching import DEFAULT_WEIGHTS, TRANSPORT, TransportMode, match_streams
from .package import PackageError, format_result, match_package, read_package, result_to_dicts
from .types import (
    AttractSuggestion, Chain, ChainLink, Condition, Factor, MatchResult, Organisation, Proposal,
    Rule, Stream,
)

__all__ = [
    "AttractSuggestion", "Chain", "ChainLink", "Condition", "DEFAULT_WEIGHTS", "Factor",
    "KnowledgeBaseError", "MatchResult", "Organisation", "PackageError", "Proposal", "Rule",
    "Stream", "TRANSPORT", "TransportMode", "allocate", "find_chains", "format_result",
    "load_rules", "match_package", "match_streams", "parse_condition", "read_package",
    "result_to_dicts", "rule_from_row", "who_to_attract",
]
