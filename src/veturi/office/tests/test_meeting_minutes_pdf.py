import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from veturi.office.models import Decision
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_minutes_are_a_real_pdf_with_the_meeting_in_it(login, office):
    Decision.objects.create(meeting=office["meeting"], text="Pyydä Äänekosken tehtaalta tuhkanäyte → laboratorio")
    response = login("office").get(reverse("meeting-minutes-pdf", args=[office["meeting"].pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = _text(response)
    for expected in ("Minutes: Weekly office meeting", "Paula Project-Lead", "Pipeline review", "Invite Beta to the ash workshop", "Book the workshop room"):
        assert expected in text
    assert "Pyydä Äänekosken tehtaalta tuhkanäyte -> laboratorio" in text  # Finnish letters print; a missing glyph gets a plain stand-in


def test_only_the_office_and_experts_get_it(client, users, office):
    assert_staff_only(client, users, reverse("meeting-minutes-pdf", args=[office["meeting"].pk]))
