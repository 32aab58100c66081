"""The audit log: changes with before and after, written in the change's transaction, never editable."""

import csv
import io
import json

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import transaction
from django.test import RequestFactory

from veturi.audit.log import bulk_audit, request_context
from veturi.audit.models import AuditEntry, AuditLogIsAppendOnly
from veturi.organisations.models import Organisation
from veturi.streams.models import ResourceStream

pytestmark = pytest.mark.django_db


def _entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("pk"))


def test_a_page_edit_is_logged_with_who_where_and_before_after(client, users, park):
    stream = park["streams"]["alpha_office"]
    client.force_login(users["company"])
    response = client.post(
        f"/streams/{stream.pk}/edit/",
        {"site": stream.site_id, "direction": "output", "kind": "by_product", "name": "Alpha fly ash, dry", "ewc_code": "10 01 02",
         "quantity": "13000", "unit": "t/a", "confidentiality": "office", "quantity_visibility": "partners", "months": list(range(1, 13))},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    (entry,) = _entries(model="streams.resourcestream", object_id=str(stream.pk), action="update")
    assert entry.username == "company" and entry.user_id == users["company"].pk
    assert entry.ip == "192.0.2.7" and entry.path == f"/streams/{stream.pk}/edit/" and entry.method == "POST"
    assert entry.changes["name"] == ["Alpha secret fly ash", "Alpha fly ash, dry"]
    assert entry.changes["quantity"] == [12345.0, 13000.0]
    assert entry.changes["quantity_visibility"] == ["", "partners"]
    assert "updated_at" not in entry.changes and entry.organisation_id == park["alpha"].pk


def test_create_and_delete_are_logged_and_an_unchanged_save_is_not(park, users):
    with request_context(user=users["office"], ip="198.51.100.1", path="/test/", method="POST"):
        organisation = Organisation.objects.create(name="Gamma Oy", kind="company")
        organisation.save()  # nothing changed: no entry
        pk = organisation.pk
        organisation.delete()
    created, deleted = _entries(model="organisations.organisation", object_id=str(pk))
    assert created.action == "create" and created.changes["name"] == [None, "Gamma Oy"] and created.username == "office"
    assert deleted.action == "delete" and deleted.changes["name"] == ["Gamma Oy", None]


def test_a_role_change_is_logged_without_the_password(users):
    user = users["viewer"]
    user.role = "expert"
    user.set_password("another-long-password-2")
    user.save()
    (entry,) = _entries(model="accounts.user", object_id=str(user.pk), action="update")
    assert entry.changes == {"role": ["viewer", "expert"]}


def test_a_rolled_back_change_leaves_no_entry(park):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            Organisation.objects.create(name="Never Oy", kind="company")
            raise RuntimeError("the import failed half way")
    assert AuditEntry.objects.count() == before
    assert not Organisation.objects.filter(name="Never Oy").exists()


def test_entries_are_append_only(park):
    entry = AuditEntry.objects.filter(model="organisations.organisation").first()
    entry.username = "someone else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(username="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).username == ""


def test_the_admin_may_not_add_change_or_delete(users):
    request = RequestFactory().get("/admin/")
    request.user = users["office"]
    model_admin = admin_site._registry[AuditEntry]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request) and not model_admin.has_delete_permission(request)


def test_the_office_reads_filters_and_exports_the_log(client, users, park):
    client.force_login(users["office"])
    page = client.get("/audit/", {"model": "streams.resourcestream", "action": "create"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Alpha secret fly ash" in body and "Beta Cement Oy" not in body
    exported = client.get("/audit/export.csv", {"model": "organisations.organisation"})
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert {row["object_repr"] for row in rows} >= {"Alpha Ash Oy", "Beta Cement Oy"}
    assert all(row["model"] == "organisations.organisation" for row in rows)
    data = json.loads(b"".join(client.get("/audit/export.json", {"action": "create"}).streaming_content))
    assert data and all(item["action"] == "create" for item in data)
    assert client.get("/audit/", {"since": "2026-02-02", "until": "2026-01-01"}).status_code == 400


def test_the_api_is_read_only_and_for_the_office(client, users, park):
    client.force_login(users["office"])
    listing = client.get("/api/audit/", {"model": "organisations.organisation"}).json()
    assert listing["count"] >= 3
    pk = listing["results"][0]["id"]
    assert client.post("/api/audit/", {"action": "read"}, content_type="application/json").status_code == 405
    assert client.patch(f"/api/audit/{pk}/", {"username": "x"}, content_type="application/json").status_code == 405
    assert client.delete(f"/api/audit/{pk}/").status_code == 405
    assert client.get("/api/audit/", {"action": "sing"}).status_code == 400
    for role in ("expert", "company", "viewer"):
        client.force_login(users[role])
        assert client.get("/api/audit/").status_code == 403, role


def test_a_bulk_write_logs_one_entry_per_row(park):
    site = park["streams"]["alpha_office"].site
    existing = ResourceStream.objects.get(pk=park["streams"]["alpha_public"].pk)
    existing.quantity = 1.0
    new = [ResourceStream(site=site, direction="output", kind="material", name=f"Bulk {n}", quantity=n, unit="t/a") for n in range(3)]
    for stream in new:
        stream.refresh_canonical_quantity()
    with transaction.atomic(), bulk_audit(ResourceStream, new, [existing]):
        ResourceStream.objects.bulk_create(new)
        ResourceStream.objects.filter(pk=existing.pk).update(quantity=1.0)
    created = _entries(model="streams.resourcestream", action="create", object_repr__startswith="Bulk")
    assert len(created) == 3
    (updated,) = _entries(model="streams.resourcestream", action="update", object_id=str(existing.pk))
    assert updated.changes == {"quantity": [23456.0, 1.0]}


def test_an_experts_look_at_a_proposal_is_a_confidential_read_of_both_streams(client, users, park, synergy):
    client.force_login(users["expert"])
    assert client.get(f"/synergies/proposals/{synergy['proposal'].pk}/").status_code == 200
    reads = AuditEntry.objects.filter(action="read", username="expert")
    assert sorted(reads.values_list("object_repr", flat=True)) == [
        "Alpha secret fly ash (Output (supply))", "Beta secret gypsum demand (Input (demand))"
    ]
    assert {entry.path for entry in reads} == {f"/synergies/proposals/{synergy['proposal'].pk}/"}


def test_logging_in_writes_no_entry(client, users):
    before = AuditEntry.objects.count()
    assert client.post("/accounts/login/", {"username": "viewer", "password": "correct-horse-battery-staple"}).status_code == 302
    assert AuditEntry.objects.count() == before
