import pytest

from veturi.scenarios.tests.factories import roadmap_objects

READERS = ("office", "expert", "viewer")
STAFF = ("office", "expert")
OTHERS = ("company", "outsider")


@pytest.fixture
def plan(db):
    return roadmap_objects()


@pytest.fixture
def refused(client, users):
    """Check a page: anonymous is sent to log in, the given roles get 403."""

    def check(url, roles=OTHERS, method="get", data=None):
        client.logout()
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        for role in roles:
            client.force_login(users[role])
            response = getattr(client, method)(url, data or {})
            assert response.status_code == 403, role
        client.logout()

    return check
