"""schemathesis against the app's own OpenAPI schema, as every signed-in role: no 5xx, no response
that breaks the schema, on every operation.

The schema is generated in process (drf-spectacular) and the requests go straight into the WSGI app,
so they meet the test database. Examples are few and derandomised to keep CI fast and repeatable;
`VETURI_SCHEMATHESIS_EXAMPLES=50` runs a deeper pass by hand.
"""

import os

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from veturi.web.wsgi import application

pytestmark = pytest.mark.django_db

SIGNED_IN_ROLES = ["office", "expert", "company", "viewer"]
EXAMPLES = int(os.environ.get("VETURI_SCHEMATHESIS_EXAMPLES", "4"))

# The fuzzing phase only: the coverage phase's hundreds of boundary cases per operation belong in a
# deeper pass, not in every CI run.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True), config=CONFIG)
schema.app = application


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calling the WSGI app directly fires request_finished, which closes the database connection
    (and with it the test's transaction) on PostgreSQL; Django's test client disconnects it too."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(park, users):
    """A token per role, and the office's records so that detail URLs sometimes hit a real object."""
    from veturi.office.tests.factories import office_objects
    from veturi.synergies.tests.factories import synergy_objects

    office_objects(park)
    synergy_objects(park)
    return {role: Token.objects.create(user=users[role]).key for role in SIGNED_IN_ROLES}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_server_error_and_no_schema_break(case, tokens):
    for role in SIGNED_IN_ROLES:
        response = case.call(headers={"Authorization": f"Token {tokens[role]}"})
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance])
