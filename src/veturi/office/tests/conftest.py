import pytest

from veturi.office.tests.factories import office_objects


@pytest.fixture
def office(park, settings, tmp_path):
    """The park plus a meeting, an interaction with a PDF attachment and a small plan; files in a temp folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return office_objects(park)
