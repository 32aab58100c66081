"""Every role against every API endpoint: status codes per method, and no foreign confidential value in the body.

The expected answers are API_MATRIX in veturi.accounts.authorisation; a new endpoint without a row fails
test_the_api_matrix_covers_every_endpoint.
"""

import json

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse
from rest_framework.authtoken.models import Token

from veturi.accounts.authorisation import API_MATRIX, CONFIDENTIAL_MARKERS, ROLES

pytestmark = pytest.mark.django_db


def api_url_names() -> set[str]:
    """Every named URL of the API namespace except the browsable root and the schema."""
    namespace = get_resolver().namespace_dict["api"][1]
    return {name for name in namespace.reverse_dict if isinstance(name, str) and name not in ("api-root", "api-schema")}


@pytest.fixture
def world(park, users):
    """The tiny park plus one object of every kind the API serves (office, synergies, plug and play, networks)."""
    from veturi.office.tests.factories import office_objects
    from veturi.plugplay.tests.factories import plugplay_objects
    from veturi.synergies.tests.factories import synergy_objects
    from veturi.valuenets.tests.factories import make_network, valuenet_objects

    objects = {**office_objects(park), **plugplay_objects(park), **synergy_objects(park)}
    make_network(park, objects["proposal"])
    objects.update(valuenet_objects(park))  # finds the network just made and adds a hypothesis
    objects.update(_more_objects(park))
    from veturi.pilots.tests.factories import pilot_objects
    from veturi.roadmap.tests.factories import roadmap_objects

    objects.update(roadmap_objects(park))  # a solved roadmap, its activity and resource, a monitoring entry
    objects.update({f"pilot_{key}": pilot for key, pilot in pilot_objects(park).items()})
    from veturi.valuenets.adapters import run_ranking

    run_ranking()  # a stored locomotive ranking
    tokens = {role: Token.objects.create(user=user).key for role, user in users.items()}
    return {"park": park, "objects": objects, "tokens": tokens}


def _more_objects(park) -> dict:
    """Kinds no app factory makes: infrastructure, stakeholder, stage change, locomotive candidate and criterion."""
    from veturi.engagement.models import StageChange, Stakeholder
    from veturi.plots.models import InfrastructureAsset
    from veturi.valuenets.models import Candidate, CriterionScore, CustomCriterion

    criterion = CustomCriterion.objects.create(code="rail", name="Rail siding")
    return {
        "infrastructure": InfrastructureAsset.objects.create(name="Heat main", kind="heat_network", zone=park["zone"]),
        "stakeholder": Stakeholder.objects.create(organisation=park["alpha"], influence=3, interest=4),
        "stage_change": StageChange.objects.create(organisation=park["alpha"], from_stage="identified", to_stage="contacted"),
        "candidate": Candidate.objects.create(organisation=park["alpha"], investment_eur=1e6),
        "criterion": criterion,
        "score": CriterionScore.objects.create(criterion=criterion, organisation=park["alpha"], score=3),
    }


MISSING_PK = 999_999


# Which object a detail URL points at: Alpha's own where the company may see it, Alpha's confidential stream.
def _detail_pk(name: str, world) -> int | None:
    park, objects = world["park"], world["objects"]
    chosen = {
        "organisation": park["alpha"].pk,
        "stream": park["streams"]["alpha_office"].pk,
        "site": park["streams"]["alpha_office"].site_id,
        "offer": park["alpha"].pk,
        "plot-requirement": objects["requirements"]["alpha"].pk,
        "contract": objects["contract"].pk,
        "contract-move": objects["contract"].pk,
        "synergy-proposal": objects["proposal"].pk,
        "synergy-proposal-decide": objects["proposal"].pk,
        "value-network": objects["network"].pk,
        "hypothesis": objects["hypothesis"].pk,
        "document-template": objects["template"].pk,
        "my-proposal": objects["proposal"].pk,
        "my-proposal-answer": objects["proposal"].pk,
        "roadmap": objects["roadmap"].pk,
        "roadmap-solve": objects["roadmap"].pk,
        "roadmap-activity": objects["activity"].pk,
        "roadmap-resource": objects["resource"].pk,
        "monitoring-entry": objects["entry"].pk,
        "pilot": objects["pilot_public"].pk,
    }
    base = name.removesuffix("-detail")
    if base in chosen:
        return chosen[base]
    return None


def _first_pk(client, token, list_name):
    if list_name not in api_url_names():
        return None
    response = client.get(reverse(f"api:{list_name}"), HTTP_AUTHORIZATION=f"Token {token}")
    results = response.json().get("results", [])
    return results[0]["id"] if results else None


def api_url(client, world, name: str) -> str:
    pattern_needs_pk = "pk" in str(get_resolver().namespace_dict["api"][1].reverse_dict.getlist(name)[0][0][0][1])
    if not pattern_needs_pk:
        return reverse(f"api:{name}")
    pk = _detail_pk(name, world) or _first_pk(client, world["tokens"]["office"], name.removesuffix("-detail") + "-list")
    # No such object in the world yet: a missing one still tells refused (403) from allowed (404).
    return reverse(f"api:{name}", args=[pk or MISSING_PK])


def call(client, world, role: str, name: str, method: str):
    """One request as `role`; unsafe ones inside a savepoint rolled back, so every role meets the same data."""
    url = api_url(client, world, name)
    headers = {} if role == "anonymous" else {"HTTP_AUTHORIZATION": f"Token {world['tokens'][role]}"}
    if method == "GET":
        return client.get(url, **headers)
    with transaction.atomic():
        response = getattr(client, method.lower())(url, data=json.dumps({}), content_type="application/json", **headers)
        transaction.set_rollback(True)
    return response


METHODS = ("GET", "POST", "PATCH", "DELETE")


def test_the_api_matrix_covers_every_endpoint():
    assert api_url_names() == set(API_MATRIX), "add the new API endpoint to API_MATRIX in veturi.accounts.authorisation"
    for name, methods in API_MATRIX.items():
        assert set(methods) == set(METHODS), name
        assert all(set(row) == set(ROLES) for row in methods.values()), name


@pytest.mark.parametrize("name", sorted(API_MATRIX))
def test_every_role_gets_the_expected_answer(client, world, name):
    """Every method and role of one endpoint in one test (the world is built once per endpoint);
    unsafe requests are rolled back after each role, so every role meets the same data."""
    for method in METHODS:
        answers = {role: call(client, world, role, name, method) for role in ROLES}
        got = {role: response.status_code for role, response in answers.items()}
        assert got == API_MATRIX[name][method], f"{method} {name}"
        for role, response in answers.items():
            body = response.content.decode(errors="replace")
            for marker, blind in CONFIDENTIAL_MARKERS.items():
                if role in blind:
                    assert marker not in body, f"{role} met {marker!r} in {method} {name}"
