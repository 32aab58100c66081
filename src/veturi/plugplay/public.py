"""What the zone shows the world: free plots, consenting partners, aggregated impact, and enquiries as leads.

Nothing here reads a company's own figures: impact is summed over the park, partners appear only
with their consent, and an enquiry becomes a lead the office follows up.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from veturi.engagement.models import Interaction, InteractionKind
from veturi.organisations.models import EngagementStage, Organisation
from veturi.plots.models import Plot, PlotStatus
from veturi.plugplay.adapters import AGREED
from veturi.synergies.models import Proposal

ENQUIRIES_PER_HOUR = 5
# Aggregates of fewer exchanges than this would let a reader work out one company's figures.
LEAST_EXCHANGES_SHOWN = 3


def free_plots():
    return Plot.objects.filter(status=PlotStatus.AVAILABLE).select_related("zone").prefetch_related("utilities").order_by("zone__name", "identifier")


def shown_partners():
    return Organisation.objects.filter(public_listing__show_on_public_page=True).select_related("public_listing").order_by("name")


def impact() -> dict:
    """Park-wide figures; the sums are hidden while so few exchanges would reveal one company's."""
    agreed = Proposal.objects.filter(status__in=AGREED, stale=False)
    figures = agreed.aggregate(exchanges=Count("pk"), co2=Sum("co2_t_per_year"), value=Sum("value_eur_per_year"))
    shown = figures["exchanges"] >= LEAST_EXCHANGES_SHOWN
    return {
        "exchanges": figures["exchanges"],
        "co2_t_per_year": round(figures["co2"] or 0) if shown else None,
        "value_eur_per_year": round(figures["value"] or 0, -3) if shown else None,
        "companies": Organisation.objects.filter(sites__plot__isnull=False).distinct().count(),
        "free_plots": free_plots().count(),
        "free_area_ha": round(sum(plot.area_ha for plot in free_plots()), 1),
    }


def rate_limited(ip: str, *, limit: int = ENQUIRIES_PER_HOUR) -> bool:
    """Count one enquiry from ``ip``; True once it is past ``limit`` in the hour."""
    key = f"plugplay:enquiry:{ip}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


@transaction.atomic
def record_enquiry(data: dict) -> Organisation:
    """A new lead: an organisation at stage "identified" and the enquiry as an interaction."""
    organisation = Organisation.objects.create(
        name=data["company"].strip(),
        kind="company",
        engagement_stage=EngagementStage.IDENTIFIED,
        source=_("Enquiry from the zone's public page"),
    )
    lines = [
        _("Enquiry from the public page."),
        _("Contact: %(name)s, %(email)s %(phone)s") % {"name": data["name"], "email": data["email"], "phone": data.get("phone") or ""},
    ]
    if data.get("area_m2"):
        lines.append(_("Area needed: %(area)s m²") % {"area": f"{data['area_m2']:,.0f}"})
    lines.append(data["message"])
    Interaction.objects.create(organisation=organisation, date=datetime.date.today(), kind=InteractionKind.EMAIL, summary="\n".join(lines))
    return organisation
