"""Small office records for tests: a meeting, an interaction with a file, a plan."""

from datetime import date, timedelta

from django.core.files.base import ContentFile

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_objects(park) -> dict:
    from veturi.engagement.models import Attachment, FollowUpAction, Interaction
    from veturi.office.models import ActionItem, AgendaItem, Decision, Meeting, Milestone, Phase, Task, Workstream
    from veturi.organisations.models import CoreTeamMember, Person

    lead = Person.objects.create(name="Paula Project-Lead")
    CoreTeamMember.objects.create(person=lead, expert_role="project_lead")
    contact = Person.objects.create(name="Aino Alpha", organisation=park["alpha"])
    interaction = Interaction.objects.create(
        organisation=park["alpha"], date=date.today() - timedelta(days=3), kind="meeting", summary="Discussed ash reuse."
    )
    interaction.participants.add(lead, contact)
    attachment = Attachment(interaction=interaction, description="slides")
    attachment.file.save("slides.pdf", ContentFile(TINY_PDF), save=True)
    follow_up = FollowUpAction.objects.create(
        interaction=interaction, action="Send ash analysis", owner=contact, due=date.today() - timedelta(days=1)
    )
    meeting = Meeting.objects.create(title="Weekly office meeting", date=date.today(), location="Room 1")
    meeting.attendees.add(lead)
    AgendaItem.objects.create(meeting=meeting, position=1, title="Pipeline review", notes="Alpha is keen.")
    Decision.objects.create(meeting=meeting, text="Invite Beta to the ash workshop")
    action_item = ActionItem.objects.create(meeting=meeting, action="Book the workshop room", owner=lead, due=date.today() + timedelta(days=7))
    phase = Phase.objects.create(number=1, name="Start-up and organisation")
    workstream = Workstream.objects.create(phase=phase, name="Engagement", lead=lead)
    task = Task.objects.create(workstream=workstream, name="Map the actors", owner=lead, status="done")
    milestone = Milestone.objects.create(phase=phase, name="Core team assembled", due=date.today(), owner=lead)
    return {
        "alpha": park["alpha"], "lead": lead, "contact": contact, "interaction": interaction, "attachment": attachment,
        "follow_up": follow_up, "meeting": meeting, "action_item": action_item, "phase": phase, "workstream": workstream, "task": task, "milestone": milestone,
    }


STAFF_ROLES = ["office", "expert"]
OTHER_ROLES = ["company", "outsider", "viewer"]


def assert_staff_only(client, users, url: str, *, method: str = "get", data: dict | None = None) -> None:
    """The office and experts get the page; every other role is refused; anonymous goes to log in."""
    client.logout()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for role in OTHER_ROLES:
        client.force_login(users[role])
        assert getattr(client, method)(url, data or {}).status_code == 403, role
    for role in STAFF_ROLES:
        client.force_login(users[role])
        assert client.get(url).status_code == 200, role
