"""Field-level visibility: every role against every visibility level of a field group, on the API, the page and exports."""

import pytest

from veturi.audit.models import AuditEntry
from veturi.streams.visibility import FIELD_GROUPS, Viewer, masked
from veturi.synergies.models import ConsentAnswer
from veturi.synergies.tests.factories import synergy_objects
from veturi.transfer.exporter import package_dict, stream_rows

pytestmark = pytest.mark.django_db

ROLES = ("office", "expert", "company", "outsider", "partner", "viewer")
# Who sees Alpha's quantity when only the quantity group is opened to that level (name stays office-only).
SEES_QUANTITY = {
    "office": {"office", "expert", "company"},
    "partners": {"office", "expert", "company", "partner"},
    "public": {"office", "expert", "company", "partner", "outsider", "viewer"},
}


@pytest.fixture
def alpha_stream(park):
    stream = park["streams"]["alpha_office"]  # confidentiality office: only the office and Alpha see it by default
    stream.handling_cost_eur_per_unit = -4.25
    stream.save()
    return stream


def _as(role, users, park):
    """The user for a role; `partner` is Beta's representative after both companies said yes to a proposal."""
    if role == "partner":
        proposal = synergy_objects(park)["proposal"]
        proposal.supplier_answer = proposal.receiver_answer = ConsentAnswer.YES
        proposal.save()
        return users["outsider"]
    return users[role]


@pytest.mark.parametrize("level", ["office", "partners", "public"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_a_field_group_only_at_its_level(client, users, park, alpha_stream, role, level):
    alpha_stream.quantity_visibility = level
    alpha_stream.save()
    user = _as(role, users, park)
    client.force_login(user)
    sees = role in SEES_QUANTITY[level]

    listing = client.get("/api/streams/?limit=1000").json()["results"]
    shown = {row["id"]: row for row in listing}.get(alpha_stream.pk)
    detail = client.get(f"/api/streams/{alpha_stream.pk}/")
    page = client.get(f"/organisations/{park['alpha'].pk}/").content.decode()
    exported = {row["external_id"] + row["name"]: row for row in stream_rows(user)}
    if sees:
        assert shown["quantity"] == 12345 and detail.json()["quantity"] == 12345
        assert "12,345" in page
    else:
        # Not listed at all (no group visible), or listed with the quantity hidden: never the figure.
        assert shown is None or (shown["quantity"] is None and "quantity" in shown["hidden"])
        assert detail.status_code == 404 or detail.json()["quantity"] is None
        assert "12,345" not in page and "12345" not in page
        assert "12345" not in str(exported)
    owner_or_staff = role in ("office", "expert", "company")
    assert ("Alpha secret fly ash" in page) is owner_or_staff
    if not owner_or_staff:
        assert "Alpha secret fly ash" not in detail.content.decode() and "-4.25" not in detail.content.decode()
        assert "Alpha secret fly ash" not in str(exported)


def test_a_hidden_group_renders_hidden_on_the_page_and_null_in_the_api(client, users, park, alpha_stream):
    alpha_stream.quantity_visibility = "public"
    alpha_stream.save()
    client.force_login(users["viewer"])
    row = client.get(f"/api/streams/{alpha_stream.pk}/").json()
    assert row["quantity"] == 12345
    assert row["name"] is None and row["handling_cost_eur_per_unit"] is None and row["months"] is None
    assert row["hidden"] == ["cost", "months", "name", "quality"]
    page = client.get(f"/organisations/{park['alpha'].pk}/").content.decode()
    assert "hidden" in page and "12,345" in page
    assert "quantity: Public" in page  # the page says which group differs from the stream's default
    (exported,) = [r for r in stream_rows(users["viewer"]) if r["quantity"] == "12345"]
    assert exported["name"] == "hidden" and exported["handling_cost_eur_per_unit"] == "hidden"
    # The matching package needs a name: a stream whose name is hidden is left out of it.
    assert all(s["quantity"] != 12345 for s in package_dict(users["viewer"])["streams"])


def test_blank_groups_follow_the_streams_confidentiality(park, users):
    stream = park["streams"]["beta_public"]
    viewer = Viewer.of(users["viewer"])
    assert viewer.hidden_groups(stream) == set()
    stream.cost_visibility = "office"
    assert viewer.hidden_groups(stream) == {"cost"}
    shown = masked(stream, viewer)
    assert shown.handling_cost_eur_per_unit is None and shown.quantity == 56789
    with pytest.raises(RuntimeError):
        shown.save()
    assert set(FIELD_GROUPS) == {"name", "quantity", "cost", "quality", "months"}


def test_a_company_sets_the_visibility_of_each_group_on_its_stream(client, users, park, alpha_stream):
    client.force_login(users["company"])
    response = client.patch(
        f"/api/streams/{alpha_stream.pk}/", {"quantity_visibility": "public", "cost_visibility": "partners"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    alpha_stream.refresh_from_db()
    assert (alpha_stream.quantity_visibility, alpha_stream.cost_visibility, alpha_stream.name_visibility) == ("public", "partners", "")
    response = client.patch(f"/api/streams/{alpha_stream.pk}/", {"quantity_visibility": "everyone"}, content_type="application/json")
    assert response.status_code == 400 and "quantity_visibility" in response.json()
    client.force_login(users["outsider"])
    assert client.patch(f"/api/streams/{alpha_stream.pk}/", {"quantity_visibility": "office"}, content_type="application/json").status_code in (403, 404)


def test_confidential_reads_are_logged_for_staff_and_partners_not_for_the_owner(client, users, park, alpha_stream):
    alpha_stream.quantity_visibility = "partners"
    alpha_stream.save()
    partner = _as("partner", users, park)
    for user in (users["office"], users["company"], partner):
        client.force_login(user)
        client.get(f"/api/streams/{alpha_stream.pk}/", REMOTE_ADDR="10.1.2.3")
    reads = AuditEntry.objects.filter(action="read", model="streams.resourcestream", object_id=str(alpha_stream.pk))
    assert sorted(reads.values_list("username", flat=True)) == ["office", "outsider"]
    office_read = reads.get(username="office")
    assert office_read.changes["fields"] == ["cost", "months", "name", "quality", "quantity"]
    assert reads.get(username="outsider").changes["fields"] == ["quantity"]
    assert office_read.ip == "10.1.2.3" and office_read.path == f"/api/streams/{alpha_stream.pk}/"
    assert office_read.organisation_id == park["alpha"].pk
