import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_lists_every_endpoint(client, users):
    client.force_login(users["viewer"])
    response = client.get(reverse("api:api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.content.decode()
    for path in ("/api/organisations/", "/api/streams/", "/api/sites/", "/api/plots/", "/api/zones/", "/api/infrastructure/"):
        assert path in body


def test_the_api_needs_credentials(client):
    response = client.get("/api/organisations/")
    assert response.status_code in (401, 403)


def test_a_token_authenticates(client, users):
    token = Token.objects.create(user=users["office"])
    response = client.get("/api/organisations/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_a_wrong_token_is_refused(client, users):
    assert client.get("/api/organisations/", HTTP_AUTHORIZATION="Token nope").status_code == 401


def test_lists_are_paginated_and_bounded(client, users):
    client.force_login(users["office"])
    data = client.get("/api/organisations/?limit=100000").json()
    assert set(data) >= {"count", "next", "previous", "results"}
    page = client.get("/api/organisations/?limit=1").json()
    assert len(page["results"]) == 1 and page["next"]
