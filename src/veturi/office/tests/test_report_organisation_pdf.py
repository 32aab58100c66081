import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def test_the_organisation_report_is_a_real_pdf(login, office):
    response = login("expert").get(reverse("organisation-report-pdf", args=[office["alpha"].pk]))
    assert response.content.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Organisation report: Alpha Ash Oy", "Identified", "Discussed ash reuse.", "Send ash analysis", "Alpha secret fly ash", "12345 t/a"):
        assert expected in text, expected


def test_only_the_office_and_experts_get_it(client, users, office):
    assert_staff_only(client, users, reverse("organisation-report-pdf", args=[office["alpha"].pk]))
