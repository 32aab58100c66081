from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from veturi.engagement.models import FollowUpAction, Interaction
from veturi.front.figures import park_figures
from veturi.office.models import CLOSED_STATUSES, ActionItem
from veturi.plots.models import InfrastructureAsset, Plot, Zone
from veturi.streams.models import Site
from veturi.synergies.models import ConsentNotification


@login_required
def dashboard(request):
    context = {"figures": park_figures()}
    if request.user.is_staff_member:
        open_actions = FollowUpAction.objects.filter(done=False).select_related("interaction__organisation", "owner")
        context["overdue_actions"] = [action for action in open_actions if action.overdue]
        context["overdue_meeting_actions"] = [
            item
            for item in ActionItem.objects.exclude(status__in=CLOSED_STATUSES).filter(due__lt=timezone.localdate())
            .select_related("meeting", "owner")
        ]
        context["recent_interactions"] = Interaction.objects.select_related("organisation")[:8]
        context["consent_notifications"] = ConsentNotification.objects.select_related(
            "proposal__output__site__organisation", "proposal__input__site__organisation"
        )[:10]
    return render(request, "front/dashboard.html", context)


@login_required
def park_map(request):
    return render(
        request,
        "front/map.html",
        {"map_tiles_url": settings.MAP_TILES_URL, "map_tiles_attribution": settings.MAP_TILES_ATTRIBUTION},
    )


def _feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


@login_required
def map_data(request):
    """Zones, plots, sites and infrastructure as GeoJSON layers for the Leaflet map."""
    zones = [
        _feature(zone.geometry, id=zone.pk, name=zone.name, municipality=zone.municipality, area_ha=round(zone.area_ha, 1))
        for zone in Zone.objects.all()
    ]
    plots = [
        _feature(
            plot.geometry,
            id=plot.pk,
            name=str(plot),
            zoning=plot.zoning_class,
            status=plot.status,
            status_label=plot.get_status_display(),
            area_ha=round(plot.area_ha, 2),
            price=plot.price_eur_per_m2,
            utilities=[str(utility) for utility in plot.utilities.all()],
        )
        for plot in Plot.objects.select_related("zone").prefetch_related("utilities")
    ]
    sites = [
        _feature(
            _point(site.longitude, site.latitude),
            id=site.pk,
            name=site.name,
            organisation=site.organisation.name,
            url=reverse("organisation-detail", args=[site.organisation_id]),
            status=site.status,
        )
        for site in Site.objects.select_related("organisation").exclude(latitude=None)
    ]
    infrastructure = [
        _feature(
            _point(asset.longitude, asset.latitude),
            id=asset.pk,
            name=asset.name,
            kind=asset.get_kind_display(),
            status=asset.status,
            capacity=f"{asset.capacity:g} {asset.capacity_unit}" if asset.capacity is not None else "",
        )
        for asset in InfrastructureAsset.objects.exclude(latitude=None)
    ]

    def collection(features):
        return {"type": "FeatureCollection", "features": features}

    return JsonResponse(
        {
            "zones": collection(zones),
            "plots": collection(plots),
            "sites": collection(sites),
            "infrastructure": collection(infrastructure),
        }
    )
