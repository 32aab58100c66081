import pytest

from veturi.valuenets.tests.factories import valuenet_objects

STAFF = ("office", "expert")
OTHERS = ("company", "outsider", "viewer")


@pytest.fixture
def valuenet(park):
    """A stored network over Alpha and Beta (one proposal: Alpha's secret fly ash) and an open hypothesis."""
    return valuenet_objects(park)


@pytest.fixture
def refused(client, users):
    """Check a page: anonymous is sent to log in, the given roles get 403 without a leak."""

    def check(url, roles=OTHERS, method="get", data=None):
        client.logout()
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        for role in roles:
            client.force_login(users[role])
            response = getattr(client, method)(url, data or {})
            assert response.status_code == 403, role
            assert "Alpha secret fly ash" not in response.content.decode()
        client.logout()

    return check
