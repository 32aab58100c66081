import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veturi.engagement.models import Attachment, FollowUpAction, Interaction
from veturi.office.tests.factories import TINY_PDF, assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("interaction-add")


def _payload(park, **extra):
    payload = {
        "organisation": park["beta"].pk, "date": "2026-11-20", "kind": "call", "summary": "Gypsum quality discussed",
        "follow-TOTAL_FORMS": "2", "follow-INITIAL_FORMS": "0", "follow-MIN_NUM_FORMS": "0", "follow-MAX_NUM_FORMS": "1000",
        "follow-0-action": "Send gypsum spec", "follow-0-due": "2026-12-01",
    }
    payload.update(extra)
    return payload


def test_the_office_records_a_call_with_a_follow_up_and_a_file(login, park, settings, tmp_path, users):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("notes.pdf", TINY_PDF, content_type="application/pdf")
    response = login("office").post(URL, _payload(park, attachment=upload))
    interaction = Interaction.objects.get(summary="Gypsum quality discussed")
    assert response.status_code == 302 and response["Location"] == reverse("interaction-detail", args=[interaction.pk])
    assert interaction.created_by == users["office"]
    assert FollowUpAction.objects.get(interaction=interaction).action == "Send gypsum spec"
    assert Attachment.objects.get(interaction=interaction).file.read() == TINY_PDF


def test_a_program_posing_as_an_attachment_is_refused_and_nothing_saved(login, park, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = login("office").post(URL, _payload(park, attachment=upload))
    assert response.status_code == 200
    assert "only PDF, images and office documents" in str(response.context["form"].errors["attachment"])
    assert not Interaction.objects.exists()


def test_the_form_starts_with_today_and_the_organisation_from_the_link(login, park):
    response = login("expert").get(URL, {"organisation": park["alpha"].pk})
    form = response.context["form"]
    assert form.initial["organisation"] == str(park["alpha"].pk) and form.initial["date"]


def test_only_the_office_and_experts_record_interactions(client, users, park):
    assert_staff_only(client, users, URL)
    client.force_login(users["company"])
    assert client.post(URL, _payload(park)).status_code == 403
    assert not Interaction.objects.exists()
