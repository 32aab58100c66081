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


def test_the_form_reads_sites_and_plots_with_their_labels_in_one_query_each(login, park, django_assert_max_num_queries):
    from veturi.organisations.models import Organisation
    from veturi.plots.models import Plot
    from veturi.streams.models import Site

    for number in range(15):
        organisation = Organisation.objects.create(name=f"Host {number} Oy", kind="company")
        Site.objects.create(organisation=organisation, name=f"Works {number}")
        corner = 23.51 + number * 0.001
        Plot.objects.create(zone=park["zone"], identifier=f"P-{number}",
                            geometry={"type": "Polygon", "coordinates": [[[corner, 61.51], [corner + 0.0005, 61.51], [corner, 61.5105], [corner, 61.51]]]})
    client = login("office")
    client.get(reverse("pilot-add"))
    # Each site's label names its organisation and each plot's its zone: was one query per choice (30 more here).
    with django_assert_max_num_queries(10):
        body = client.get(reverse("pilot-add")).content.decode()
    assert "Host 14 Oy – Works 14" in body and "P-14" in body
