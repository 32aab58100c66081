from django.urls import reverse


def _payload(pilot, **extra):
    data = {"name": pilot.name, "kind": pilot.kind, "status": pilot.status, "technology": pilot.technology, "host": pilot.host_id,
            "start_date": pilot.start_date.isoformat(), "trl_before": pilot.trl_before, "trl_after": pilot.trl_after or "",
            "results": pilot.results, "public_summary": pilot.public_summary,
            "kpis-TOTAL_FORMS": 0, "kpis-INITIAL_FORMS": 0, "kpis-MIN_NUM_FORMS": 0, "kpis-MAX_NUM_FORMS": 1000}
    if pilot.public_consent:
        data["public_consent"] = "on"
    data.update(extra)
    return data


def test_the_host_withdraws_consent_and_the_pilot_leaves_the_public_page(client, login, pilots):
    pilot = pilots["public"]
    assert "Ash carbonation pilot" in client.get(reverse("zone-public")).content.decode()
    response = login("company").post(reverse("pilot-edit", args=[pilot.pk]), _payload(pilot, public_consent=""))
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert not pilot.public_consent and pilot.consent_recorded_at is None
    client.logout()
    assert "Ash carbonation pilot" not in client.get(reverse("zone-public")).content.decode()


def test_the_public_page_never_shows_results(client, pilots):
    body = client.get(reverse("zone-public")).content.decode()
    assert "Alpha tests binding CO2 into ash" in body
    assert "Alpha confidential pilot yield" not in body and "Beta secret kiln pilot" not in body


def test_a_completed_pilot_needs_its_trl_after(login, pilots):
    pilot = pilots["public"]
    response = login("office").post(reverse("pilot-edit", args=[pilot.pk]), _payload(pilot, trl_after=""))
    assert response.status_code == 400 and "A completed pilot states the TRL it reached" in response.content.decode()


def test_a_partner_cannot_edit(login, pilots):
    pilot = pilots["public"]
    assert login("outsider").post(reverse("pilot-edit", args=[pilot.pk]), _payload(pilot, name="x")).status_code == 403
    pilot.refresh_from_db()
    assert pilot.name == "Ash carbonation pilot"
