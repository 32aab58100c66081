from django.urls import reverse

from veturi.valuenets.tests.factories import make_network


def _two_networks(park):
    from veturi.valuenets.tests.factories import valuenet_objects

    valuenet_objects(park)
    make_network(park, key="template:test", name="Heat cascade", method="template", template="waste_heat_cascade",
                 members=[park["beta"].pk, park["city"].pk], locomotives=[park["beta"].pk], value_eur_per_year=10, co2_t_per_year=1,
                 jobs=500)


def _weights(**extra):
    data = {"method": "topsis", "w_value": 1, "w_co2": 1, "w_jobs": 0, "w_validated": 0, "w_locomotive_stage": 0,
            "w_land_ready": 0, "w_infrastructure_ready": 0, "w_cost": 0}
    data.update(extra)
    return data


def test_the_ranking_follows_the_weights_and_shows_the_sensitivity_chart(login, park):
    _two_networks(park)
    client = login("office")
    body = client.get(reverse("network-priorities"), _weights()).content.decode()
    assert body.index("Ash network around Alpha Ash Oy") < body.index("Heat cascade", body.index("priorities"))
    assert "<svg" in body and "Sensitivity" in body
    body = client.get(reverse("network-priorities"), _weights(w_value=0, w_co2=0, w_jobs=1)).content.decode()
    table = body[body.index('class="list ranking priorities"'):]
    assert table.index("Heat cascade") < table.index("Ash network around Alpha Ash Oy")


def test_htmx_gets_only_the_result(login, park):
    _two_networks(park)
    response = login("expert").get(reverse("network-priorities"), _weights(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="priorities"')


def test_bad_weights_are_refused_naming_the_criterion(login, park):
    _two_networks(park)
    response = login("office").get(reverse("network-priorities"), _weights(w_value=-1))
    assert response.status_code == 400
    assert "w_value" in response.content.decode()
    response = login("office").get(reverse("network-priorities"), _weights(w_value=0, w_co2=0))
    assert response.status_code == 400 and "At least one weight" in response.content.decode()


def test_one_network_is_too_few_and_says_so(login, park):
    from veturi.valuenets.tests.factories import valuenet_objects

    valuenet_objects(park)
    response = login("office").get(reverse("network-priorities"))
    assert response.status_code == 200 and "at least 2 value networks" in response.content.decode()


def test_viewers_and_companies_are_refused(login, park):
    assert login("viewer").get(reverse("network-priorities")).status_code == 403
    assert login("company").get(reverse("network-priorities")).status_code == 403


def test_the_page_reads_members_hypotheses_and_assets_once_for_every_network(login, park, django_assert_max_num_queries):
    from veturi.valuenets.models import Hypothesis

    _two_networks(park)
    for number in range(8):
        network = make_network(park, key=f"template:more-{number}", name=f"Network {number}", members=[park["alpha"].pk, park["beta"].pk, park["city"].pk],
                               locomotives=[park["beta"].pk], value_eur_per_year=number)
        Hypothesis.objects.create(statement=f"Hypothesis {number}", network=network, status="validated")
    client = login("office")
    client.get(reverse("network-priorities"))
    # Was 4 + 5 per network and member (sites, hypotheses, assets); now a fixed handful for ten networks.
    with django_assert_max_num_queries(12):
        body = client.get(reverse("network-priorities")).content.decode()
    assert "Network 7" in body and "Heat cascade" in body
