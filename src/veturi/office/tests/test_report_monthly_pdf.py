import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from veturi.engagement.pipeline import move_stage
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("report-monthly-pdf")


def _text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_the_monthly_report_is_a_real_pdf_with_the_months_work(login, office, users, monkeypatch):
    monkeypatch.setattr("veturi.office.reports._installed", lambda app: False)  # the sections' wording before their apps exist
    move_stage(office["alpha"], "engaged", by=users["office"], reason="Workshop signed up")
    month = timezone.localdate().strftime("%Y-%m")
    response = login("office").get(URL, {"month": month})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = _text(response.content)
    for expected in (
        f"Project office report, {month}", "Key figures", "Pipeline movement", "Organisations by stage now",
        "Workshop signed up", "Overdue actions", "Send ash analysis", "Progress per phase",
        "Hypotheses", "this section fills in when the hypotheses app exists", "New synergies",
    ):
        assert expected in text, expected


def test_a_malformed_month_is_refused(login):
    assert login("office").get(URL, {"month": "2026-13"}).status_code == 400


def test_only_the_office_and_experts_get_it(client, users, office):
    assert_staff_only(client, users, URL)
