import pytest
from django.urls import reverse

from veturi.valuenets.adapters import criteria_table
from veturi.valuenets.models import CriterionScore, CustomCriterion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["office", "expert"])
def test_staff_read_how_each_criterion_is_computed(login, park, role):
    body = login(role).get(reverse("locomotive-criteria")).content.decode()
    assert "PageRank" in body and "Strategic fit" in body


def test_the_office_adds_a_criterion_and_scores_a_candidate_and_the_table_uses_it(login, park):
    client = login("office")
    response = client.post(reverse("locomotive-criteria"), {"criterion-code": "board_support", "criterion-name": "Board support",
                                                            "criterion-direction": "benefit", "criterion-weight": "0.2"})
    assert response.status_code == 302
    criterion = CustomCriterion.objects.get(code="board_support")
    for score in ("3", "4"):  # scoring again replaces the score
        response = client.post(reverse("locomotive-criteria"), {"score-criterion": criterion.pk, "score-organisation": park["alpha"].pk, "score-score": score})
        assert response.status_code == 302
    assert CriterionScore.objects.get().score == 4
    table = criteria_table()
    assert table.row(f"org-{park['alpha'].pk}")["board_support"] == 4
    assert table.row(f"org-{park['beta'].pk}")["board_support"] == 0


def test_a_built_in_code_is_refused_naming_the_field(login, park):
    response = login("office").post(reverse("locomotive-criteria"), {"criterion-code": "jobs", "criterion-name": "Jobs again",
                                                                     "criterion-direction": "benefit", "criterion-weight": "0.2"})
    assert response.status_code == 400
    assert "built-in criterion" in response.content.decode()
    assert not CustomCriterion.objects.exists()


def test_an_expert_reads_but_may_not_add(login, park):
    response = login("expert").post(reverse("locomotive-criteria"), {"criterion-code": "x", "criterion-name": "X", "criterion-direction": "benefit", "criterion-weight": "1"})
    assert response.status_code == 403
    assert not CustomCriterion.objects.exists()


def test_others_are_refused(refused, park):
    refused(reverse("locomotive-criteria"))


def test_the_office_records_a_candidate_and_the_criteria_use_it(login, park):
    from veturi.valuenets.models import Candidate

    client = login("office")
    for investment in ("1000000", "25000000"):  # recording again replaces the facts
        response = client.post(reverse("locomotive-criteria"), {
            "candidate-organisation": park["beta"].pk, "candidate-marked_locomotive": "on", "candidate-investment_eur": investment,
            "candidate-plot_need_m2": "20000", "candidate-infrastructure_needs": "electricity, rail",
        })
        assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.marked_locomotive and candidate.infrastructure_needs == ["electricity", "rail"]
    row = criteria_table().row(f"org-{park['beta'].pk}")
    assert row["investment"] == 25e6 and 0 < row["site_fit"] < 1


def test_a_negative_investment_is_refused_naming_the_field(login, park):
    response = login("office").post(reverse("locomotive-criteria"), {"candidate-organisation": park["beta"].pk, "candidate-investment_eur": "-5"})
    assert response.status_code == 400
    assert "greater than or equal to 0" in response.content.decode()
