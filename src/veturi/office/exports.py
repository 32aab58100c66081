"""Reports written to files, for the CLI (`veturi report ...`)."""

from __future__ import annotations

from pathlib import Path

from veturi.office import pdf, reports
from veturi.office.forms import parse_month
from veturi.organisations.models import Organisation


def find_organisation(reference: str) -> Organisation:
    """An organisation by database id, external ID, business ID or exact name (case-insensitive)."""
    text = (reference or "").strip()
    if not text:
        raise ValueError("organisation: give its id, external ID, business ID or name")
    candidates = Organisation.objects.none()
    if text.isdigit():
        candidates = Organisation.objects.filter(pk=int(text))
    for lookup in ("external_id", "business_id", "name__iexact"):
        if not candidates.exists():
            candidates = Organisation.objects.filter(**{lookup: text})
    if not candidates.exists():
        raise ValueError(f"organisation {text!r}: no organisation has that id, external ID, business ID or name")
    if candidates.count() > 1:
        raise ValueError(f"organisation {text!r}: {candidates.count()} organisations match; use the id or external ID")
    return candidates.get()


def _write(content: bytes, out: Path) -> Path:
    out = Path(out).expanduser()
    if out.suffix.lower() != ".pdf":
        raise ValueError(f"--out {out}: the file name must end in .pdf")
    if not out.parent.exists():
        raise ValueError(f"--out {out}: the folder {out.parent} does not exist")
    out.write_bytes(content)
    return out


def write_monthly_report(month: str, out: Path) -> Path:
    """Write the monthly office report of `month` (YYYY-MM) to the PDF file `out`."""
    year, number = parse_month(month)
    return _write(pdf.monthly_pdf(reports.monthly_report(year, number)), out)


def write_organisation_report(reference: str, out: Path) -> Path:
    """Write the report of one organisation (see find_organisation) to the PDF file `out`."""
    return _write(pdf.organisation_pdf(reports.organisation_report(find_organisation(reference))), out)
