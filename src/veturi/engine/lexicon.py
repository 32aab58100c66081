"""Classify free-text stream names, in English and Finnish, to taxonomy or waste codes.

Companies name their streams as they speak: "lentotuhka", "Hukkalämpöä 70 °C", "sewge sludge",
"Betonimursketta #0-45". :func:`classify` reads such a name and proposes a Veturi taxonomy code
or a European List of Waste code, with a confidence, the lexicon term that decided it and the
qualities it could read (temperature, pressure). A name it cannot place confidently is returned
with ``resolved=False``, for the office to classify by hand.

How a name is read (see ``docs/lexicon.md``):

1. Temperature and pressure are parsed from the raw text ("60 °C", "45 astetta", "12 bar(g)").
2. The text is normalised: lower case, ä→a, ö→o, å→a, punctuation to spaces. Finnish
   inflections and compounds are handled by the lexicon's terms being *stems*: a ``word`` term
   must start a word but may run on into an ending ("lentotuhk" matches "lentotuhkaa"), a
   ``part`` term may sit anywhere inside a compound ("liete" in "puhdistamoliete"), an
   ``exact`` term must be a whole word (acronyms such as "srf", "pp"). A term may join stems
   with ``+``: all must occur ("kivihiil+lentotuhk").
3. Words no term covers are compared with the lexicon's vocabulary, allowing one typing error
   (two in long words); a match found this way counts a little less.
4. Each code is scored by its best term's weight, plus a little for further terms that agree,
   for the ``kind`` given and for terms in the ``language`` given. Confidence is that score,
   lowered when an unrelated code scores nearly as well and when much of the name is not
   covered by the terms. Below :data:`RESOLVE_THRESHOLD` the name is left unresolved.
5. Heat is placed in its temperature band and steam in its pressure band when the name gives
   them (bands as in ``docs/taxonomy.md``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from veturi.engine.reference import (
    TAXONOMY_KINDS,
    ewc_codes,
    is_under,
    normalise_ewc_code,
    normalise_taxonomy_code,
    taxonomy,
)

__all__ = [
    "LANGUAGES",
    "RESOLVE_THRESHOLD",
    "Classification",
    "LexiconTerm",
    "classify",
    "classify_many",
    "heat_band_for",
    "lexicon_terms",
    "normalise_text",
    "parse_quality",
    "steam_band_for",
]

RESOLVE_THRESHOLD = 0.6
LANGUAGES = ("en", "fi")
MATCH_MODES = ("word", "part", "exact")

# Temperature bands of energy.heat and pressure bands (bar, gauge) of energy.steam: the lower
# limit is inclusive, the upper exclusive.
HEAT_BANDS = (
    (float("-inf"), 30.0, "energy.heat.t00_30"),
    (30.0, 60.0, "energy.heat.t30_60"),
    (60.0, 90.0, "energy.heat.t60_90"),
    (90.0, 120.0, "energy.heat.t90_120"),
    (120.0, float("inf"), "energy.heat.t120_plus"),
)
STEAM_BANDS = (
    (float("-inf"), 3.0, "energy.steam.p00_03"),
    (3.0, 10.0, "energy.steam.p03_10"),
    (10.0, 40.0, "energy.steam.p10_40"),
    (40.0, float("inf"), "energy.steam.p40_plus"),
)

# A fuzzy (typo-tolerant) match counts this much of the term's weight.
FUZZY_WEIGHT_FACTOR = 0.9
# A stem followed by another stem inside the same word is a modifier of that word's head.
MODIFIER_WEIGHT_FACTOR = 0.85
# Bonuses that break ties between candidate codes.
AGREEING_TERM_BONUS = 0.03
KIND_BONUS = 0.08
LANGUAGE_BONUS = 0.02
# A name that says it is waste ("jäte", "scrap", "liete") leans to the European List of Waste.
WASTE_WORD_BONUS = 0.05
_WASTE_WORDS = re.compile(
    r"waste|scrap|sludge|residue|discarded|spent|used|jate|jatt|romu|liete"
)
# A name that says it is a product or recovered material leans to the taxonomy.
PRODUCT_WORD_BONUS = 0.05
_PRODUCT_WORDS = re.compile(
    r"product|recovered|granulate|regrind|flakes|tuote|talteen|regranul|rouhe|hiutale"
)
# A name giving a temperature leans to heat, one giving a pressure to steam.
QUALITY_BONUS = 0.1
# A rival code within this score of the best lowers the confidence.
AMBIGUITY_MARGIN = 0.15

_EWC_KINDS = frozenset({"material", "by_product"})

# Words that carry no meaning for classification: they do not count against coverage.
_STOPWORDS = frozenset(
    """a an and the of from for to in on at by with as or per approx ca about n noin
    ja tai seka kuten yms ym mm eli vain t v kk vrk pv h d m m2 m3 kg mwh kwh gwh
    mw kw l s bar barg c deg degc astetta asteinen asteista tonnia tonnes tons ton yr year
    vuosi vuodessa annual approximately total yhteensa eri muu muut""".split()
)


@dataclass(frozen=True)
class Classification:
    """The outcome of classifying one stream name.

    ``scheme`` is ``"ewc"`` or ``"taxonomy"`` (None when nothing matched); ``code`` the
    proposed code; ``confidence`` between 0 and 1; ``matched_term`` the lexicon term that
    decided; ``resolved`` whether the confidence reaches :data:`RESOLVE_THRESHOLD` (False means
    the office must classify it); ``quality`` what was read from the name, e.g.
    ``{"temperature_c": 60.0}`` or ``{"pressure_bar": 12.0}``.
    """

    scheme: str | None
    code: str | None
    confidence: float
    matched_term: str | None
    resolved: bool
    quality: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LexiconTerm:
    """One row of ``lexicon.csv``: stems, the code they point to and how strongly."""

    term: str
    language: str
    scheme: str
    code: str
    weight: float
    match: str
    parts: tuple[str, ...]


def normalise_text(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics and punctuation, spaces collapsed.

    Examples
    --------
    >>> normalise_text("Hukkalämpöä (70 °C), SER-romu")
    'hukkalampoa 70 c ser romu'
    """
    lowered = text.lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())


_NUMBER = r"[+-]?\d+(?:[.,]\d+)?"
_RANGE = rf"({_NUMBER})(?:\s*(?:-|–|—|\.\.|to)\s*({_NUMBER}))?"
_TEMPERATURE = re.compile(
    rf"(?<![\w.,]){_RANGE}\s*(?:°\s*c|℃|°|deg(?:rees)?\s*c?|celsius|astee\w*|astetta|c)"
    r"(?![a-zåäö0-9])"
)
_PRESSURE = re.compile(
    rf"(?<![\w.,]){_RANGE}\s*(mpa|kpa|bar\s*\(\s*[ga]\s*\)|barg|bara|baar\w*|bar)(?![a-zåäö])"
)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_quality(name: str) -> dict:
    """Read temperature (°C) and pressure (bar, gauge) from a stream name.

    A range gives its mean as the value and its ends as ``..._min``/``..._max``. Pressure in
    MPa or kPa is converted to bar; an absolute pressure (``bara``, ``bar(a)``) is converted to
    gauge by taking off one atmosphere.

    Examples
    --------
    >>> parse_quality("hukkalämpö 45 astetta")
    {'temperature_c': 45.0}
    >>> parse_quality("waste heat 40-60 °C")
    {'temperature_c': 50.0, 'temperature_min_c': 40.0, 'temperature_max_c': 60.0}
    >>> parse_quality("steam 1.2 MPa")
    {'pressure_bar': 12.0}
    """
    text = name.lower()
    quality: dict = {}
    pressure = _PRESSURE.search(text)
    if pressure:
        low, high, unit = pressure.groups()
        factor = {"mpa": 10.0, "kpa": 0.01}.get(unit, 1.0)
        offset = 1.01325 if unit == "bara" or re.fullmatch(r"bar\s*\(\s*a\s*\)", unit) else 0.0
        values = [_number(v) * factor - offset for v in (low, high) if v is not None]
        quality["pressure_bar"] = round(sum(values) / len(values), 3)
        if len(values) == 2:
            quality["pressure_min_bar"], quality["pressure_max_bar"] = values
        # the pressure's number must not also be read as a temperature
        text = text[:pressure.start()] + " " + text[pressure.end():]
    temperature = _TEMPERATURE.search(text)
    if temperature:
        low, high = temperature.groups()
        values = [_number(v) for v in (low, high) if v is not None]
        quality = {"temperature_c": round(sum(values) / len(values), 3), **quality}
        if len(values) == 2:
            quality["temperature_min_c"], quality["temperature_max_c"] = values
    return quality


def heat_band_for(temperature_c: float) -> str:
    """Return the energy.heat band of a supply temperature.

    Examples
    --------
    >>> heat_band_for(60)
    'energy.heat.t60_90'
    >>> heat_band_for(29.9)
    'energy.heat.t00_30'
    """
    return next(code for low, high, code in HEAT_BANDS if low <= temperature_c < high)


def steam_band_for(pressure_bar: float) -> str:
    """Return the energy.steam band of a gauge pressure in bar.

    Examples
    --------
    >>> steam_band_for(12)
    'energy.steam.p10_40'
    """
    return next(code for low, high, code in STEAM_BANDS if low <= pressure_bar < high)


@lru_cache(maxsize=1)
def lexicon_terms() -> tuple[LexiconTerm, ...]:
    """Return the terms of ``lexicon.csv``, validated.

    Raises
    ------
    ValueError
        Naming the line of a row whose language, scheme, code, weight or match is invalid.

    Examples
    --------
    >>> term = next(t for t in lexicon_terms() if t.term == "kivihiil+lentotuhk")
    >>> term.parts, term.code, term.match
    (('kivihiil', 'lentotuhk'), '10 01 02', 'word')
    """
    data_file = resources.files("veturi").joinpath("data", "lexicon.csv")
    terms = []
    with data_file.open("r", encoding="utf-8", newline="") as handle:
        for line_number, row in enumerate(csv.DictReader(handle), start=2):
            terms.append(_term_from_row(row, line_number))
    return tuple(terms)


def _term_from_row(row: dict[str, str], line_number: int) -> LexiconTerm:
    where = f"lexicon.csv line {line_number}"
    language = row["language"].strip()
    if language not in LANGUAGES:
        raise ValueError(f"{where}: language must be one of {LANGUAGES}, got {language!r}")
    scheme = row["scheme"].strip()
    if scheme == "ewc":
        code = normalise_ewc_code(row["code"])
        if ewc_codes()[code].level != "entry":
            raise ValueError(f"{where}: EWC code {code} is not a six-digit entry")
    elif scheme == "taxonomy":
        code = normalise_taxonomy_code(row["code"])
    else:
        raise ValueError(f"{where}: scheme must be 'ewc' or 'taxonomy', got {scheme!r}")
    try:
        weight = float(row["weight"])
    except ValueError:
        raise ValueError(f"{where}: weight {row['weight']!r} is not a number") from None
    if not 0 < weight <= 1:
        raise ValueError(f"{where}: weight must be in (0, 1], got {weight}")
    match = row["match"].strip() or "word"
    if match not in MATCH_MODES:
        raise ValueError(f"{where}: match must be one of {MATCH_MODES}, got {match!r}")
    parts = tuple(normalise_text(part) for part in row["term"].split("+"))
    if not all(parts):
        raise ValueError(f"{where}: term {row['term']!r} has an empty part")
    return LexiconTerm(row["term"], language, scheme, code, weight, match, parts)


@lru_cache(maxsize=1)
def _compiled_terms() -> tuple[tuple[LexiconTerm, tuple[re.Pattern, ...]], ...]:
    compiled = []
    for term in lexicon_terms():
        patterns = []
        for index, part in enumerate(term.parts):
            escaped = re.escape(part)
            # Only the first stem follows the row's match mode. The context stems of a "+"
            # term are word stems in English and may sit inside a compound in Finnish
            # ("alumiini+romu" in "alumiiniprofiiliromu").
            if index == 0:
                mode = term.match
            else:
                mode = "part" if term.language == "fi" else "word"
            if mode == "exact":
                patterns.append(re.compile(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"))
            elif mode == "word":
                patterns.append(re.compile(rf"(?<![a-z0-9]){escaped}"))
            else:
                patterns.append(re.compile(escaped))
        compiled.append((term, tuple(patterns)))
    return tuple(compiled)


# Typo mending compares words with stems of at least this many letters: shorter stems have
# too many real words one letter away ("steam" and "stream", "tires" and "tiles").
FUZZY_MIN_STEM = 6


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, ...]:
    # Only the words of plain terms: the context stems of "+" terms ("lammin" of
    # "lammin+varasto") mean little alone and would mend innocent words ("laminate").
    words = set()
    for term in lexicon_terms():
        if len(term.parts) == 1:
            words.update(word for word in term.parts[0].split() if len(word) >= FUZZY_MIN_STEM)
    return tuple(sorted(words))


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), stopping past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=1)
def _vocabulary_by_initial() -> dict[str, tuple[str, ...]]:
    by_initial: dict[str, list[str]] = {}
    for stem in _vocabulary():
        by_initial.setdefault(stem[0], []).append(stem)
    return {initial: tuple(stems) for initial, stems in by_initial.items()}


@lru_cache(maxsize=8192)
def _correct_word(word: str) -> str | None:
    """Return the word with a typing error mended from the vocabulary, or None.

    Only stems with the same first letter are tried: a first letter is seldom mistyped, and
    this keeps mending cheap.
    """
    if len(word) < FUZZY_MIN_STEM - 1 or word.isdigit():
        return None
    best: tuple[int, str] | None = None
    for stem in _vocabulary_by_initial().get(word[0], ()):
        limit = 2 if len(stem) >= 9 else 1
        if abs(len(stem) - len(word)) > limit + 6:
            continue
        # compare the stem with the start of the word, allowing an inflected ending
        for length in (len(stem) - 1, len(stem), len(stem) + 1):
            if length < 4 or length > len(word):
                continue
            distance = _edit_distance(word[:length], stem, limit)
            if 0 < distance <= limit and (best is None or distance < best[0]):
                best = (distance, stem + word[length:])
    return best[1] if best else None


@dataclass(frozen=True)
class _Hit:
    term: LexiconTerm
    spans: tuple[tuple[int, int], ...]
    fuzzy: bool
    factor: float = 1.0


def _find_hits(text: str, fuzzy_spans: list[tuple[int, int]]) -> list[_Hit]:
    hits = []
    for term, patterns in _compiled_terms():
        # A plain substring test first: most terms are absent, and it is far cheaper.
        if not all(part in text for part in term.parts):
            continue
        spans = []
        for pattern in patterns:
            found = pattern.search(text)
            if found is None:
                break
            spans.append(found.span())
        else:
            fuzzy = any(s < fe and fs < e for s, e in spans for fs, fe in fuzzy_spans)
            hits.append(_Hit(term, tuple(spans), fuzzy))
    return _weaken_modifiers(text, _drop_contained(hits))


def _weaken_modifiers(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Weaken a single stem that a later stem follows inside the same Finnish word.

    A Finnish compound means what its last part means: "tuulivoimalahuolto" is maintenance
    (huolto) of a wind turbine, not wind power. The earlier stem keeps
    :data:`MODIFIER_WEIGHT_FACTOR` of its weight.
    """
    words = _word_spans(text)

    def word_of(span):
        return next((i for i, (s, e, _) in enumerate(words) if s <= span[0] < e), None)

    single = [(hit, hit.spans[0], word_of(hit.spans[0])) for hit in hits if len(hit.spans) == 1]
    modifiers = {
        id(hit) for hit, span, word in single
        for other, other_span, other_word in single
        if word is not None and word == other_word and other.term.code != hit.term.code
        and span[1] <= other_span[0]
    }
    return [
        _Hit(hit.term, hit.spans, hit.fuzzy, MODIFIER_WEIGHT_FACTOR) if id(hit) in modifiers
        else hit
        for hit in hits
    ]


def _drop_contained(hits: list[_Hit]) -> list[_Hit]:
    """Drop single-stem hits lying inside a longer stem found at the same place.

    The longest stem is the most specific reading of a word: in "lauhdelämpö" the heat stem
    "lauhdelamp" is meant, not the condensate stem "lauhde" at its start.
    """
    single_spans = [hit.spans[0] for hit in hits if len(hit.spans) == 1]
    kept = []
    for hit in hits:
        if len(hit.spans) == 1:
            start, end = hit.spans[0]
            if any(s <= start and end <= e and (e - s) > (end - start) for s, e in single_spans):
                continue
        kept.append(hit)
    return kept


def _word_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"[a-z0-9]+", text)]


def _meaningful(word: str) -> bool:
    return len(word) > 2 and not any(ch.isdigit() for ch in word) and word not in _STOPWORDS


def _kind_of(scheme: str, code: str) -> frozenset[str]:
    if scheme == "ewc":
        return _EWC_KINDS
    return frozenset({taxonomy()[code].kind})


def _related(code_a: str, code_b: str) -> bool:
    return is_under(code_a, code_b) or is_under(code_b, code_a)


def classify(name: str, *, kind: str | None = None,
             language: str | None = None) -> Classification:
    """Classify a free-text stream name to a taxonomy or European List of Waste code.

    Parameters
    ----------
    name : str
        The stream's name as the company wrote it, in English or Finnish.
    kind : str, optional
        The stream's kind (material, energy, water, by_product, service, logistics); codes of
        that kind win ties. EWC codes count as material or by_product.
    language : str, optional
        ``"en"`` or ``"fi"``; terms of that language win ties. Both languages are always used.

    Returns
    -------
    Classification
        ``resolved=False`` when nothing matched or the confidence is below
        :data:`RESOLVE_THRESHOLD`; the best guess is still given when there is one.

    Raises
    ------
    ValueError
        When ``name`` is not text, or ``kind`` or ``language`` is not one of the known ones.

    Examples
    --------
    >>> classify("lentotuhka").code
    '10 01 03'
    >>> result = classify("waste heat 60 °C")
    >>> result.code, result.quality
    ('energy.heat.t60_90', {'temperature_c': 60.0})
    >>> classify("hukkalämpö 45 astetta").code
    'energy.heat.t30_60'
    >>> classify("sekalaiset").resolved
    False
    """
    if not isinstance(name, str):
        raise ValueError(f"name must be text, got {type(name).__name__}")
    if kind is not None and kind not in TAXONOMY_KINDS:
        raise ValueError(f"kind must be one of {TAXONOMY_KINDS} or None, got {kind!r}")
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES} or None, got {language!r}")

    quality = parse_quality(name)
    text = normalise_text(name)
    hits = _find_hits(text, [])
    text, fuzzy_spans = _mend_typos(text, hits)
    if fuzzy_spans:
        hits = _find_hits(text, fuzzy_spans)
    if not hits:
        return Classification(None, None, 0.0, None, False, quality)

    scored = _score_codes(hits, kind=kind, language=language, text=text, quality=quality)
    (best_scheme, best_code), (best_score, best_hit) = max(
        scored.items(), key=lambda item: (item[1][0], item[1][1].term.weight)
    )
    rival_score = max(
        (score for (scheme, code), (score, _) in scored.items()
         if (scheme, code) != (best_scheme, best_code)
         and not (scheme == best_scheme == "taxonomy" and _related(code, best_code))),
        default=0.0,
    )
    confidence = min(best_score, 1.0)
    margin = best_score - rival_score
    if margin < AMBIGUITY_MARGIN:
        confidence *= 0.75 + 0.25 * margin / AMBIGUITY_MARGIN
    confidence *= 0.7 + 0.3 * _coverage(text, hits, best_scheme, best_code)

    code = _apply_bands(best_scheme, best_code, quality, text)
    confidence = round(confidence, 3)
    return Classification(
        scheme=best_scheme,
        code=code,
        confidence=confidence,
        matched_term=best_hit.term.term,
        resolved=confidence >= RESOLVE_THRESHOLD,
        quality=quality,
    )


def _mend_typos(text: str, hits: list[_Hit]) -> tuple[str, list[tuple[int, int]]]:
    covered = [span for hit in hits for span in hit.spans]
    pieces, fuzzy_spans, position = [], [], 0
    for start, end, word in _word_spans(text):
        touched = any(s < end and start < e for s, e in covered)
        mended = None if touched or not _meaningful(word) else _correct_word(word)
        pieces.append(text[position:start])
        new_start = sum(len(p) for p in pieces)
        pieces.append(mended or word)
        if mended:
            fuzzy_spans.append((new_start, new_start + len(mended)))
        position = end
    pieces.append(text[position:])
    return "".join(pieces), fuzzy_spans


def _score_codes(hits: list[_Hit], *, kind: str | None, language: str | None,
                 text: str, quality: dict) -> dict[tuple[str, str], tuple[float, _Hit]]:
    waste_named = _WASTE_WORDS.search(text) is not None
    product_named = _PRODUCT_WORDS.search(text) is not None
    by_code: dict[tuple[str, str], list[tuple[float, _Hit]]] = {}
    for hit in hits:
        weight = hit.term.weight * hit.factor * (FUZZY_WEIGHT_FACTOR if hit.fuzzy else 1.0)
        if language is not None and hit.term.language == language:
            weight += LANGUAGE_BONUS
        by_code.setdefault((hit.term.scheme, hit.term.code), []).append((weight, hit))
    for weighted in by_code.values():
        weighted.sort(key=lambda item: item[0], reverse=True)
    scored = {}
    for (scheme, code), weighted in by_code.items():
        best_weight, best_hit = weighted[0]
        # Terms for a broader code of the same branch support the narrower one: "wind" and
        # "electricity" together mean wind electricity, "lämmin varasto" a heated warehouse.
        # The narrower code takes the broader one's weight when that is higher.
        broader = [
            other for (other_scheme, other_code), other in by_code.items()
            if scheme == other_scheme == "taxonomy" and other_code != code
            and is_under(code, other_code)
        ]
        agreeing = len(weighted) - 1 + sum(len(other) for other in broader)
        best_weight = max([best_weight] + [other[0][0] for other in broader])
        score = best_weight + AGREEING_TERM_BONUS * min(agreeing, 2)
        if scheme == "ewc" and waste_named:
            score += WASTE_WORD_BONUS
        if scheme == "taxonomy" and product_named:
            score += PRODUCT_WORD_BONUS
        # A temperature in the name says heat; a pressure says steam.
        if scheme == "taxonomy" and (
            ("temperature_c" in quality and is_under(code, "energy.heat"))
            or ("pressure_bar" in quality and is_under(code, "energy.steam"))
        ):
            score += QUALITY_BONUS
        if kind is not None and kind in _kind_of(scheme, code):
            score += KIND_BONUS
        scored[(scheme, code)] = (score, best_hit)
    return scored


def _coverage(text: str, hits: list[_Hit], scheme: str, code: str) -> float:
    """Share of the meaningful words touched by terms pointing to the chosen code's branch."""
    words = [(s, e) for s, e, word in _word_spans(text) if _meaningful(word)]
    if not words:
        return 1.0
    spans = [
        span for hit in hits
        if hit.term.scheme == scheme
        and (hit.term.code == code or (scheme == "taxonomy" and _related(hit.term.code, code)))
        for span in hit.spans
    ]
    covered = sum(1 for s, e in words if any(hs < e and s < he for hs, he in spans))
    return covered / len(words)


_LOW_PRESSURE = re.compile(r"\b(matalapaine\w*|low pressure|lp)\b")
_MEDIUM_PRESSURE = re.compile(r"\b(keskipaine\w*|medium pressure|mp)\b")
_HIGH_PRESSURE = re.compile(r"\b(korkeapaine\w*|high pressure|hp)\b")


def _apply_bands(scheme: str, code: str, quality: dict, text: str) -> str:
    """Place heat in its temperature band and steam in its pressure band."""
    if scheme != "taxonomy":
        return code
    if is_under(code, "energy.heat") and code != "energy.heat.district":
        if "temperature_c" in quality:
            return heat_band_for(quality["temperature_c"])
        return code
    if is_under(code, "energy.steam"):
        if "pressure_bar" in quality:
            return steam_band_for(quality["pressure_bar"])
        if code == "energy.steam":
            for pattern, band in ((_LOW_PRESSURE, "energy.steam.p00_03"),
                                  (_MEDIUM_PRESSURE, "energy.steam.p03_10"),
                                  (_HIGH_PRESSURE, "energy.steam.p10_40")):
                if pattern.search(text):
                    return band
    return code


def classify_many(names: Iterable[str], *, kind: str | None = None,
                  language: str | None = None) -> list[Classification]:
    """Classify many names; a name seen twice is classified once.

    Examples
    --------
    >>> [c.code for c in classify_many(["fly ash", "sahanpuru"])]
    ['10 01 03', 'by_product.wood.sawdust']
    """
    cache: dict[str, Classification] = {}
    results = []
    for name in names:
        if name not in cache:
            cache[name] = classify(name, kind=kind, language=language)
        results.append(cache[name])
    return results
