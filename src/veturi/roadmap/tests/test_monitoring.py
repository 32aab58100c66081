from django.urls import reverse

from veturi.roadmap.models import MonitoringEntry


def _payload(proposal, **extra):
    data = {"proposal": proposal.pk, "period_kind": "quarter", "period_start": "2026-07-01", "quantity": 250, "unit": "", "note": ""}
    data.update(extra)
    return data


def test_a_company_enters_its_own_exchange_and_value_follows_the_proposal(login, objects):
    proposal = objects["entry"].proposal
    response = login("company").post(reverse("monitoring"), _payload(proposal))
    assert response.status_code == 302
    entry = MonitoringEntry.objects.get(period_start="2026-07-01")
    assert entry.supplier_id == proposal.output.site.organisation_id and entry.unit == "t"
    if proposal.value_eur_per_year and proposal.quantity_exchanged:
        expected = 250 * proposal.value_eur_per_year / proposal.quantity_exchanged
        assert abs(entry.realised_value_eur() - expected) < 1e-6


def test_a_period_must_start_a_quarter_and_an_entry_is_not_duplicated(login, objects):
    proposal = objects["entry"].proposal
    response = login("office").post(reverse("monitoring"), _payload(proposal, period_start="2026-08-01"))
    assert response.status_code == 400 and "A quarter starts in January, April, July or October" in response.content.decode()
    response = login("office").post(reverse("monitoring"), _payload(proposal, period_start="2026-04-01"))
    assert response.status_code == 400 and "already has an entry for that period" in response.content.decode()
    response = login("office").post(reverse("monitoring"), _payload(proposal, quantity=-3))
    assert response.status_code == 400
    assert MonitoringEntry.objects.count() == 1


def test_a_company_cannot_enter_an_exchange_it_is_not_part_of(login, objects, park):
    from veturi.synergies.models import Proposal
    from veturi.streams.models import ResourceStream

    city_site = park["city"].sites.create(name="City depot")
    stream = ResourceStream.objects.create(site=city_site, direction="input", kind="material", name="City gravel need", quantity=5, unit="t/a")
    other = Proposal.objects.create(output=objects["entry"].proposal.output, input=stream, rule_code="x", rank=2, rank_for_input=1,
                                    score=0.5, confidence=0.5, technical_fit=0.5, supplier_answer="yes", receiver_answer="yes")
    response = login("outsider").post(reverse("monitoring"), _payload(other))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not MonitoringEntry.objects.filter(proposal=other).exists()


def test_viewers_are_refused(login, objects):
    assert login("viewer").get(reverse("monitoring")).status_code == 403


def test_a_company_without_consented_exchanges_is_told_why(login, objects):
    proposal = objects["entry"].proposal
    proposal.supplier_answer = "no"
    proposal.save(update_fields=["supplier_answer"])
    body = login("company").get(reverse("monitoring")).content.decode()
    assert 'id="no-exchanges"' in body and "both companies" in body
