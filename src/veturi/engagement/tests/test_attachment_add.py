import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veturi.engagement import models
from veturi.engagement.models import Attachment
from veturi.office.tests.factories import TINY_PDF, assert_staff_only

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _url(office):
    return reverse("attachment-add", args=[office["interaction"].pk])


def test_documents_and_images_are_attached(login, office):
    client = login("office")
    for name, content in [("site-plan.png", PNG), ("minutes.pdf", TINY_PDF), ("figures.csv", b"a,b\n1,2\n")]:
        response = client.post(_url(office), {"file": SimpleUploadedFile(name, content), "description": f"from the visit: {name}"})
        assert response.status_code == 302, name
        assert office["interaction"].attachments.filter(description=f"from the visit: {name}").count() == 1


def test_other_files_are_refused_with_a_clear_error(login, office):
    client = login("office")
    before = Attachment.objects.count()
    for name, content, words in [
        ("virus.exe", b"MZ\x90\x00", "only PDF, images and office documents"),
        ("script.sh", b"#!/bin/sh", "only PDF, images and office documents"),
        ("fake.pdf", b"MZ\x90\x00not a pdf", "does not look like a .pdf file"),
    ]:
        response = client.post(_url(office), {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 400, name
        assert words in response.content.decode().replace("&#x27;", "'"), name
    assert Attachment.objects.count() == before


def test_a_file_over_20_mb_is_refused(login, office, monkeypatch):
    monkeypatch.setattr(models, "ATTACHMENT_MAX_BYTES", 1000)  # the rule, at a size a test can send
    response = login("office").post(_url(office), {"file": SimpleUploadedFile("big.pdf", TINY_PDF + b"0" * 2000)})
    assert response.status_code == 400
    assert "attachments may be at most 20 MB" in response.content.decode()


def test_the_limit_is_twenty_megabytes():
    assert models.ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024


def test_only_the_office_and_experts_attach_files(client, users, office):
    assert_staff_only(client, users, _url(office))
