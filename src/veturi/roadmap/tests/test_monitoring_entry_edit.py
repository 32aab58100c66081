from django.urls import reverse


def _payload(entry, **extra):
    data = {"proposal": entry.proposal_id, "period_kind": entry.period_kind, "period_start": entry.period_start.isoformat(),
            "quantity": entry.quantity, "unit": entry.unit, "note": ""}
    data.update(extra)
    return data


def test_the_receiving_company_corrects_the_quantity(login, objects):
    entry = objects["entry"]
    response = login("outsider").post(reverse("monitoring-entry-edit", args=[entry.pk]), _payload(entry, quantity=310))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.quantity == 310


def test_a_future_period_is_refused_and_nothing_changes(login, objects):
    entry = objects["entry"]
    response = login("office").post(reverse("monitoring-entry-edit", args=[entry.pk]), _payload(entry, period_start="2099-01-01"))
    assert response.status_code == 400 and "periods that have begun" in response.content.decode()
    entry.refresh_from_db()
    assert entry.period_start.year == 2026


def test_before_both_companies_said_yes_the_entry_is_hidden_from_them(login, objects):
    entry = objects["entry"]
    entry.proposal.receiver_answer = "pending"
    entry.proposal.save(update_fields=["receiver_answer"])
    assert login("company").get(reverse("monitoring-entry-edit", args=[entry.pk])).status_code == 404
    assert login("office").get(reverse("monitoring-entry-edit", args=[entry.pk])).status_code == 200


def test_viewers_are_refused(login, objects):
    assert login("viewer").get(reverse("monitoring-entry-edit", args=[objects["entry"].pk])).status_code == 403
