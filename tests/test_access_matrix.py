"""Every role against every page: status codes, and no foreign confidential value in the body."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "office", "expert", "company", "outsider", "viewer"]

# What each role gets from each page of the Alpha company (the `company` user's own organisation).
# 200 = shown, 403 = refused, 302 = sent to the login page.
MATRIX = {
    "dashboard": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "map": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "map-data": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "organisation-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "organisation-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "organisation-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    "stream-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    "stream-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    # The project office's own work (veturi.engagement, veturi.office): office and experts only; the plan is read by all.
    "pipeline-board": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "pipeline-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "organisation-stage": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "interaction-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "interaction-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "interaction-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "attachment-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "follow-up-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "attachment-download": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "stakeholder-map": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "stakeholder-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-minutes": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-minutes-pdf": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "action-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "task-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "task-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "milestone-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "milestone-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "report-monthly": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "report-monthly-pdf": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "organisation-report": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "organisation-report-pdf": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "interaction-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "action-item-status": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "follow-up-toggle": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "plan": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    # Import and export (veturi.transfer): companies import their own streams; viewers only export.
    "transfer-import": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
    "transfer-import-commit": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    "transfer-templates": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
    "transfer-export": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    # Synergies (veturi.synergies): the office and experts only until the companies' double opt-in view.
    "synergy-proposals": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-proposal": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-organisation": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-stream": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-attract": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-chains": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-rules": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-rule": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-rule-add": {"anonymous": 302, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-runs": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-proposal-decide": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "synergy-run-now": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    # Value networks (veturi.valuenets): office and experts; viewers see network summaries only; companies 403 for now.
    "valuenet-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    "valuenet-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    "valuenet-edit": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "valuenet-recompute": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "valuenet-gaps": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "locomotive-ranking": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "locomotive-criteria": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "hypothesis-board": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "hypothesis-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "hypothesis-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    # Plug and play (veturi.plugplay): the office and experts; a company keeps its own plot requirement; the zone page is public.
    "allocation": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "allocation-run": {"anonymous": 302, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    "allocation-data": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "allocation-what-if": {"anonymous": 302, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    "plot-requirement": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    "offer": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "offer-pdf": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "offer-xlsx": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "contract-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "contract-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "contract-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "contract-move": {"anonymous": 302, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    "contract-document": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "document-template-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "document-template-add": {"anonymous": 302, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    "document-template-edit": {"anonymous": 302, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    "zone-public": {"anonymous": 200, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "zone-public-data": {"anonymous": 200, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
}

# Roles that must never see Alpha's confidential stream.
BLIND_TO_ALPHA_SECRETS = {"outsider", "viewer"}


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
    "synergy-stream": "stream", "synergy-rule": "rule",
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
    if role in BLIND_TO_ALPHA_SECRETS:
        body = response.content.decode()
        assert "Alpha secret fly ash" not in body
        assert "12,345" not in body and "12345" not in body
