import pytest
from django.urls import reverse

from veturi.jobs.worker import enqueue

pytestmark = pytest.mark.django_db


def test_the_office_sees_every_job_and_an_expert_their_own(client, users):
    mine = enqueue("matching", user=users["expert"])
    theirs = enqueue("allocation", {"time_limit_s": 1.0, "seed": 0}, user=users["office"])
    client.force_login(users["office"])
    body = client.get(reverse("job-list")).content.decode()
    assert reverse("job-detail", args=[mine.pk]) in body and reverse("job-detail", args=[theirs.pk]) in body
    assert "Plot allocation" in body and "Matching" in body
    client.force_login(users["expert"])
    body = client.get(reverse("job-list")).content.decode()
    assert reverse("job-detail", args=[mine.pk]) in body and reverse("job-detail", args=[theirs.pk]) not in body


def test_others_may_not_list_jobs(client, users):
    for role in ("company", "outsider", "viewer"):
        client.force_login(users[role])
        assert client.get(reverse("job-list")).status_code == 403, role
