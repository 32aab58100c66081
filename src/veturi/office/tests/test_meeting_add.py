import pytest
from django.urls import reverse

from veturi.office.models import Meeting
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("meeting-add")


def test_the_core_team_is_ticked_as_attending_by_default(login, office):
    form = login("office").get(URL).context["form"]
    assert form.initial["attendees"] == [office["lead"].pk]
    assert form["date"].value()


def test_a_new_meeting_opens_its_agenda_for_editing(login, office):
    response = login("office").post(URL, {"title": "Steering group", "date": "2026-12-03", "attendees": [office["lead"].pk]})
    meeting = Meeting.objects.get(title="Steering group")
    assert response["Location"] == reverse("meeting-edit", args=[meeting.pk])
    assert list(meeting.attendees.all()) == [office["lead"]]


def test_only_the_office_and_experts_call_meetings(client, users, office):
    assert_staff_only(client, users, URL)
