"""Free-text evidence: does a stream's name carry one of a rule's terms?

Names come as each company writes them ("Fly ash from coal boiler", "lentotuhka",
"Yeast slurry (to pig farms)"). A term matches when each of its words starts a word of the
name, after a light English plural folding; Finnish compounds are caught by letting a word of
five letters or more match inside a longer word ("tuhka" in "lentotuhka").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalise_words", "term_strength", "best_term"]

_WORD = re.compile(r"[a-z0-9äöåüõ]+")


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


def _word_matches(term_word: str, name_word: str) -> bool:
    if name_word.startswith(term_word):
        return True
    return len(term_word) >= 5 and term_word in name_word


@lru_cache(maxsize=262144)
def term_strength(term: str, name: str) -> float:
    """Evidence in 0..1 that ``term`` names what ``name`` is; 0 when it does not occur.

    Longer, multi-word terms are more specific and count for more.

    Examples
    --------
    >>> term_strength("fly ash", "Fly ashes from the coal boiler")
    0.9
    >>> term_strength("tuhka", "Lentotuhka")
    0.82
    >>> term_strength("ash", "washing water")
    0.0
    """
    term_words = normalise_words(term)
    name_words = normalise_words(name)
    if not term_words or not name_words:
        return 0.0
    for term_word in term_words:
        if not any(_word_matches(term_word, word) for word in name_words):
            return 0.0
    if len(term_words) >= 3:
        return 0.95
    if len(term_words) == 2:
        return 0.9
    return 0.82 if len(term_words[0]) >= 5 else 0.78


def best_term(terms: tuple[str, ...], name: str) -> tuple[float, str]:
    """The strongest of ``terms`` found in ``name`` and its strength (0 and "" if none).

    Examples
    --------
    >>> best_term(("ash", "fly ash"), "Fly ash")
    (0.9, 'fly ash')
    """
    best, best_text = 0.0, ""
    for term in terms:
        strength = term_strength(term, name)
        if strength > best:
            best, best_text = strength, term
    return best, best_text
