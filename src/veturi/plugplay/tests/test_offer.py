"""The plug-and-play offer: best plots with why, utilities, partners, value; as page, PDF and XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from veturi.plugplay.offers import build_offer
from veturi.plugplay.tests.factories import plugplay_park

pytestmark = pytest.mark.django_db


@pytest.fixture
def beta_on_t1(park):
    objects = plugplay_park(park)
    site = park["beta"].sites.first()
    site.plot = objects["plots"]["T-1"]
    site.save()
    return objects


def test_the_offer_puts_the_plot_next_to_the_partner_first(park, beta_on_t1):
    offer = build_offer(park["alpha"])
    assert offer.best.plot.identifier == "T-2"
    assert [o.plot.identifier for o in offer.options] == ["T-2", "T-3"]
    # The wrong zoning is refused with its reason.
    assert any(row.identifier == "K-1" and "not zoned" in why for row, why in offer.refused)
    (partner,) = offer.partners
    assert partner.partner == park["beta"] and partner.plot.identifier == "T-1"
    assert offer.value_eur_per_year == 150_000 and offer.co2_t_per_year == 400
    assert 0 < offer.transport_eur_per_year < offer.value_eur_per_year
    assert offer.net_eur_per_year == pytest.approx(offer.value_eur_per_year - offer.transport_eur_per_year)


def test_a_utility_missing_on_the_plot_is_priced_to_build(park, beta_on_t1):
    offer = build_offer(park["alpha"])
    kinds = {kind: (once, yearly) for kind, once, yearly in offer.best.utilities_to_build}
    assert "electricity" in kinds and kinds["electricity"][0] > 0 and kinds["electricity"][1] > 0


def test_an_organisation_without_requirement_is_told_what_to_add(park):
    with pytest.raises(ValueError, match="plot requirement"):
        build_offer(park["city"])


def test_the_offer_page_shows_the_plots_and_partners(login, park, beta_on_t1):
    body = login("office").get(reverse("offer", args=[park["alpha"].pk])).content.decode()
    assert "T-2" in body and "Beta Cement Oy" in body and "150,000" in body


def test_the_pdf_and_the_workbook_carry_the_same_offer(login, park, beta_on_t1):
    client = login("expert")
    pdf = client.get(reverse("offer-pdf", args=[park["alpha"].pk]))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Alpha Ash Oy" in text and "T-2" in text and "Beta Cement Oy" in text
    xlsx = client.get(reverse("offer-xlsx", args=[park["alpha"].pk]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Value", "Plots", "Partners"]
    plots = list(workbook["Plots"].iter_rows(values_only=True))
    assert plots[1][1] == "T-2" and len(plots) == 3
    value = dict(workbook["Value"].iter_rows(min_row=2, values_only=True))
    assert value["Value of the exchanges (€/a)"] == 150_000


def test_the_workbook_speaks_finnish_to_a_finnish_user(login, park, beta_on_t1):
    client = login("office")
    xlsx = client.get(reverse("offer-xlsx", args=[park["alpha"].pk]), HTTP_ACCEPT_LANGUAGE="fi")
    assert xlsx.status_code == 200
    load_workbook(io.BytesIO(xlsx.content))  # a readable workbook whichever catalogue is in force


def test_no_requirement_on_the_page_links_to_the_form(login, park):
    body = login("office").get(reverse("offer", args=[park["city"].pk])).content.decode()
    assert reverse("plot-requirement", args=[park["city"].pk]) in body
    assert login("office").get(reverse("offer-pdf", args=[park["city"].pk])).status_code == 302


def _two_takers_of_100_t(park, objects):
    """Alpha's 100 t/a of ash wanted whole by Beta (score 0.9, 1 000 €/a) and by Gamma (0.7, 600 €/a)."""
    from veturi.organisations.models import Organisation
    from veturi.streams.models import ResourceStream, Site
    from veturi.synergies.models import Proposal

    objects["proposal"].delete()
    alpha_site = park["alpha"].sites.first()
    ash = ResourceStream.objects.create(site=alpha_site, direction="output", kind="by_product", name="Ash 100 t", quantity=100, unit="t/a")
    gamma = Organisation.objects.create(name="Gamma Roads Oy", kind="company")
    gamma_site = Site.objects.create(organisation=gamma, name="Gamma plant", latitude=61.52, longitude=23.52, zone=park["zone"])
    takers = {}
    for name, org, site, score, value, co2 in (("beta", park["beta"], park["beta"].sites.first(), 0.9, 1000, 10), ("gamma", gamma, gamma_site, 0.7, 600, 6)):
        demand = ResourceStream.objects.create(site=site, direction="input", kind="material", name=f"{name} ash demand", quantity=100, unit="t/a")
        takers[name] = Proposal.objects.create(
            output=ash, input=demand, rule_code="ash-to-cement", rank=1, rank_for_input=1, score=score, confidence=0.7, technical_fit=0.9,
            quantity_exchanged=100, quantity_unit="t/a", transport_mode="road", value_eur_per_year=value, co2_t_per_year=co2,
            status="accepted", factors=[],
        )
    return gamma


def test_two_takers_of_one_output_count_the_supply_once(park, beta_on_t1):
    gamma = _two_takers_of_100_t(park, beta_on_t1)
    offer = build_offer(park["alpha"])
    by_partner = {p.partner: p for p in offer.partners}
    # By hand: 100 t go to Beta first (higher score), nothing is left for Gamma.
    assert (by_partner[park["beta"]].value_eur_per_year, by_partner[park["beta"]].co2_t_per_year) == (1000, 10)
    assert (by_partner[gamma].value_eur_per_year, by_partner[gamma].co2_t_per_year) == (0, 0)
    assert by_partner[gamma].claimed_value_eur_per_year == 600
    assert (offer.value_eur_per_year, offer.co2_t_per_year) == (1000, 10)
    assert (offer.claimed_value_eur_per_year, offer.claimed_co2_t_per_year) == (1600, 16)
    assert any("1,600" in note for note in offer.notes)


def test_a_supply_partly_left_counts_its_share(park, beta_on_t1):
    from veturi.streams.models import ResourceStream

    _two_takers_of_100_t(park, beta_on_t1)
    ash = ResourceStream.objects.get(name="Ash 100 t")
    ash.quantity = 150
    ash.save()
    # By hand: Beta takes 100 t whole, Gamma the 50 t left, half of its 600 €/a and 6 t.
    offer = build_offer(park["alpha"])
    assert offer.value_eur_per_year == pytest.approx(1300) and offer.co2_t_per_year == pytest.approx(13)


def test_page_pdf_and_workbook_show_the_counted_value_and_the_claim(login, park, beta_on_t1):
    _two_takers_of_100_t(park, beta_on_t1)
    client = login("office")
    body = client.get(reverse("offer", args=[park["alpha"].pk])).content.decode()
    assert "1,000" in body and "1,600" in body and "Value claimed (€/a)" in body
    pdf = client.get(reverse("offer-pdf", args=[park["alpha"].pk]))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "1,000" in text and "1,600" in text
    workbook = load_workbook(io.BytesIO(client.get(reverse("offer-xlsx", args=[park["alpha"].pk])).content))
    value = dict(workbook["Value"].iter_rows(min_row=2, values_only=True))
    assert value["Value of the exchanges (€/a)"] == 1000
    assert value["Value claimed by competing proposals, before counting each supply once (€/a)"] == 1600
    partners = {row[0]: row for row in workbook["Partners"].iter_rows(min_row=2, values_only=True)}
    assert partners["Gamma Roads Oy"][3] == 0 and partners["Gamma Roads Oy"][7] == 600
    api = client.get(f"/api/offers/{park['alpha'].pk}/").json()
    assert api["value_eur_per_year"] == 1000 and api["claimed_value_eur_per_year"] == 1600


def test_no_claim_is_shown_when_nothing_competes(login, park, beta_on_t1):
    offer = build_offer(park["alpha"])
    assert offer.claimed_value_eur_per_year == offer.value_eur_per_year == 150_000
    body = login("office").get(reverse("offer", args=[park["alpha"].pk])).content.decode()
    assert "Value claimed" not in body
