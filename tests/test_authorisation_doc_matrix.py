"""The authorisation matrix is written once in the code; the doc and the command line follow it."""

from pathlib import Path

import typer.main

from veturi.accounts.authorisation import CLI_COMMANDS, RECORDS, ROLE_NAMES, ROLES, render_markdown
from veturi.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "authorisation.md"


def test_the_doc_is_the_matrix():
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/authorisation.md differs from veturi.accounts.authorisation: "
        "run `python -m veturi.accounts.authorisation > docs/authorisation.md`"
    )


def _command_names(command, prefix: str = "") -> set[str]:
    if getattr(command, "commands", None):  # a group of commands
        return set().union(*(_command_names(sub, f"{prefix} {name}".strip()) for name, sub in command.commands.items()))
    return {prefix}


def test_every_command_has_a_row():
    assert _command_names(typer.main.get_command(app)) == set(CLI_COMMANDS), "add the new `veturi` command to CLI_COMMANDS"


def test_every_record_row_names_every_role():
    assert set(ROLE_NAMES) == set(ROLES)
    for record, rights in RECORDS.items():
        assert set(rights) == set(ROLES), record
