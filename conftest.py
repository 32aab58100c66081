"""Fixtures shared by every test: one user per role and a tiny two-company park.

Also: on the PostgreSQL pass of the whole suite, tests that never reach the database are
deselected (they already ran, identically, on the SQLite pass); VETURI_TEST_ALL=1 keeps them.
"""

import os

import pytest

PASSWORD = "correct-horse-battery-staple"

# A test reaches the database only through the django_db marker or one of these fixtures (pytest-
# django adds `transactional_db` for live_server at run time, so the static closure would miss it).
# Not `django_db_blocker`: pytest-django's autouse fixtures put it in every test's closure.
DATABASE_FIXTURES = frozenset({
    "db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
    "django_db_setup", "live_server", "client", "async_client", "admin_client", "admin_user",
    "django_user_model",
})

DESELECTED_AS_DATABASE_FREE = pytest.StashKey[int]()


def _reaches_the_database(item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres"):
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL pass of the whole suite, drop the tests that never touch the database.

    They ran on the SQLite pass (CI runs both) and nothing in them depends on the database engine;
    the CLI tests that start `veturi` in a fresh process strip DATABASE_URL, so they too use SQLite
    on either pass. Only a run over the configured testpaths (no explicit paths or node ids) is
    trimmed: running a file or test by name on PostgreSQL still runs it.
    """
    from django.conf import settings

    if os.environ.get("VETURI_TEST_ALL") == "1":
        return
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    if config.args_source != pytest.Config.ArgsSource.TESTPATHS:
        return
    kept, database_free = [], []
    for item in items:
        (kept if _reaches_the_database(item) else database_free).append(item)
    if database_free:
        config.hook.pytest_deselected(items=database_free)
        items[:] = kept
        config.stash[DESELECTED_AS_DATABASE_FREE] = len(database_free)


def pytest_terminal_summary(terminalreporter, config):
    count = config.stash.get(DESELECTED_AS_DATABASE_FREE, 0)
    if count:
        terminalreporter.write_line(
            f"veturi: deselected {count} database-free tests on the PostgreSQL pass "
            "(they ran on SQLite; VETURI_TEST_ALL=1 runs them here too)"
        )


@pytest.fixture(scope="session", autouse=True)
def _postgresql_flush_by_delete():
    """After each transactional test (live_server, browser journeys) Django empties every table.

    On PostgreSQL it does so with one TRUNCATE of all ~100 tables, which replaces every table's
    files and takes seconds; DELETE of the few rows a test left takes milliseconds. Django makes
    its foreign keys DEFERRABLE, so deleting in any order inside the flush's transaction is safe.
    Test-only: no Veturi code flushes a database.
    """
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def delete(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables
        ]

    DatabaseOperations.sql_flush = delete
    yield
    DatabaseOperations.sql_flush = truncate


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login lock-outs and rate limits live in the cache: no test inherits another's counts."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def park(db):
    """Two companies, each with a site and streams of every confidentiality, one zone and plot."""
    from veturi.organisations.models import NaceActivity, Organisation
    from veturi.plots.models import Plot, PlotUtility, Zone
    from veturi.streams.models import ResourceStream, Site

    square = lambda lon, lat, d: {  # noqa: E731
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d / 2], [lon, lat + d / 2], [lon, lat]]],
    }
    zone = Zone.objects.create(name="Test zone", municipality="Nokia", geometry=square(23.50, 61.50, 0.05))
    plot = Plot.objects.create(zone=zone, identifier="T-1", geometry=square(23.51, 61.51, 0.005), zoning_class="T", price_eur_per_m2=5)
    PlotUtility.objects.create(plot=plot, kind="electricity", capacity=2)
    alpha = Organisation.objects.create(name="Alpha Ash Oy", kind="company", business_id="0737546-2")
    NaceActivity.objects.create(organisation=alpha, code="35.11", is_primary=True)
    beta = Organisation.objects.create(name="Beta Cement Oy", kind="company")
    NaceActivity.objects.create(organisation=beta, code="23.51", is_primary=True)
    city = Organisation.objects.create(name="City of Testala", kind="municipality")
    sites = {}
    for org in (alpha, beta):
        sites[org.pk] = Site.objects.create(organisation=org, name=f"{org.name} plant", latitude=61.52, longitude=23.52, zone=zone)

    def stream(org, name, confidentiality, quantity, **extra):
        return ResourceStream.objects.create(
            site=sites[org.pk],
            direction=extra.pop("direction", "output"),
            kind=extra.pop("kind", "by_product"),
            name=name,
            quantity=quantity,
            unit=extra.pop("unit", "t/a"),
            confidentiality=confidentiality,
            **extra,
        )

    streams = {
        "alpha_office": stream(alpha, "Alpha secret fly ash", "office", 12345, ewc_code="10 01 02"),
        "alpha_public": stream(alpha, "Alpha public bottom ash", "public", 23456, ewc_code="10 01 01"),
        "beta_office": stream(beta, "Beta secret gypsum demand", "office", 34567, direction="input", kind="material"),
        "beta_partners": stream(beta, "Beta partner-only heat", "partners", 4.5, kind="energy", unit="MW"),
        "beta_public": stream(beta, "Beta public cooling water", "public", 56789, kind="water", unit="m3/a"),
    }
    return {"alpha": alpha, "beta": beta, "city": city, "zone": zone, "plot": plot, "streams": streams}


def _user(username, role, organisation=None):
    from veturi.accounts.models import User

    return User.objects.create_user(username=username, password=PASSWORD, role=role, organisation=organisation)


@pytest.fixture
def users(park):
    """One user per role; `company` speaks for Alpha, `outsider` for Beta."""
    return {
        "office": _user("office", "office"),
        "expert": _user("expert", "expert"),
        "company": _user("company", "company", park["alpha"]),
        "outsider": _user("outsider", "company", park["beta"]),
        "viewer": _user("viewer", "viewer"),
    }


@pytest.fixture
def login(client, users):
    """Log the test client in as a role and return it."""

    def _login(role: str):
        client.force_login(users[role])
        return client

    return _login
