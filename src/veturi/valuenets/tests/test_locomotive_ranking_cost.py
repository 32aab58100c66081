"""The locomotive ranking page reads the synergy data once per change of the data, not once per view."""

import pytest
from django.urls import reverse

from veturi.synergies.models import Proposal, ProposalStatus
from veturi.valuenets.models import Candidate, RankingRun

pytestmark = pytest.mark.django_db


def test_a_second_view_of_unchanged_data_reads_no_synergy_data(login, valuenet, django_assert_max_num_queries):
    client = login("office")
    assert client.get(reverse("locomotive-ranking")).status_code == 200
    # The inputs' key (a dozen small queries), session, the stored ranking, the recent rankings: no proposal with its streams.
    with django_assert_max_num_queries(25) as captured:
        assert client.get(reverse("locomotive-ranking")).status_code == 200
    assert not any("INNER JOIN" in query["sql"] and "synergies_proposal" in query["sql"] for query in captured.captured_queries)
    assert RankingRun.objects.count() == 1


def test_a_proposal_changed_by_a_bulk_update_ranks_again(login, valuenet):
    client = login("office")
    client.get(reverse("locomotive-ranking"))
    # A matching run changes kept proposals with QuerySet.update, which no signal or updated_at sees.
    Proposal.objects.update(status=ProposalStatus.REALISED, value_eur_per_year=987654)
    client.get(reverse("locomotive-ranking"))
    assert RankingRun.objects.count() == 2


def test_a_candidate_recorded_by_the_office_ranks_again(login, valuenet, park):
    client = login("office")
    client.get(reverse("locomotive-ranking"))
    Candidate.objects.update_or_create(organisation=park["alpha"], defaults={"investment_eur": 5_000_000, "marked_locomotive": True})
    body = client.get(reverse("locomotive-ranking")).content.decode()
    assert RankingRun.objects.count() == 2
    assert "Alpha Ash Oy" in body
