import pytest
from django.urls import reverse

from veturi.engagement.models import Interaction
from veturi.valuenets.models import Hypothesis

pytestmark = pytest.mark.django_db


def test_an_expert_adds_a_hypothesis_about_a_locomotive_with_evidence(login, valuenet, park):
    meeting = Interaction.objects.create(organisation=park["beta"], date="2026-11-02", kind="meeting", summary="Site visit at Beta")
    response = login("expert").post(reverse("hypothesis-add"), {
        "statement": "Beta needs 40 GWh/a of heat at 70 °C", "locomotive": park["beta"].pk, "status": "open", "confidence": "0.6",
        "due_date": "2026-12-15", "blocks_prioritisation": "on", "evidence": [meeting.pk],
    })
    assert response.status_code == 302
    hypothesis = Hypothesis.objects.get(statement__startswith="Beta needs")
    assert hypothesis.locomotive == park["beta"] and list(hypothesis.evidence.all()) == [meeting]


def test_the_form_starts_from_the_network_it_was_opened_from(login, valuenet):
    body = login("office").get(reverse("hypothesis-add"), {"network": valuenet["network"].pk}).content.decode()
    assert f'<option value="{valuenet["network"].pk}" selected>' in body


@pytest.mark.parametrize("data, field_message", [
    ({"statement": "Floating", "status": "open", "confidence": "0.5"}, "Attach the hypothesis to a value network or a locomotive"),
    ({"statement": "Too sure", "status": "open", "confidence": "1.5", "network": None}, "less than or equal to 1"),
    ({"statement": "Done", "status": "validated", "confidence": "0.9", "network": None}, "Say how the hypothesis was validated or refuted"),
])
def test_bad_input_is_refused_with_a_clear_message(login, valuenet, data, field_message):
    data = {k: (valuenet["network"].pk if k == "network" else v) for k, v in data.items()}
    response = login("office").post(reverse("hypothesis-add"), data)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert Hypothesis.objects.count() == 1


def test_others_are_refused(refused, valuenet):
    refused(reverse("hypothesis-add"), method="post", data={"statement": "x"})
    assert Hypothesis.objects.count() == 1


def test_core_team_members_are_offered_first_as_owners(login, valuenet):
    from veturi.organisations.models import CoreTeamMember, Person

    Person.objects.create(name="Aaro Outsider")
    CoreTeamMember.objects.create(person=Person.objects.create(name="Veera Lead"), expert_role="project_lead")
    body = login("office").get(reverse("hypothesis-add")).content.decode()
    assert body.index("Veera Lead (core team)") < body.index("Aaro Outsider")
