"""The offer as PDF and XLSX, and contract documents rendered from their templates to PDF.

PDFs reuse the office's ReportLab setup (fonts that print Finnish letters, tables, footer).
"""

from __future__ import annotations

import io
import re
from html import unescape

from django.template import Context, Template
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from veturi.office.pdf import _build, _empty_or_table, _p


def _eur(value: float) -> str:
    return f"{value:,.0f} €".replace(",", " ")


def offer_rows(offer) -> dict[str, list]:
    """The offer's tables as rows of plain values: one source for the page, the PDF and the XLSX."""
    plots = [
        [
            rank, option.plot.identifier, option.plot.zoning_class, round(option.plot.area_m2), round(option.fit_eur_per_year), round(option.transport_eur_per_year),
            ", ".join(option.utilities_ready), ", ".join(f"{kind} ({_eur(once)})" for kind, once, _year in option.utilities_to_build), "; ".join(option.why),
        ]
        for rank, option in enumerate(offer.options, start=1)
    ]
    from veturi.plugplay.offers import claims_overlap

    overlap = claims_overlap(offer)
    partners = [
        [p.partner.name, _("sends to it") if p.direction == "receives" else _("receives from it"), round(p.tonnes_per_year), round(p.value_eur_per_year), round(p.co2_t_per_year, 1), p.mode, p.plot.identifier if p.plot else "-"]
        + ([round(p.claimed_value_eur_per_year), round(p.claimed_co2_t_per_year, 1)] if overlap else [])
        for p in offer.partners
    ]
    # Each supply and demand counts once; where competing proposals claim more, the claim is shown beside.
    claimed = [
        [_("Value claimed by competing proposals, before counting each supply once (€/a)"), round(offer.claimed_value_eur_per_year)],
        [_("CO2 claimed by competing proposals, before counting each supply once (t/a)"), round(offer.claimed_co2_t_per_year, 1)],
    ] if overlap else []
    value = [
        [_("Value of the exchanges (€/a)"), round(offer.value_eur_per_year)],
        [_("Transport between partners on the best plot (€/a)"), round(offer.transport_eur_per_year)],
        [_("Net advantage over a plot without partners (€/a)"), round(offer.net_eur_per_year)],
        [_("CO2 avoided by the exchanges (t/a)"), round(offer.co2_t_per_year, 1)],
        [_("CO2 of their transport (t/a)"), round(offer.transport_co2_t_per_year, 1)],
        [_("Net CO2 avoided (t/a)"), round(offer.net_co2_t_per_year, 1)],
        *claimed,
    ]
    return {"plots": plots, "partners": partners, "value": value}


def plot_header() -> list[str]:
    return [_("Rank"), _("Plot"), _("Zoning"), _("Area (m²)"), _("Plot and connections (€/a)"), _("Transport (€/a)"), _("Utilities ready"), _("Utilities to build"), _("Why")]


def partner_header(offer=None) -> list[str]:
    """The partners table's columns; with the claimed value and CO2 when ``offer``'s proposals compete."""
    from veturi.plugplay.offers import claims_overlap

    header = [_("Partner"), _("Exchange"), _("Tonnes per year"), _("Value (€/a)"), _("CO2 avoided (t/a)"), _("Transport"), _("Partner's plot")]
    if offer is not None and claims_overlap(offer):
        header += [_("Value claimed (€/a)"), _("CO2 claimed (t/a)")]
    return header


def offer_pdf(offer) -> bytes:
    rows = offer_rows(offer)
    title = _("Plug-and-play offer: %(org)s") % {"org": offer.organisation.name}
    story = [
        _p(title, "title"),
        _p(_("Needs %(area)s m², zoning %(zoning)s.") % {"area": f"{offer.requirement.area_m2:,.0f}", "zoning": offer.requirement.zoning_classes}),
        _p(_("Value per year"), "h2"),
        _empty_or_table([_("Item"), _("Amount")], [[label, f"{value:,}"] for label, value in rows["value"]]),
        _p(_("The best plots"), "h2"),
        _empty_or_table(plot_header()[:6] + [_("Why")], [row[:6] + [row[8]] for row in rows["plots"]], empty_text=_("No open plot fits this company.")),
        _p(_("Utilities"), "h2"),
        _empty_or_table([_("Plot"), _("Utilities ready"), _("Utilities to build")], [[row[1], row[6] or "-", row[7] or "-"] for row in rows["plots"]]),
        _p(_("Symbiosis partners within reach"), "h2"),
        _empty_or_table(partner_header(offer), rows["partners"], empty_text=_("No agreed exchange yet.")),
    ]
    story += [_p(note, "small") for note in offer.notes]
    story.append(_p(_("Connection costs are estimates from public price lists (see docs/plug-and-play.md); annualised over 20 years at 5 %."), "small"))
    return _build(story, title)


def offer_xlsx(offer) -> bytes:
    rows = offer_rows(offer)
    workbook = Workbook()
    sheets = [
        (_("Value"), [_("Item"), _("Amount")], rows["value"]),
        (_("Plots"), plot_header(), rows["plots"]),
        (_("Partners"), partner_header(offer), rows["partners"]),
    ]
    workbook.remove(workbook.active)
    for name, header, body in sheets:
        sheet = workbook.create_sheet(name[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in body:
            sheet.append(row)
    workbook.properties.title = _("Plug-and-play offer: %(org)s") % {"org": offer.organisation.name}
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def contract_context(contract) -> dict:
    return {
        "contract": contract, "organisation": contract.organisation, "plot": contract.plot, "zone": contract.plot.zone,
        "today": timezone.localdate(), "stage": contract.get_stage_display(),
    }


def render_template_text(template, contract) -> str:
    """The template's body rendered with the contract (autoescaped like any Django template)."""
    return Template(template.body).render(Context(contract_context(contract)))


def _plain_paragraphs(html: str) -> list[str]:
    text = re.sub(r"<\s*(br|/p|/h\d|/li)\s*/?>", "\n", html, flags=re.I)
    text = unescape(re.sub(r"<[^>]+>", "", text))
    return [line.strip() for line in text.split("\n") if line.strip()]


def contract_pdf(template, contract) -> bytes:
    title = f"{template.name} · {contract.organisation.name}"
    story = [_p(template.name, "title")] + [_p(line) for line in _plain_paragraphs(render_template_text(template, contract))]
    return _build(story, title)
