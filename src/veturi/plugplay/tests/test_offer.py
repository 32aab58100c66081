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
