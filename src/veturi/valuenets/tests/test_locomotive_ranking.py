import pytest
from django.urls import reverse

from veturi.synergies.models import Proposal, ProposalStatus
from veturi.valuenets.models import Candidate, RankingRun

pytestmark = pytest.mark.django_db

WEIGHTS = {"w_symbiosis_value": 1, "w_synergy_count": 0, "w_centrality": 0, "w_jobs": 0, "w_investment": 0, "w_strategic_fit": 0,
           "w_site_fit": 0, "w_co2_potential": 0, "w_engagement": 0}


@pytest.mark.parametrize("role", ["office", "expert"])
def test_staff_see_the_ranking_and_the_sensitivity_chart(login, valuenet, role):
    body = login(role).get(reverse("locomotive-ranking")).content.decode()
    assert "Alpha Ash Oy" in body and "Beta Cement Oy" in body
    assert "Weight range keeping the top candidate" in body
    assert RankingRun.objects.count() == 1


def test_weights_rerank_and_htmx_gets_the_result_only(login, valuenet):
    client = login("office")
    response = client.get(reverse("locomotive-ranking"), {"method": "promethee_ii", **WEIGHTS}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="ranking"') and "PROMETHEE II" in body
    run = RankingRun.objects.first()
    assert run.method == "promethee_ii" and run.weights["symbiosis_value"] == 1.0
    assert run.candidates[0]["score"] >= run.candidates[-1]["score"]


def test_a_consistent_ahp_matrix_sets_the_weights(login, valuenet):
    rows = "\n".join(" ".join("1" for _ in range(9)) for _ in range(9))
    response = login("office").get(reverse("locomotive-ranking"), {"method": "topsis", "use_ahp": "on", "ahp": rows, **WEIGHTS})
    assert response.status_code == 200
    run = RankingRun.objects.first()
    assert run.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert run.weights["jobs"] == pytest.approx(1 / 9)


def test_an_inconsistent_ahp_matrix_is_refused_with_its_consistency_ratio(login, valuenet):
    matrix = [["1"] * 9 for _ in range(9)]
    matrix[0][1], matrix[1][0] = "9", "1/9"
    matrix[1][2], matrix[2][1] = "9", "1/9"
    matrix[0][2], matrix[2][0] = "1/9", "9"
    rows = "\n".join(" ".join(r) for r in matrix)
    response = login("office").get(reverse("locomotive-ranking"), {"method": "topsis", "use_ahp": "on", "ahp": rows, **WEIGHTS})
    body = response.content.decode()
    assert response.status_code == 400
    assert "too inconsistent" in body and "CR = " in body
    assert not RankingRun.objects.exists()
    in_place = login("office").get(reverse("locomotive-ranking"), {"method": "topsis", "use_ahp": "on", "ahp": rows, **WEIGHTS}, HTTP_HX_REQUEST="true")
    assert in_place.status_code == 200 and 'role="alert"' in in_place.content.decode() and "CR = " in in_place.content.decode()


def test_a_malformed_matrix_names_its_line_and_column(login, valuenet):
    rows = "\n".join(" ".join("1" for _ in range(9)) for _ in range(8)) + "\n1 1 x 1 1 1 1 1 1"
    response = login("office").get(reverse("locomotive-ranking"), {"method": "topsis", "use_ahp": "on", "ahp": rows, **WEIGHTS})
    assert response.status_code == 400
    assert "Line 9, column 3" in response.content.decode()


def test_all_zero_or_negative_weights_are_refused(login, valuenet):
    zero = {key: 0 for key in WEIGHTS}
    assert login("office").get(reverse("locomotive-ranking"), {"method": "topsis", **zero}).status_code == 400
    negative = {**WEIGHTS, "w_jobs": -1}
    assert login("office").get(reverse("locomotive-ranking"), {"method": "topsis", **negative}).status_code == 400


def test_others_are_refused(refused, valuenet):
    refused(reverse("locomotive-ranking"))


# The page reads the synergy data once per change of the data, not once per view.


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
