"""The value-networks API per role: staff read and write hypotheses and rankings; the office renames and writes criteria;
viewers read network summaries only; companies get 403; bad input names the field."""

import pytest

from veturi.valuenets.models import CustomCriterion, Hypothesis, RankingRun, ValueNetwork

pytestmark = pytest.mark.django_db

STAFF_PATHS = ("/api/value-networks/", "/api/value-network-gaps/", "/api/locomotive-candidates/", "/api/locomotive-criteria/",
               "/api/locomotive-criterion-scores/", "/api/locomotive-rankings/", "/api/hypotheses/")


def _results(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_staff_read_everything(client, users, valuenet):
    for role in ("office", "expert"):
        client.force_login(users[role])
        for path in STAFF_PATHS:
            assert client.get(path).status_code == 200, (role, path)
        network = _results(client.get("/api/value-networks/"))[0]
        assert network["edges"] and network["gaps"] and network["readiness"]["level"] == "blocked"
        gap = _results(client.get("/api/value-network-gaps/"))[0]
        assert gap["network"] == valuenet["network"].pk and gap["nace"][0][0] == "23.51"


def test_a_viewer_reads_network_summaries_only(client, users, valuenet):
    client.force_login(users["viewer"])
    response = client.get("/api/value-networks/")
    body = response.content.decode()
    assert response.status_code == 200
    network = _results(response)[0]
    assert network["value_eur_per_year"] is None and network["co2_t_per_year"] is None  # two companies: no figure
    assert "edges" not in network and "gaps" not in network
    assert "12345" not in body and "50000" not in body and "Alpha secret" not in body
    for path in STAFF_PATHS[1:]:
        assert client.get(path).status_code == 403, path
    assert client.patch(f"/api/value-networks/{valuenet['network'].pk}/", {"name": "X"}, content_type="application/json").status_code == 403


def test_companies_get_nothing(client, users, valuenet):
    for role in ("company", "outsider"):
        client.force_login(users[role])
        for path in STAFF_PATHS:
            assert client.get(path).status_code == 403, (role, path)


def test_the_office_renames_a_network_and_an_expert_may_not(client, users, valuenet):
    url = f"/api/value-networks/{valuenet['network'].pk}/"
    client.force_login(users["expert"])
    assert client.patch(url, {"name": "X"}, content_type="application/json").status_code == 403
    client.force_login(users["office"])
    assert client.patch(url, {"name": " "}, content_type="application/json").status_code == 400
    response = client.patch(url, {"name": "Ash loop", "curated": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["named_by_office"] is True
    assert ValueNetwork.objects.get().name == "Ash loop"


def test_rankings_through_the_api_and_an_inconsistent_ahp_matrix_refused_with_its_cr(client, users, valuenet):
    client.force_login(users["expert"])
    response = client.post("/api/locomotive-rankings/", {"method": "promethee_ii"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["candidates"][0]["rank"] == 1
    matrix = [[1.0] * 9 for _ in range(9)]
    matrix[0][1], matrix[1][0], matrix[1][2], matrix[2][1], matrix[0][2], matrix[2][0] = 9, 1 / 9, 9, 1 / 9, 1 / 9, 9
    refused = client.post("/api/locomotive-rankings/", {"ahp_matrix": matrix}, content_type="application/json")
    assert refused.status_code == 400 and "consistency ratio CR =" in refused.json()["ahp_matrix"][0]
    wrong = client.post("/api/locomotive-rankings/", {"weights": {"luck": 1}}, content_type="application/json")
    assert wrong.status_code == 400 and "unknown criteria: luck" in wrong.json()["weights"][0]
    assert RankingRun.objects.count() == 1


def test_the_office_writes_criteria_and_scores(client, users, valuenet, park):
    client.force_login(users["expert"])
    assert client.post("/api/locomotive-criteria/", {"code": "x", "name": "X"}, content_type="application/json").status_code == 403
    client.force_login(users["office"])
    clash = client.post("/api/locomotive-criteria/", {"code": "jobs", "name": "Jobs"}, content_type="application/json")
    assert clash.status_code == 400 and "code" in clash.json()
    made = client.post("/api/locomotive-criteria/", {"code": "board_support", "name": "Board support"}, content_type="application/json")
    assert made.status_code == 201
    score = client.post("/api/locomotive-criterion-scores/", {"criterion": made.json()["id"], "organisation": park["alpha"].pk, "score": 4},
                        content_type="application/json")
    assert score.status_code == 201
    assert CustomCriterion.objects.get().scores.get().score == 4


def test_staff_write_hypotheses_and_bad_input_names_the_field(client, users, valuenet, park):
    client.force_login(users["expert"])
    floating = client.post("/api/hypotheses/", {"statement": "X needs heat"}, content_type="application/json")
    assert floating.status_code == 400 and "network" in floating.json()
    made = client.post("/api/hypotheses/", {"statement": "Alpha needs 40 GWh/a of heat at 70 °C", "locomotive": park["alpha"].pk,
                                            "confidence": 0.7}, content_type="application/json")
    assert made.status_code == 201
    url = f"/api/hypotheses/{made.json()['id']}/"
    unsettled = client.patch(url, {"status": "refuted"}, content_type="application/json")
    assert unsettled.status_code == 400 and "resolution" in unsettled.json()
    settled = client.patch(url, {"status": "refuted", "resolution": "Only 10 GWh/a"}, content_type="application/json")
    assert settled.status_code == 200 and settled.json()["status_changed_at"]
    assert [h["id"] for h in _results(client.get("/api/hypotheses/", {"blocking": "true"}))] == [valuenet["hypothesis"].pk]
    assert client.get("/api/hypotheses/", {"status": "maybe"}).status_code == 400
    assert Hypothesis.objects.get(pk=made.json()["id"]).status == "refuted"


def test_blocking_assumptions_come_by_owner_then_due_date(client, users, valuenet, park):
    import datetime

    from veturi.organisations.models import Person

    anna, bert = Person.objects.create(name="Anna"), Person.objects.create(name="Bert")
    network = valuenet["network"]
    late_anna = Hypothesis.objects.create(statement="A late", network=network, owner=anna, due_date=datetime.date(2027, 3, 1))
    early_bert = Hypothesis.objects.create(statement="B early", network=network, owner=bert, due_date=datetime.date(2027, 1, 1))
    early_anna = Hypothesis.objects.create(statement="A early", network=network, owner=anna, due_date=datetime.date(2027, 2, 1))
    Hypothesis.objects.create(statement="Not blocking", network=network, owner=anna, blocks_prioritisation=False)
    client.force_login(users["office"])
    ids = [h["id"] for h in _results(client.get("/api/hypotheses/", {"blocking": "true"}))]
    # Unowned last, as on the board.
    assert ids == [early_anna.pk, late_anna.pk, early_bert.pk, valuenet["hypothesis"].pk]
