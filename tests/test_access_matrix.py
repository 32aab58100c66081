"""Every role against every page: status codes, and no foreign confidential value in the body."""

import pytest
from django.urls import reverse

from veturi.accounts.authorisation import CONFIDENTIAL_MARKERS, MATRIX, ROLES

pytestmark = pytest.mark.django_db



def _office_url_args(name, park):
    """Objects of the office's pages, made only when such a page is asked for."""
    from veturi.office.tests.factories import office_objects

    if name not in OFFICE_OBJECT_PAGES:
        return {}
    objects = office_objects(park)
    return {name: [objects[OFFICE_OBJECT_PAGES[name]].pk]}


OFFICE_OBJECT_PAGES = {
    "organisation-stage": "alpha", "stakeholder-edit": "alpha", "organisation-report": "alpha", "organisation-report-pdf": "alpha",
    "interaction-detail": "interaction", "attachment-add": "interaction", "follow-up-add": "interaction",
    "attachment-download": "attachment", "interaction-edit": "interaction", "action-item-status": "action_item", "follow-up-toggle": "follow_up", "meeting-detail": "meeting", "meeting-edit": "meeting",
    "meeting-minutes": "meeting", "meeting-minutes-pdf": "meeting", "task-edit": "task", "milestone-edit": "milestone",
}


SYNERGY_OBJECT_PAGES = {
    "synergy-proposal": "proposal", "synergy-proposal-decide": "proposal", "synergy-organisation": "alpha",
    "synergy-stream": "stream", "synergy-rule": "rule", "consent-proposal-answer": "proposal",
}


def _synergy_url_args(name, park):
    """Objects of the synergy pages (a rule, a run, a proposal), made only when such a page is asked for."""
    from veturi.synergies.tests.factories import synergy_objects

    if name not in SYNERGY_OBJECT_PAGES:
        return {}
    return {name: [synergy_objects(park)[SYNERGY_OBJECT_PAGES[name]].pk]}


PLUGPLAY_OBJECT_PAGES = {
    "allocation-data": ["run"], "allocation-what-if": ["run"], "plot-requirement": ["alpha"], "offer": ["alpha"], "offer-pdf": ["alpha"],
    "offer-xlsx": ["alpha"], "contract-detail": ["contract"], "contract-move": ["contract"], "contract-document": ["contract", "template"],
    "document-template-edit": ["template"],
}


def _plugplay_url_args(name, park):
    """Objects of the plug-and-play pages (a run, a contract, a template), made only when such a page is asked for."""
    from veturi.plugplay.tests.factories import plugplay_objects

    if name not in PLUGPLAY_OBJECT_PAGES:
        return {}
    objects = plugplay_objects(park)
    return {name: [objects[key].pk for key in PLUGPLAY_OBJECT_PAGES[name]]}


VALUENET_OBJECT_PAGES = {"valuenet-detail": "network", "valuenet-edit": "network", "hypothesis-edit": "hypothesis"}


def _valuenet_url_args(name, park):
    """Objects of the value-network pages (a network, a hypothesis), made only when such a page is asked for."""
    from veturi.valuenets.tests.factories import valuenet_objects

    if name not in VALUENET_OBJECT_PAGES:
        return {}
    return {name: [valuenet_objects(park)[VALUENET_OBJECT_PAGES[name]].pk]}


SCENARIO_OBJECT_PAGES = {"scenario-detail": "scenario", "scenario-edit": "scenario", "scenario-simulate": "scenario"}


def _scenario_url_args(name, park):
    """The scenario pages' scenario (over a small solved roadmap), made only when such a page is asked for."""
    from veturi.scenarios.tests.factories import roadmap_objects

    if name not in SCENARIO_OBJECT_PAGES:
        return {}
    return {name: [roadmap_objects()[SCENARIO_OBJECT_PAGES[name]].pk]}


ROADMAP_OBJECT_PAGES = {
    "roadmap-detail": "roadmap", "roadmap-edit": "roadmap", "roadmap-solve": "roadmap", "roadmap-build": "roadmap",
    "roadmap-activity-add": "roadmap", "roadmap-activity-edit": "activity", "roadmap-resource-add": "roadmap",
    "roadmap-resource-edit": "resource", "monitoring-entry-edit": "entry", "pilot-detail": "public", "pilot-edit": "public",
}


def _roadmap_url_args(name, park):
    """The roadmap and pilot pages' objects (a small solved roadmap, a monitoring entry, Alpha's pilot), made only when asked for."""
    if name not in ROADMAP_OBJECT_PAGES:
        return {}
    if name.startswith("pilot-"):
        from veturi.pilots.tests.factories import pilot_objects

        return {name: [pilot_objects(park)[ROADMAP_OBJECT_PAGES[name]].pk]}
    from veturi.roadmap.tests.factories import roadmap_objects

    return {name: [roadmap_objects(park)[ROADMAP_OBJECT_PAGES[name]].pk]}


JOB_PAGES = {"job-detail", "job-progress", "job-cancel"}


def _job_url_args(name, park):
    """A job the expert launched (the office sees every job, an expert their own), made only when a job page is asked for."""
    if name not in JOB_PAGES:
        return {}
    from veturi.accounts.models import User
    from veturi.jobs.worker import enqueue

    return {name: [enqueue("matching", {"top_k": 3}, user=User.objects.get(username="expert")).pk]}


def _url(name, park):
    alpha = park["alpha"]
    args = {
        "organisation-detail": [alpha.pk],
        "organisation-edit": [alpha.pk],
        "stream-add": [alpha.pk],
        "stream-edit": [park["streams"]["alpha_office"].pk],
        **_office_url_args(name, park),
        **_synergy_url_args(name, park),
        **_plugplay_url_args(name, park),
        **_valuenet_url_args(name, park),
        **_roadmap_url_args(name, park),
        **_scenario_url_args(name, park),
        **_job_url_args(name, park),
    }.get(name, [])
    return reverse(name, args=args)


def test_the_matrix_covers_every_named_page():
    from django.urls import get_resolver

    named = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    app_pages = {name for name in named if not name.startswith(("admin", "login", "logout", "set_language", "javascript"))}
    assert app_pages == set(MATRIX), "add the new page to MATRIX"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_gets_the_expected_answer(client, users, park, name, role):
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(_url(name, park))
    assert response.status_code == MATRIX[name][role], f"{role} on {name}"
    if role == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
    body = b"".join(response.streaming_content).decode(errors="replace") if response.streaming else response.content.decode(errors="replace")
    for marker, blind in CONFIDENTIAL_MARKERS.items():
        # Names only here: a bare figure can occur by chance in a page's numbers (the API test checks figures too).
        if role in blind and not marker.isdigit():
            assert marker not in body, f"{role} met {marker!r} on {name}"
    if role in ("outsider", "viewer"):
        assert "12,345" not in body and "12345" not in body
