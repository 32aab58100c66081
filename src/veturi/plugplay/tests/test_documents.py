"""Contract documents from editable templates, to PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from veturi.plugplay.models import Contract, DocumentTemplate

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_template_renders_with_the_contract(login, park):
    contract = Contract.objects.create(organisation=park["alpha"], plot=park["plot"])
    template = DocumentTemplate.objects.create(name="Letter of intent", stage="loi", body="<p>{{ organisation.name }} intends to lease plot {{ plot.identifier }} in {{ zone.name }}.</p>")
    response = login("office").get(reverse("contract-document", args=[contract.pk, template.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Alpha Ash Oy intends to lease plot T-1 in Test zone." in text


def test_the_office_edits_a_template_and_a_broken_one_is_refused(login):
    client = login("office")
    response = client.post(reverse("document-template-add"), {"name": "Lease", "stage": "lease", "language": "fi", "body": "{% if %}"})
    assert response.status_code == 200 and "does not parse" in response.content.decode()
    response = client.post(reverse("document-template-add"), {"name": "Lease", "stage": "lease", "language": "fi", "body": "Vuokrasopimus {{ organisation.name }}"})
    assert response.status_code == 302 and DocumentTemplate.objects.get().language == "fi"


def test_an_expert_reads_templates_but_does_not_change_them(login):
    template = DocumentTemplate.objects.create(name="Lease", stage="lease", body="x")
    client = login("expert")
    assert client.get(reverse("document-template-list")).status_code == 200
    assert client.post(reverse("document-template-edit", args=[template.pk]), {"name": "y", "stage": "lease", "language": "en", "body": "y"}).status_code == 403


def test_the_starting_templates_render_in_both_languages(park):
    from veturi.plugplay.documents import render_template_text
    from veturi.plugplay.templates_starting import install_starting_templates

    assert install_starting_templates() == 4
    assert install_starting_templates() == 0
    contract = Contract.objects.create(organisation=park["alpha"], plot=park["plot"])
    contract.move_to("reservation")
    finnish = DocumentTemplate.objects.get(name="Tonttivaraus")
    english = DocumentTemplate.objects.get(name="Plot reservation")
    assert "varattu yritykselle Alpha Ash Oy" in render_template_text(finnish, contract)
    assert contract.reserved_until.isoformat() in render_template_text(english, contract)
