"""`veturi report monthly` and `veturi report organisation` write real PDFs, or fail clearly."""

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from veturi.cli import app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def runner(monkeypatch):
    # The commands set Django up, which the test run already did: skip only that step.
    monkeypatch.setattr("veturi.cli._setup_django", lambda data_dir=None: None)
    return CliRunner()


def test_it_writes_the_monthly_report(runner, office, tmp_path):
    out = tmp_path / "november.pdf"
    result = runner.invoke(app, ["report", "monthly", "--month", "2026-11", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Project office report, 2026-11" in text


def test_it_writes_an_organisation_report_found_by_name(runner, office, tmp_path):
    out = tmp_path / "alpha.pdf"
    result = runner.invoke(app, ["report", "organisation", "alpha ash oy", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Organisation report: Alpha Ash Oy" in " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)


@pytest.mark.parametrize(
    "arguments, words",
    [
        (["report", "monthly", "--month", "2026-13", "--out", "x.pdf"], "use the form YYYY-MM"),
        (["report", "monthly", "--month", "2026-11", "--out", "report.txt"], "must end in .pdf"),
        (["report", "organisation", "Nobody Oy", "--out", "x.pdf"], "no organisation has that"),
    ],
)
def test_bad_input_fails_with_a_clear_message(runner, office, tmp_path, monkeypatch, arguments, words):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1
    assert words in " ".join(result.output.split())
    assert not list(tmp_path.glob("*.pdf"))
