"""The demo park loads into the database (SQLite or PostgreSQL) once, completely, atomically."""

import pytest

from veturi.demo import loader
from veturi.organisations.models import Organisation
from veturi.plots.models import InfrastructureAsset, Plot
from veturi.streams.models import ResourceStream

pytestmark = pytest.mark.django_db


def test_it_loads_the_park_the_issue_asks_for():
    report = loader.load_demo()
    assert Organisation.objects.count() >= 40
    assert ResourceStream.objects.count() >= 150
    assert Plot.objects.count() >= 30
    assert InfrastructureAsset.objects.exists()
    assert report.created["Organisation"] == Organisation.objects.count()
    # Real public actors are there, and invented companies say so.
    names = set(Organisation.objects.values_list("name", flat=True))
    assert any("Tammervoima" in name for name in names)
    for organisation in Organisation.objects.filter(illustrative=True):
        assert "illustrative" in organisation.name.lower() or organisation.name.startswith("Demo")
    # Every stream got a canonical per-year quantity.
    assert not ResourceStream.objects.filter(canonical_unit="").exists()


def test_a_second_load_creates_nothing():
    loader.load_demo()
    counts = {model: model.objects.count() for model in (Organisation, ResourceStream, Plot)}
    report = loader.load_demo()
    assert report.total_created == 0
    assert {model: model.objects.count() for model in counts} == counts


def test_one_broken_record_leaves_the_database_untouched(monkeypatch):
    original = loader._read_json

    def broken(name):
        data = original(name)
        if name == "organisations.json":
            # Break the last stream of the file, so that everything before it has been written.
            last = [site for record in data for site in record.get("sites", []) if site.get("streams")][-1]
            last["streams"][-1]["unit"] = "bananas"
        return data

    monkeypatch.setattr(loader, "_read_json", broken)
    with pytest.raises(loader.DemoDataError) as error:
        loader.load_demo()
    assert "bananas" in str(error.value) and "stream" in str(error.value)
    assert Organisation.objects.count() == 0 and Plot.objects.count() == 0


def test_demo_users_exist_one_per_role():
    from veturi.accounts.models import User

    loader.load_demo()
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {"office": "office", "expert": "expert", "company": "company", "viewer": "viewer"}
    company = User.objects.get(username="company")
    assert company.organisation is not None
    assert company.check_password(loader.DEMO_USERS["company"][0])
