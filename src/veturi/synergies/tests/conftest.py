import pytest

from veturi.synergies.tests.factories import synergy_objects

STAFF = ("office", "expert")
OTHERS = ("company", "outsider", "viewer")


@pytest.fixture
def synergy(park):
    """A stored run with one proposal (Alpha's secret fly ash to Beta's secret gypsum demand)."""
    return synergy_objects(park)


@pytest.fixture
def refused_to_others(client, users):
    """Check a page: anonymous is sent to log in, company reps and viewers get 403 without a leak."""

    def check(url, method="get"):
        client.logout()
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        for role in OTHERS:
            client.force_login(users[role])
            response = getattr(client, method)(url)
            assert response.status_code == 403, role
            assert "Alpha secret fly ash" not in response.content.decode()
        client.logout()

    return check
