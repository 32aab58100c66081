import pytest
from django.urls import reverse

from veturi.office.models import ActionItem
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def _management(prefix, total, initial):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial), f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def _payload(office, **extra):
    meeting = office["meeting"]
    agenda, decision, action = meeting.agenda_items.get(), meeting.decisions.get(), meeting.action_items.get()
    payload = {
        "title": meeting.title, "date": meeting.date.isoformat(), "location": "Room 2", "attendees": [office["lead"].pk],
        **_management("agenda", 2, 1), "agenda-0-id": agenda.pk, "agenda-0-position": 1, "agenda-0-title": agenda.title,
        "agenda-1-position": 2, "agenda-1-title": "Funding",
        **_management("decisions", 1, 1), "decisions-0-id": decision.pk, "decisions-0-text": decision.text,
        **_management("actions", 2, 1), "actions-0-id": action.pk, "actions-0-action": action.action, "actions-0-status": "done",
        "actions-1-action": "Draft the funding budget", "actions-1-owner": office["lead"].pk, "actions-1-due": "2026-12-05", "actions-1-status": "open",
    }
    payload.update(extra)
    return payload


def test_the_office_adds_agenda_items_and_actions_and_closes_one(login, office):
    url = reverse("meeting-edit", args=[office["meeting"].pk])
    response = login("office").post(url, _payload(office))
    assert response.status_code == 302
    meeting = office["meeting"]
    assert [item.title for item in meeting.agenda_items.all()] == ["Pipeline review", "Funding"]
    assert meeting.action_items.get(action="Book the workshop room").status == "done"
    new = ActionItem.objects.get(action="Draft the funding budget")
    assert (new.owner, str(new.due), new.status) == (office["lead"], "2026-12-05", "open")


def test_a_bad_due_date_is_refused_and_nothing_is_saved(login, office):
    url = reverse("meeting-edit", args=[office["meeting"].pk])
    response = login("office").post(url, _payload(office, **{"actions-1-due": "31.12.", "location": "Elsewhere"}))
    assert response.status_code == 400
    assert "due" in response.context["actions"].forms[1].errors
    office["meeting"].refresh_from_db()
    assert office["meeting"].location == "Room 1" and not ActionItem.objects.filter(action="Draft the funding budget").exists()


def test_only_the_office_and_experts_edit_meetings(client, users, office):
    assert_staff_only(client, users, reverse("meeting-edit", args=[office["meeting"].pk]))
