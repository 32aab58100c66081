import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veturi.office.tests.factories import TINY_PDF, assert_staff_only

pytestmark = pytest.mark.django_db


def _url(office):
    return reverse("interaction-edit", args=[office["interaction"].pk])


def test_the_office_corrects_the_summary_and_adds_a_file(login, office):
    interaction = office["interaction"]
    payload = {
        "organisation": interaction.organisation_id, "date": interaction.date.isoformat(), "kind": "visit",
        "participants": [office["lead"].pk], "summary": "Discussed ash reuse and CO2.",
        "attachment": SimpleUploadedFile("photos.pdf", TINY_PDF),
    }
    assert login("office").post(_url(office), payload).status_code == 302
    interaction.refresh_from_db()
    assert (interaction.kind, interaction.summary) == ("visit", "Discussed ash reuse and CO2.")
    assert list(interaction.participants.all()) == [office["lead"]]
    assert interaction.attachments.count() == 2


def test_a_missing_summary_is_refused(login, office):
    interaction = office["interaction"]
    payload = {"organisation": interaction.organisation_id, "date": interaction.date.isoformat(), "kind": "call", "summary": ""}
    response = login("office").post(_url(office), payload)
    assert response.status_code == 200 and "summary" in response.context["form"].errors
    interaction.refresh_from_db()
    assert interaction.kind == "meeting"


def test_only_the_office_and_experts_edit_interactions(client, users, office):
    assert_staff_only(client, users, _url(office))
