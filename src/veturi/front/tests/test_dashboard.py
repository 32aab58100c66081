import datetime

import pytest
from django.urls import reverse

from veturi.engagement.models import FollowUpAction, Interaction

pytestmark = pytest.mark.django_db


def test_it_requires_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["office", "expert", "company", "viewer"])
def test_it_shows_park_figures_from_the_database(login, park, role):
    response = login(role).get(reverse("dashboard"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["organisations"] == 3
    assert figures["streams"] == 5
    assert figures["outputs"] == 4 and figures["inputs"] == 1
    # 12 345 t/a + 23 456 t/a of outputs in tonnes; the input is not counted as offered.
    assert figures["output_mass_t"] == pytest.approx(35801)
    # 4.5 MW all year round is 39 420 MWh/a.
    assert figures["output_energy_mwh"] == pytest.approx(4.5 * 8760)
    assert figures["plots_available"] == 1
    assert b'data-figure="organisations">3<' in response.content


def _overdue_action(park):
    interaction = Interaction.objects.create(
        organisation=park["alpha"], date=datetime.date(2026, 1, 5), kind="meeting", summary="Kick-off"
    )
    return FollowUpAction.objects.create(interaction=interaction, action="Send the ash analysis", due=datetime.date(2026, 2, 1))


def test_it_surfaces_overdue_actions_to_the_office(login, park):
    _overdue_action(park)
    response = login("office").get(reverse("dashboard"))
    assert [a.action for a in response.context["overdue_actions"]] == ["Send the ash analysis"]
    assert "Send the ash analysis" in response.content.decode()


@pytest.mark.parametrize("role", ["company", "viewer"])
def test_it_keeps_the_office_notes_from_other_roles(login, park, role):
    _overdue_action(park)
    response = login(role).get(reverse("dashboard"))
    assert "Send the ash analysis" not in response.content.decode()
    assert "overdue_actions" not in response.context


def test_it_surfaces_overdue_meeting_actions_to_the_office(login, park):
    from veturi.office.models import ActionItem, Meeting

    meeting = Meeting.objects.create(title="Core team", date=datetime.date(2026, 1, 10))
    ActionItem.objects.create(meeting=meeting, action="Ask Verte for the ECO3 plot map", due=datetime.date(2026, 2, 1))
    ActionItem.objects.create(meeting=meeting, action="Already handled", due=datetime.date(2026, 2, 1), status="done")
    html = login("office").get(reverse("dashboard")).content.decode()
    assert "Ask Verte for the ECO3 plot map" in html
    assert "Already handled" not in html
    assert "Ask Verte" not in login("viewer").get(reverse("dashboard")).content.decode()
