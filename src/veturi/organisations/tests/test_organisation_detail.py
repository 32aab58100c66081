import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _detail(client, organisation):
    return client.get(reverse("organisation-detail", args=[organisation.pk]))


@pytest.mark.parametrize("role", ["office", "expert"])
def test_the_office_sees_every_stream_of_a_company(login, park, role):
    html = _detail(login(role), park["alpha"]).content.decode()
    assert "Alpha secret fly ash" in html and "12,345" in html
    assert "Alpha public bottom ash" in html


def test_a_company_representative_sees_their_own_confidential_streams(login, park):
    html = _detail(login("company"), park["alpha"]).content.decode()
    assert "Alpha secret fly ash" in html and "12,345" in html


def test_a_company_representative_sees_only_public_streams_of_another_company(login, park):
    response = _detail(login("company"), park["beta"])
    html = response.content.decode()
    assert "Beta public cooling water" in html
    assert "Beta secret gypsum demand" not in html and "34,567" not in html
    assert "Beta partner-only heat" not in html
    assert response.context["hidden_streams"] == 2


def test_a_viewer_sees_only_public_streams(login, park):
    html = _detail(login("viewer"), park["alpha"]).content.decode()
    assert "Alpha public bottom ash" in html
    assert "Alpha secret fly ash" not in html and "12,345" not in html


def test_it_shows_nace_titles_and_hazard(login, park):
    html = _detail(login("office"), park["alpha"]).content.decode()
    assert "35.11" in html and "Production of electricity" in html
    # 10 01 02 (coal fly ash) is not hazardous; the page shows the EWC description.
    assert "coal fly ash" in html


def test_an_unknown_organisation_is_404(login, park):
    assert login("office").get(reverse("organisation-detail", args=[99999])).status_code == 404
