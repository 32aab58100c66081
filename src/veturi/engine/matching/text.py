"""Free-text evidence: does a stream's name carry one of a rule's terms?

Names come as each company writes them ("Fly ash from coal boiler", "lentotuhka",
"Yeast slurry (to pig farms)"). A term matches when its words occur in the name in the same
order and next to each other, each word starting a word of the name, after a light English
plural folding. Compounds are caught by letting a word of five letters or more end a longer
word, give or take a short inflection ending ("tuhka" in "lentotuhkaa", "water" in
"wastewater"), but not sit inside it ("sulphur" is not in "desulphurisation").

Terms made only of generic words ("raw material", "feedstock", "by-product") say that an
input takes *something*, not *what*, and count for much less.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "GENERIC_WORDS", "best_term", "candidate_terms", "index_terms", "match_words", "name_keys",
    "normalise_words", "term_strength",
]

_WORD = re.compile(r"[a-z0-9äöåüõæø]+")

#: Words that do not say what a resource is.
GENERIC_WORDS = frozenset({
    "raw", "material", "feedstock", "substrate", "supply", "input", "product", "by", "side",
    "stream", "residue", "other", "secondary", "intermediate", "resource", "raaka", "aine",
    "sivutuote", "sivuvirta", "jäännö", "feed", "off", "spec", "chemical", "industrial",
})
# "feed" is generic only inside a multi-word generic phrase ("feed stock"); a lone "feed"
# (animal feed) is handled by the single-word rule below.


def _fold(word: str) -> str:
    # Plurals and their singulars must meet: "sludges"/"sludge", "batteries"/"battery".
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def normalise_words(text: str) -> tuple[str, ...]:
    """Lower-case, accent-light words of a text, plurals folded.

    Examples
    --------
    >>> normalise_words("Fly ashes (CHP boiler), 10 01 02")
    ('fly', 'ash', 'chp', 'boiler', '10', '01', '02')
    """
    text = unicodedata.normalize("NFC", (text or "").lower())
    text = text.replace("é", "e").replace("è", "e").replace("ß", "ss")
    return tuple(_fold(word) for word in _WORD.findall(text))


# Endings that make another word rather than inflect the same one ("sulphur" is not
# "sulphuric", "carbon" is not "carbonate").
_DERIVATIONS = ("ic", "ical", "ically", "ous", "ity", "ide", "ite", "ate", "ation", "ism")


def _word_matches(term_word: str, name_word: str) -> bool:
    if name_word.startswith(term_word):
        tail = name_word[len(term_word):]
        if len(term_word) <= 3:
            # Short words and abbreviations stand alone: "pet" is not "petcoke", "f" not "flue".
            return tail in ("", "e", "s", "es")
        if tail in _DERIVATIONS:
            return False
        # An inflection ending, or a longer word the term starts as the first part of a
        # compound ("biokaasu" in "biokaasulaitokselle", "tuhka" in "tuhkalannoite").
        return len(tail) <= 5 or len(term_word) >= 5
    if len(term_word) < 5:
        return False
    position = name_word.rfind(term_word)
    # Inside a compound the term must be its head, followed at most by an inflection.
    return position > 0 and len(name_word) - position - len(term_word) <= 3


@lru_cache(maxsize=262144)
def match_words(term: str, name: str) -> tuple[int, ...] | None:
    """Positions of the name's words that ``term`` matches, or None.

    The words must come in order; one extra word may sit between two of them ("reclaimed
    industrial water" still says "reclaimed water"), which :func:`term_strength` counts
    for a little less.

    Examples
    --------
    >>> match_words("fly ash", "Coal fly ashes")
    (1, 2)
    >>> match_words("reclaimed water", "Reclaimed industrial water")
    (0, 2)
    >>> match_words("fly ash", "Ash from fly wheels") is None
    True
    """
    term_words = normalise_words(term)
    name_words = normalise_words(name)
    if not term_words or len(term_words) > len(name_words):
        return None
    best: tuple[int, ...] | None = None
    for start in range(len(name_words)):
        if not _word_matches(term_words[0], name_words[start]):
            continue
        positions = [start]
        for term_word in term_words[1:]:
            following = positions[-1] + 1
            if following < len(name_words) and _word_matches(term_word, name_words[following]):
                positions.append(following)
            elif following + 1 < len(name_words) and _word_matches(
                    term_word, name_words[following + 1]):
                positions.append(following + 1)
            else:
                break
        else:
            found = tuple(positions)
            if best is None or found[-1] - found[0] < best[-1] - best[0]:
                best = found
    return best


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Every word start a term word could match in ``name``: prefixes of its words and the
    heads of its compounds. A term whose first word is not among them cannot match, which
    lets the engine skip most term-name pairs without looking closer.

    Examples
    --------
    >>> {"fly", "ash", "tuhka"} <= name_keys("Fly ash, lentotuhkaa")
    True
    """
    keys: set[str] = set()
    for word in normalise_words(name):
        keys.update(word[:i] for i in range(1, len(word) + 1))
        for end in range(max(5, len(word) - 3), len(word) + 1):
            keys.update(word[start:end] for start in range(1, end - 4))
    return frozenset(keys)


@lru_cache(maxsize=8192)
def _first_word(term: str) -> str:
    words = normalise_words(term)
    return words[0] if words else ""


def term_strength(term: str, name: str) -> float:
    """Evidence in 0..1 that ``term`` names what ``name`` is; 0 when it does not occur.

    Longer, multi-word terms are more specific and count for more; generic terms for little.

    Examples
    --------
    >>> term_strength("fly ash", "Fly ashes from the coal boiler")
    0.9
    >>> term_strength("tuhka", "Lentotuhka")
    0.82
    >>> term_strength("ash", "washing water")
    0.0
    >>> term_strength("raw material", "Corn starch (raw materials)")
    0.5
    """
    if _first_word(term) not in name_keys(name):
        return 0.0
    return _term_strength(term, name)


@lru_cache(maxsize=262144)
def _term_strength(term: str, name: str) -> float:
    positions = match_words(term, name)
    if positions is None:
        return 0.0
    words = normalise_words(term)
    # A word in between loosens the phrase a little.
    loose = 0.9 if positions[-1] - positions[0] + 1 > len(positions) else 1.0
    if all(word in GENERIC_WORDS for word in words) and words != ("feed",):
        return 0.5 * loose
    if len(words) >= 3:
        return 0.95 * loose
    if len(words) == 2:
        return 0.9 * loose
    return 0.82 if len(words[0]) >= 5 else 0.78


# The first words of every term indexed so far, and a version that changes when words join:
# a name's keys that start some term are a handful of its many prefixes, kept per version.
_VOCABULARY: set[str] = set()
_VOCABULARY_VERSION = [0]
_NAME_HITS: dict[str, tuple[int, frozenset[str]]] = {}


@lru_cache(maxsize=16384)
def _first_word_index(terms: tuple[str, ...]) -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """The first words of ``terms`` and, for each, the positions of the terms it starts."""
    positions: dict[str, list[int]] = {}
    for position, term in enumerate(terms):
        word = _first_word(term)
        if word:
            positions.setdefault(word, []).append(position)
    if not _VOCABULARY.issuperset(positions):
        _VOCABULARY.update(positions)
        _VOCABULARY_VERSION[0] += 1
    return frozenset(positions), {word: tuple(found) for word, found in positions.items()}


def index_terms(*term_lists: tuple[str, ...]) -> None:
    """Index the first words of term lists ahead of a run, so that the words of each name
    are looked up once (new words make every name look again)."""
    for terms in term_lists:
        _first_word_index(terms)


def _name_hits(name: str) -> frozenset[str]:
    """The keys of ``name`` (:func:`name_keys`) that are the first word of an indexed term."""
    version = _VOCABULARY_VERSION[0]
    cached = _NAME_HITS.get(name)
    if cached is not None and cached[0] == version:
        return cached[1]
    # name_keys(name) & _VOCABULARY, without building every key: most are no term's word.
    vocabulary = _VOCABULARY
    hits = set()
    for word in normalise_words(name):
        hits.update(key for key in (word[:i] for i in range(1, len(word) + 1))
                    if key in vocabulary)
        for end in range(max(5, len(word) - 3), len(word) + 1):
            hits.update(key for key in (word[start:end] for start in range(1, end - 4))
                        if key in vocabulary)
    hits = frozenset(hits)
    if len(_NAME_HITS) > 65536:
        _NAME_HITS.clear()
    _NAME_HITS[name] = (version, hits)
    return hits


def candidate_terms(terms: tuple[str, ...], name: str) -> tuple[str, ...]:
    """The ``terms`` (in their order) whose first word could match a word of ``name``: the
    only ones :func:`term_strength` can find there. One set intersection per name instead of
    a look-up per term (rules carry dozens of terms in several languages).

    Examples
    --------
    >>> candidate_terms(("fly ash", "bottom ash", "ash", "slag"), "Ashes from the boiler")
    ('ash',)
    """
    index = _first_word_index(terms)  # indexes the words first
    return terms_starting(terms, index, _name_hits(name))


def term_index(terms: tuple[str, ...]) -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """The first words of ``terms`` and the positions of the terms each starts (indexing the
    words), for :func:`terms_starting`: a caller that meets the same term list many times
    keeps it instead of looking the list up each time."""
    return _first_word_index(terms)


def starting_words(name: str) -> frozenset[str]:
    """The words of indexed terms that could start in ``name`` (see :func:`term_index`)."""
    return _name_hits(name)


def terms_starting(terms: tuple[str, ...],
                   index: tuple[frozenset[str], dict[str, tuple[int, ...]]],
                   hits: frozenset[str]) -> tuple[str, ...]:
    """:func:`candidate_terms` from the list's :func:`term_index` and the name's
    :func:`starting_words` (indexed after the list)."""
    first_words, positions_of = index
    if hits.isdisjoint(first_words):
        return ()  # most lists: no set built
    found = hits & first_words
    if len(found) == 1:
        return tuple(terms[position] for position in positions_of[next(iter(found))])
    return tuple(terms[position] for position in sorted(
        position for word in found for position in positions_of[word]))


@lru_cache(maxsize=262144)
def best_term(
    terms: tuple[str, ...], name: str, *, avoid: tuple[int, ...] = ()
) -> tuple[float, str]:
    """The strongest of ``terms`` found in ``name`` and its strength (0 and "" if none).

    Examples
    --------
    >>> best_term(("ash", "fly ash"), "Fly ash")
    (0.9, 'fly ash')
    """
    best, best_text = 0.0, ""
    for term in candidate_terms(terms, name):
        strength = _term_strength(term, name)
        if strength and avoid and set(match_words(term, name) or ()) & set(avoid):
            continue
        if strength > best:
            best, best_text = strength, term
    return best, best_text
