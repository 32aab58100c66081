"""The Finnish catalogue: key phrases, completeness, placeholders and the compiled .mo.

When a test here fails after you added a page, run (from src/veturi)::

    VETURI_DATA_DIR=/tmp/vt-dev ../../.venv/bin/python -m django makemessages -l fi \\
        --settings=veturi.web.settings --ignore "engine/*" --ignore "data/*" --no-location

translate the new entries in locale/fi/LC_MESSAGES/django.po, then compile::

    msgfmt -c -o locale/fi/LC_MESSAGES/django.mo locale/fi/LC_MESSAGES/django.po
"""

import ast
import gettext as gnu_gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

import veturi

MESSAGES_DIR = Path(veturi.__file__).parent / "locale" / "fi" / "LC_MESSAGES"
PO_PATH = MESSAGES_DIR / "django.po"
MO_PATH = MESSAGES_DIR / "django.mo"

# Named placeholders as Python %-formatting and blocktranslate produce them: %(n)s, %(m)r, %(size).1f.
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdrifgeEc]")


def _po_entries(path):
    """Parse a .po file into dicts with msgid, msgid_plural, msgstr (a list) and flags.

    Obsolete entries (``#~``) are skipped, since gettext ignores them too.
    """
    entries, entry, keyword = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, keyword = None, None
            continue
        if line.startswith("#~"):
            continue
        entry = entry or {"msgid": "", "msgid_plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[(\d+)\])?)?\s*(".*")$', line)
        assert match, f"{path.name}: cannot read line {line!r}"
        keyword = match.group(1) or keyword
        # A PO string literal is a C string literal; for the escapes gettext writes it is also
        # a Python literal.
        text = ast.literal_eval(match.group(3))
        if keyword.startswith("msgstr"):
            index = int(match.group(2) or 0) if match.group(1) else max(entry["msgstr"])
            entry["msgstr"][index] = entry["msgstr"].get(index, "") + text
        else:
            entry[keyword] = (entry[keyword] or "") + text
    return [
        {**entry, "msgstr": [entry["msgstr"][i] for i in sorted(entry["msgstr"])]}
        for entry in entries
        if entry["msgid"]  # the header
    ]


@pytest.fixture(scope="module")
def entries():
    return _po_entries(PO_PATH)


@pytest.mark.parametrize(
    "english, finnish",
    [
        ("Park dashboard", "Puiston tilannekuva"),
        ("Organisations", "Organisaatiot"),
        ("Dashboard", "Tilannekuva"),
        ("Map", "Kartta"),
        ("Log in", "Kirjaudu sisään"),
        ("Log out", "Kirjaudu ulos"),
    ],
)
def test_it_translates_key_phrases_into_finnish(english, finnish):
    with translation.override("fi"):
        assert gettext(english) == finnish
    with translation.override("en"):
        assert gettext(english) == english


def test_it_uses_the_singular_only_for_one():
    with translation.override("fi"):
        assert ngettext("%(n)s organisation", "%(n)s organisations", 1) % {"n": 1} == "1 organisaatio"
        assert ngettext("%(n)s organisation", "%(n)s organisations", 0) % {"n": 0} == "0 organisaatiota"
        assert ngettext("%(n)s organisation", "%(n)s organisations", 7) % {"n": 7} == "7 organisaatiota"


def test_the_catalogue_declares_finnish_plural_forms():
    header = PO_PATH.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Language: fi\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    assert "charset=UTF-8" in header


def test_the_catalogue_has_no_untranslated_entries(entries):
    assert len(entries) > 100, "the catalogue looks truncated"
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"])]
    assert not untranslated, f"translate these in {PO_PATH}: {untranslated}"
    plurals_short = [e["msgid"] for e in entries if e["msgid_plural"] is not None and len(e["msgstr"]) != 2]
    assert not plurals_short, f"give both Finnish plural forms for: {plurals_short}"


def test_the_catalogue_has_no_fuzzy_entries(entries):
    # gettext skips fuzzy entries, so the page would show English.
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"check these translations and remove the fuzzy flag: {fuzzy}"


def test_translations_keep_the_placeholders(entries):
    wrong = []
    for entry in entries:
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        if entry["msgid_plural"] is not None:
            # Finnish plural forms may leave out the number only if English does.
            expected_plural = sorted(PLACEHOLDER.findall(entry["msgid_plural"]))
            forms = zip(entry["msgstr"], [expected, expected_plural])
        else:
            forms = [(entry["msgstr"][0], expected)]
        wrong += [(entry["msgid"], text) for text, want in forms if sorted(PLACEHOLDER.findall(text)) != want]
    assert not wrong, f"placeholders differ from the English: {wrong}"


def test_the_compiled_catalogue_matches_the_po_file(entries):
    with MO_PATH.open("rb") as mo_file:
        compiled = gnu_gettext.GNUTranslations(mo_file)
    stale = []
    for entry in entries:
        if entry["msgid_plural"] is None:
            if compiled.gettext(entry["msgid"]) != entry["msgstr"][0]:
                stale.append(entry["msgid"])
        elif [compiled.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)] != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert not stale, f"recompile {MO_PATH.name} with msgfmt; out of date: {stale}"


@pytest.mark.django_db
def test_the_login_page_follows_the_browser_language(client):
    finnish = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fi")
    assert finnish.status_code == 200
    assert "Kirjaudu sisään" in finnish.text
    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Log in" in english.text and "Kirjaudu" not in english.text
