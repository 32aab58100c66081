""""Who should we attract?": for an output nobody in the data takes (or an input nobody
supplies), the kinds of company that would, with the rule that says so.

The receivers of an output are the NACE classes of the rules its supplier side matches; the
suppliers of an input are the NACE classes a rule names on its supplier side, or those that
produce the rule's waste codes (the chapters of the European List of Waste follow the
industries that produce them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from veturi.engine.reference import nace_codes

from .knowledge_base import MATURITY_LEVELS
from .types import AttractSuggestion, Organisation, Rule, Stream

__all__ = ["who_to_attract", "EWC_CHAPTER_PRODUCERS"]

#: NACE divisions that typically produce the wastes of each chapter of the European List of
#: Waste (the chapters are organised by source industry, Commission Decision 2000/532/EC).
EWC_CHAPTER_PRODUCERS: dict[str, tuple[str, ...]] = {
    "01": ("07", "08"), "02": ("01", "10", "11"), "03": ("16", "17", "31"),
    "04": ("13", "14", "15"), "05": ("19", "06"), "06": ("20",), "07": ("20", "21", "22"),
    "08": ("20", "23", "25"), "09": ("18", "74"), "10": ("35", "24", "23"),
    "11": ("25", "24"), "12": ("25", "28", "29"), "13": ("45", "49", "52"),
    "14": ("20", "25"), "15": ("46", "47", "52"), "16": ("45", "38", "26"),
    "17": ("41", "42", "43"), "18": ("86", "75"), "19": ("38", "37", "36"),
    "20": ("38", "81"),
}


def _titled(codes: Iterable[str]) -> tuple[tuple[str, str], ...]:
    table = nace_codes()
    seen: list[tuple[str, str]] = []
    for code in codes:
        code = code.rstrip("*").strip()
        if code in table and code not in {c for c, _ in seen}:
            seen.append((code, table[code].title))
    return tuple(seen)


def who_to_attract(
    streams: Iterable[Stream],
    rules: Iterable[Rule],
    organisations: Mapping[str, Organisation] | None = None,
    *,
    per_stream: int = 3,
    min_fit: float = 0.5,
) -> tuple[AttractSuggestion, ...]:
    """Suggest the kinds of company that would take each output (or supply each input).

    Parameters
    ----------
    streams : iterable of Stream
        Usually the streams a matching run left without proposals.
    rules : iterable of Rule
    organisations : mapping of id to Organisation, optional
        Used for the NACE evidence of inputs.
    per_stream : int, default 3
        Suggestions kept per stream, best rule first.
    min_fit : float, default 0.5
        Weakest evidence that a stream belongs to a rule's side.

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import load_rules
    >>> ash = Stream("ash", "mill", "output", "Wood ash from bark boiler", ewc_code="10 01 03")
    >>> best = who_to_attract([ash], load_rules())[0]
    >>> best.stream, len(best.nace) > 0
    ('ash', True)
    """
    from .matching import receiver_evidence, supplier_evidence

    if isinstance(per_stream, bool) or not isinstance(per_stream, int) or per_stream < 1:
        raise ValueError(f"per_stream must be a whole number of at least 1, got {per_stream!r}")
    rules = tuple(rules)
    organisations = organisations or {}
    suggestions: list[AttractSuggestion] = []
    for stream in streams:
        scored: list[tuple[float, Rule]] = []
        for rule in rules:
            if stream.direction == "output":
                evidence = supplier_evidence(stream, rule)
            else:
                evidence = receiver_evidence(stream, rule, organisations.get(stream.organisation))
            fit = evidence.strength * MATURITY_LEVELS[rule.maturity]
            if fit >= min_fit:
                scored.append((fit, rule))
        scored.sort(key=lambda item: (-item[0], item[1].id))
        for fit, rule in scored[:per_stream]:
            if stream.direction == "output":
                nace = _titled(rule.receiver_nace)
                kinds = "companies that take it: " + (
                    ", ".join(title for _, title in nace) or ", ".join(rule.receiver_terms[:3])
                )
            else:
                producers = rule.supplier_nace or tuple(
                    division for code in rule.supplier_ewc
                    for division in EWC_CHAPTER_PRODUCERS.get(code[:2], ())
                )
                nace = _titled(producers)
                kinds = "companies that produce it: " + (
                    ", ".join(title for _, title in nace) or ", ".join(rule.supplier_terms[:3])
                )
            suggestions.append(AttractSuggestion(
                stream=stream.id, organisation=stream.organisation, direction=stream.direction,
                rule=rule.id, rule_name=rule.name, nace=nace, kinds=kinds,
                fit=round(fit, 4), source=rule.source,
            ))
    return tuple(suggestions)
