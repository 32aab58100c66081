import pytest
from django.urls import reverse

from veturi.office.tests.factories import TINY_PDF, assert_staff_only

pytestmark = pytest.mark.django_db


def test_the_office_downloads_the_file(login, office):
    response = login("expert").get(reverse("attachment-download", args=[office["attachment"].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF
    assert 'filename="slides.pdf"' in response["Content-Disposition"]


def test_no_one_else_downloads_it(client, users, office):
    assert_staff_only(client, users, reverse("attachment-download", args=[office["attachment"].pk]))
