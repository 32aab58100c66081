"""The synergy knowledge base: rules read from the versioned data files and validated.

Rules live in ``veturi/data/synergy_rules/*.csv``, one file per resource family (see
``docs/matching.md`` for the format). Every field is checked when the files are loaded, and an
error names the file, the rule and the field, so that an office member editing a rule sees at
once what to fix. The Django side keeps an editable copy with history in the database and
hands the engine the same :class:`~veturi.engine.matching.types.Rule` objects.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

from veturi.engine.reference import ewc_codes, nace_codes, taxonomy
from veturi.engine.units import CANONICAL_UNITS

from .types import TRANSPORT_MODES, Condition, Rule

__all__ = [
    "KnowledgeBaseError",
    "MATURITY_LEVELS",
    "RULE_COLUMNS",
    "load_rules",
    "parse_condition",
    "rule_from_row",
    "validate_rules",
]

#: How firmly the practice is established; scales the technical fit of a rule.
MATURITY_LEVELS: dict[str, float] = {"established": 1.0, "demonstrated": 0.93, "emerging": 0.85}

RULE_COLUMNS: tuple[str, ...] = (
    "id", "name", "supplier_ewc", "supplier_taxonomy", "supplier_terms", "supplier_exclude",
    "supplier_nace", "receiver_taxonomy", "receiver_nace", "receiver_terms", "receiver_exclude",
    "supply_unit", "receive_unit", "substitution_ratio", "conditions", "preprocessing",
    "avoided_emission_kg_per_unit", "avoided_purchase_eur_per_unit",
    "avoided_disposal_eur_per_unit", "processing_cost_eur_per_unit", "transport_mode",
    "maturity", "source",
)
_REQUIRED = ("id", "name", "source")
_NUMBER_COLUMNS = (
    "substitution_ratio", "avoided_emission_kg_per_unit", "avoided_purchase_eur_per_unit",
    "avoided_disposal_eur_per_unit", "processing_cost_eur_per_unit",
)
_CONDITION = re.compile(
    r"^\s*(?P<optional>~)?(?P<side>receiver\.|supply\.)?(?P<property>[a-z_][a-z0-9_]*)\s*"
    r"(?P<operator>>=|<=|==|!=|>|<)\s*(?P<value>[^\s].*?)\s*$"
)


class KnowledgeBaseError(ValueError):
    """A rule file that cannot be read; the message names the file, rule and field."""


def parse_condition(text: str) -> Condition:
    """Parse one condition as written in a rule file.

    ``"temperature_c>=60"`` is a required condition on the supply; a leading ``~`` makes it
    a preference that only lowers the fit; ``receiver.`` puts it on the receiving input;
    ``not_hazardous`` is short for ``hazardous==false``; ``temperature_c>=receiver`` compares
    with the same property of the input.

    Examples
    --------
    >>> parse_condition("moisture_pct<=55")
    Condition(property='moisture_pct', operator='<=', value=55.0, side='supply', required=True)
    >>> parse_condition("not_hazardous").text()
    'hazardous==false'
    >>> parse_condition("~temperature_c>=receiver").required
    False
    """
    raw = text.strip()
    if raw in ("not_hazardous", "~not_hazardous"):
        return Condition("hazardous", "==", False, "supply", not raw.startswith("~"))
    match = _CONDITION.match(raw)
    if match is None:
        raise ValueError(
            f"condition {text!r} is not of the form property>=number (operators >=, <=, ==, "
            "!=, >, <), 'not_hazardous', or with a leading ~ for a preference"
        )
    value_text = match["value"]
    value: float | bool | str
    if value_text.lower() in ("true", "false"):
        value = value_text.lower() == "true"
    elif value_text == "receiver":
        value = "receiver"
    else:
        try:
            value = float(value_text)
        except ValueError:
            raise ValueError(
                f"condition {text!r}: value {value_text!r} must be a number, true/false or "
                "'receiver'"
            ) from None
    side = "receiver" if match["side"] == "receiver." else "supply"
    return Condition(match["property"], match["operator"], value, side, not match["optional"])


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split("|") if part.strip())


def _check_codes(codes: Iterable[str], table: Mapping, scheme: str) -> None:
    for code in codes:
        bare = re.sub(r"[\s.]*\*$", "", code)
        if bare and bare not in table:
            raise ValueError(f"unknown {scheme} code {code!r}")


def rule_from_row(row: Mapping[str, str], *, file: str = "") -> Rule:
    """Build and validate one :class:`Rule` from a row of a rule file.

    Raises
    ------
    KnowledgeBaseError
        Naming the file, the rule and the field that is wrong.

    Examples
    --------
    >>> rule = rule_from_row({"id": "x", "name": "Fly ash to cement",
    ...     "supplier_ewc": "10 01 02", "receiver_nace": "23.51", "source": "CEMBUREAU"})
    >>> rule.supplier_ewc, rule.receiver_nace
    (('10 01 02',), ('23.51',))
    """
    rule_id = (row.get("id") or "").strip()
    where = f"{file or 'rules'}, rule {rule_id or '(no id)'}"
    unknown = set(row) - set(RULE_COLUMNS) - {"family", None}
    if unknown:
        raise KnowledgeBaseError(f"{where}: unknown column(s) {', '.join(sorted(unknown))}")
    for name in _REQUIRED:
        if not (row.get(name) or "").strip():
            raise KnowledgeBaseError(f"{where}, field {name}: is required")
    if not re.fullmatch(r"[a-z0-9_.\-]+", rule_id):
        raise KnowledgeBaseError(
            f"{where}, field id: use lower-case letters, digits, '_', '-' and '.' only"
        )
    values: dict[str, object] = {}
    field_name = ""
    try:
        for field_name in _NUMBER_COLUMNS:
            text = (row.get(field_name) or "").strip()
            default = 1.0 if field_name == "substitution_ratio" else 0.0
            number = float(text) if text else default
            if not math.isfinite(number):
                raise ValueError(f"{text!r} is not a finite number")
            if field_name == "substitution_ratio" and number <= 0:
                raise ValueError("must be greater than zero")
            if field_name in ("avoided_disposal_eur_per_unit", "processing_cost_eur_per_unit") \
                    and number < 0:
                raise ValueError("must not be negative")
            values[field_name] = number
        field_name = "supplier_ewc"
        values[field_name] = tuple(
            code if code.endswith("*") else _normalise_ewc_prefix(code)
            for code in _split(row.get(field_name, ""))
        )
        _check_codes(values[field_name], ewc_codes(), "European List of Waste")
        for field_name in ("supplier_taxonomy", "receiver_taxonomy"):
            values[field_name] = tuple(c.lower() for c in _split(row.get(field_name, "")))
            _check_codes(values[field_name], taxonomy(), "taxonomy")
        for field_name in ("supplier_nace", "receiver_nace"):
            values[field_name] = _split(row.get(field_name, ""))
            _check_codes(values[field_name], nace_codes(), "NACE Rev. 2")
        for field_name in ("supplier_terms", "supplier_exclude", "receiver_terms",
                           "receiver_exclude"):
            values[field_name] = tuple(term.lower() for term in _split(row.get(field_name, "")))
        for field_name in ("supply_unit", "receive_unit"):
            unit = (row.get(field_name) or "t/a").strip()
            if unit not in CANONICAL_UNITS:
                raise ValueError(
                    f"{unit!r} is not a canonical unit ({', '.join(CANONICAL_UNITS)})"
                )
            values[field_name] = unit
        field_name = "conditions"
        values[field_name] = tuple(
            parse_condition(part) for part in re.split(r"[;]", row.get(field_name) or "")
            if part.strip()
        )
        field_name = "transport_mode"
        mode = (row.get(field_name) or "truck").strip()
        if mode not in TRANSPORT_MODES:
            raise ValueError(f"{mode!r} is not one of {', '.join(TRANSPORT_MODES)}")
        values[field_name] = mode
        field_name = "maturity"
        maturity = (row.get(field_name) or "established").strip()
        if maturity not in MATURITY_LEVELS:
            raise ValueError(f"{maturity!r} is not one of {', '.join(MATURITY_LEVELS)}")
        values[field_name] = maturity
    except ValueError as exc:
        raise KnowledgeBaseError(f"{where}, field {field_name}: {exc}") from None
    if not (values["supplier_ewc"] or values["supplier_taxonomy"] or values["supplier_terms"]):
        raise KnowledgeBaseError(
            f"{where}: the supplier side needs supplier_ewc, supplier_taxonomy or supplier_terms"
        )
    if not (values["receiver_taxonomy"] or values["receiver_nace"] or values["receiver_terms"]):
        raise KnowledgeBaseError(
            f"{where}: the receiver side needs receiver_taxonomy, receiver_nace or receiver_terms"
        )
    family = (row.get("family") or Path(file).stem or "general").strip()
    return Rule(
        id=rule_id,
        family=family,
        name=row["name"].strip(),
        preprocessing=(row.get("preprocessing") or "").strip(),
        source=row["source"].strip(),
        file=file,
        **values,  # type: ignore[arg-type]
    )


def _normalise_ewc_prefix(code: str) -> str:
    digits = re.sub(r"[\s.\-*]", "", code)
    if not re.fullmatch(r"\d{2}|\d{4}|\d{6}", digits):
        raise ValueError(f"unknown European List of Waste code {code!r}")
    return " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))


def validate_rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """Check that rule ids are unique across files and return the rules as a tuple.

    Examples
    --------
    >>> rule = rule_from_row({"id": "a", "name": "A", "supplier_terms": "ash",
    ...     "receiver_terms": "cement", "source": "s"})
    >>> validate_rules([rule, rule])
    Traceback (most recent call last):
    ...
    veturi.engine.matching.knowledge_base.KnowledgeBaseError: rule a: id appears twice (rules and rules)
    """
    seen: dict[str, Rule] = {}
    for rule in rules:
        if not isinstance(rule, Rule):
            raise KnowledgeBaseError(f"expected Rule objects, got {type(rule).__name__}")
        if rule.id in seen:
            raise KnowledgeBaseError(
                f"rule {rule.id}: id appears twice ({seen[rule.id].file or 'rules'} and "
                f"{rule.file or 'rules'})"
            )
        seen[rule.id] = rule
    return tuple(seen.values())


def _read_file(name: str, text: str) -> list[Rule]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"id", "name", "source"} - set(reader.fieldnames or ())
    if missing:
        raise KnowledgeBaseError(f"{name}: missing column(s) {', '.join(sorted(missing))}")
    rules = []
    for line_number, row in enumerate(reader, start=2):
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        if None in row:
            raise KnowledgeBaseError(f"{name}, line {line_number}: more values than columns")
        rules.append(rule_from_row(row, file=name))
    return rules


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """Load and validate the synergy rules.

    Parameters
    ----------
    path : str or Path, optional
        A rule file or a folder of ``*.csv`` rule files; by default the knowledge base shipped
        in ``veturi/data/synergy_rules``.

    Raises
    ------
    KnowledgeBaseError
        Naming the file, rule and field of the first problem found.

    Examples
    --------
    >>> rules = load_rules()
    >>> len(rules) >= 150
    True
    >>> sorted({rule.family for rule in rules})[:3]
    ['ash_slag', 'batteries_electronics', 'biogas_digestate']
    """
    if path is None:
        return _shipped_rules()
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        if not files:
            raise KnowledgeBaseError(f"{path}: no *.csv rule files in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise KnowledgeBaseError(f"{path}: no such rule file or folder")
    rules: list[Rule] = []
    for file in files:
        rules.extend(_read_file(file.name, file.read_text(encoding="utf-8")))
    return validate_rules(rules)


@lru_cache(maxsize=1)
def _shipped_rules() -> tuple[Rule, ...]:
    folder = resources.files("veturi").joinpath("data", "synergy_rules")
    rules: list[Rule] = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".csv"):
            rules.extend(_read_file(entry.name, entry.read_text(encoding="utf-8")))
    return validate_rules(rules)
