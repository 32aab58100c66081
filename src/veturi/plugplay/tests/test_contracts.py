"""The contract pipeline: allowed moves, the plot's status following, one holder per plot, expiry."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from veturi.plugplay.models import Contract, expire_reservations

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(park):
    return Contract.objects.create(organisation=park["alpha"], plot=park["plot"])


def test_the_plot_follows_the_contract_from_offer_to_operation(contract):
    contract.move_to("loi")
    contract.move_to("reservation", reserved_until=datetime.date.today() + datetime.timedelta(days=30))
    contract.plot.refresh_from_db()
    assert contract.plot.status == "reserved" and contract.loi_on and contract.reserved_on
    contract.move_to("lease")
    contract.plot.refresh_from_db()
    assert contract.plot.status == "leased" and contract.signed_on
    contract.move_to("operating")
    contract.plot.refresh_from_db()
    assert contract.plot.status == "leased" and contract.operating_on and contract.holds_plot


def test_a_sale_marks_the_plot_sold_and_a_cancelled_lease_frees_it(park, contract):
    contract.move_to("reservation")
    contract.move_to("sale")
    park["plot"].refresh_from_db()
    assert park["plot"].status == "sold"
    other = Contract.objects.create(organisation=park["beta"], plot=park["plot"])
    with pytest.raises(ValidationError):
        other.move_to("reservation")
    second = Contract.objects.create(organisation=park["alpha"], plot=park["plot"])
    contract.stage, contract.holds_plot = "lease", True
    contract.save()
    contract.move_to("cancelled")
    park["plot"].refresh_from_db()
    assert park["plot"].status == "available"
    second.move_to("reservation")


def test_a_move_the_pipeline_does_not_allow_is_refused(contract):
    with pytest.raises(ValidationError, match="cannot move"):
        contract.move_to("operating")
    with pytest.raises(ValidationError, match="Unknown stage"):
        contract.move_to("signed")
    contract.refresh_from_db()
    assert contract.stage == "offer"


def test_a_plot_cannot_be_reserved_twice(park, contract):
    contract.move_to("reservation")
    rival = Contract.objects.create(organisation=park["beta"], plot=park["plot"])
    with pytest.raises(ValidationError, match="already reserved"):
        rival.move_to("reservation")
    rival.refresh_from_db()
    assert rival.stage == "offer"


def test_an_expired_reservation_frees_the_plot(park, contract):
    contract.move_to("reservation", on=datetime.date.today() - datetime.timedelta(days=10), reserved_until=datetime.date.today() - datetime.timedelta(days=1))
    assert expire_reservations() == 1
    contract.refresh_from_db()
    park["plot"].refresh_from_db()
    assert contract.stage == "expired" and park["plot"].status == "available"
    Contract.objects.create(organisation=park["beta"], plot=park["plot"]).move_to("reservation")
    assert expire_reservations() == 0


def test_reading_the_contracts_expires_what_is_due(login, park, contract):
    contract.move_to("reservation", on=datetime.date(2020, 1, 1), reserved_until=datetime.date(2020, 6, 30))
    response = login("office").get(reverse("contract-list"))
    assert response.status_code == 200
    contract.refresh_from_db()
    assert contract.stage == "expired"


def test_the_office_moves_a_contract_on_the_page(login, park, contract):
    client = login("office")
    response = client.post(reverse("contract-move", args=[contract.pk]), {"stage": "reservation", "reserved_until": "2099-01-01"}, follow=True)
    assert "Reservation" in response.content.decode()
    park["plot"].refresh_from_db()
    assert park["plot"].status == "reserved"
    rival = Contract.objects.create(organisation=park["beta"], plot=park["plot"])
    response = client.post(reverse("contract-move", args=[rival.pk]), {"stage": "reservation"}, follow=True)
    assert "already reserved" in response.content.decode()


def test_a_bad_stage_on_the_page_says_so(login, contract):
    response = login("expert").post(reverse("contract-move", args=[contract.pk]), {"stage": "bogus"}, follow=True)
    assert "bogus" in response.content.decode()
    contract.refresh_from_db()
    assert contract.stage == "offer"


@pytest.mark.parametrize("role", ["company", "outsider", "viewer"])
def test_only_staff_move_contracts(login, contract, role):
    assert login(role).post(reverse("contract-move", args=[contract.pk]), {"stage": "loi"}).status_code == 403


def test_the_office_adds_a_contract(login, park):
    response = login("office").post(reverse("contract-add"), {"organisation": park["alpha"].pk, "plot": park["plot"].pk, "offered_on": "2026-01-05"})
    contract = Contract.objects.get()
    assert response.status_code == 302 and contract.stage == "offer"


def test_the_contract_form_reads_plots_with_their_zone_in_one_query(login, park, django_assert_max_num_queries):
    from veturi.plots.models import Plot

    for number in range(15):
        corner = 23.51 + number * 0.001
        Plot.objects.create(zone=park["zone"], identifier=f"C-{number}",
                            geometry={"type": "Polygon", "coordinates": [[[corner, 61.51], [corner + 0.0005, 61.51], [corner, 61.5105], [corner, 61.51]]]})
    client = login("office")
    client.get(reverse("contract-add"))
    # Each plot's label names its zone: was one query per plot.
    with django_assert_max_num_queries(8):
        body = client.get(reverse("contract-add")).content.decode()
    assert "Test zone C-14" in body
