from django.urls import reverse

from veturi.pilots.models import Pilot


def _payload(park, **extra):
    data = {"name": "Heat pump test bed", "kind": "test_bed", "status": "running", "technology": "High-temperature heat pump",
            "host": park["alpha"].pk, "start_date": "2026-02-01", "trl_before": 5, "partners": [park["beta"].pk],
            "kpis-TOTAL_FORMS": 1, "kpis-INITIAL_FORMS": 0, "kpis-MIN_NUM_FORMS": 0, "kpis-MAX_NUM_FORMS": 1000,
            "kpis-0-kpi": "energy_mwh", "kpis-0-change": 800, "kpis-0-note": "metered"}
    data.update(extra)
    return data


def test_a_company_records_its_pilot_with_a_kpi(login, park):
    response = login("company").post(reverse("pilot-add"), _payload(park))
    pilot = Pilot.objects.get(name="Heat pump test bed")
    assert response.status_code == 302 and pilot.host == park["alpha"]
    assert pilot.kpis.get().change == 800 and list(pilot.partners.all()) == [park["beta"]]
    assert not pilot.public_consent


def test_a_company_cannot_record_a_pilot_for_another_host(login, park):
    response = login("company").post(reverse("pilot-add"), _payload(park, host=park["beta"].pk))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Pilot.objects.exists()


def test_bad_trl_period_and_consent_without_summary_are_named(login, park):
    response = login("office").post(reverse("pilot-add"), _payload(
        park, trl_before=6, trl_after=4, end_date="2025-01-01", public_consent="on", **{"kpis-0-change": "lots"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "TRL after (4) is below TRL before (6)" in body
    assert "cannot end" in body and "Write the summary the public page shows" in body
    assert "KPI row 1" in body
    assert not Pilot.objects.exists()


def test_viewers_cannot_record(login, park):
    assert login("viewer").post(reverse("pilot-add"), _payload(park)).status_code == 403
