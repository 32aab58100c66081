from django.urls import reverse


def test_the_host_and_partners_see_results_and_kpis(login, pilots):
    for role in ("company", "outsider", "expert"):
        body = login(role).get(reverse("pilot-detail", args=[pilots["public"].pk])).content.decode()
        assert "Alpha confidential pilot yield" in body and "CO2 avoided" in body and "Beta Cement Oy" in body


def test_viewers_see_the_public_summary_only(login, pilots):
    body = login("viewer").get(reverse("pilot-detail", args=[pilots["public"].pk])).content.decode()
    assert "Alpha tests binding CO2 into ash" in body
    assert "Alpha confidential pilot yield" not in body


def test_a_private_pilot_is_hidden_from_others(login, pilots):
    assert login("company").get(reverse("pilot-detail", args=[pilots["private"].pk])).status_code == 404
    assert login("viewer").get(reverse("pilot-detail", args=[pilots["private"].pk])).status_code == 404
