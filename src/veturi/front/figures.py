"""Park-wide figures for the dashboard: aggregates only, safe for every role."""

from django.db.models import Count, Sum

from veturi.organisations.models import EngagementStage, Organisation, OrganisationKind
from veturi.plots.models import InfrastructureAsset, Plot, PlotStatus, Zone
from veturi.streams.models import Direction, ResourceStream


def park_figures() -> dict:
    by_kind = dict(Organisation.objects.values_list("kind").annotate(n=Count("id")))
    by_stage = dict(Organisation.objects.values_list("engagement_stage").annotate(n=Count("id")))
    stream_totals = {
        (row["direction"], row["canonical_unit"]): row
        for row in ResourceStream.objects.values("direction", "canonical_unit").annotate(
            n=Count("id"), total=Sum("canonical_quantity")
        )
    }

    def total(direction: str, unit: str) -> float:
        return (stream_totals.get((direction, unit)) or {}).get("total") or 0.0

    available = Plot.objects.filter(status=PlotStatus.AVAILABLE).aggregate(n=Count("id"), area=Sum("area_m2"))
    return {
        "organisations": sum(by_kind.values()),
        "organisations_by_kind": [(label, by_kind.get(value, 0)) for value, label in OrganisationKind.choices],
        "pipeline": [(value, label, by_stage.get(value, 0)) for value, label in EngagementStage.choices],
        "streams": ResourceStream.objects.count(),
        "outputs": ResourceStream.objects.filter(direction=Direction.OUTPUT).count(),
        "inputs": ResourceStream.objects.filter(direction=Direction.INPUT).count(),
        "streams_to_review": ResourceStream.objects.filter(needs_review=True).count(),
        "output_mass_t": total(Direction.OUTPUT, "t/a"),
        "input_mass_t": total(Direction.INPUT, "t/a"),
        "output_energy_mwh": total(Direction.OUTPUT, "MWh/a"),
        "input_energy_mwh": total(Direction.INPUT, "MWh/a"),
        "output_water_m3": total(Direction.OUTPUT, "m3/a"),
        "zones": Zone.objects.count(),
        "zone_area_ha": (Zone.objects.aggregate(a=Sum("area_m2"))["a"] or 0) / 10_000,
        "plots": Plot.objects.count(),
        "plots_available": available["n"] or 0,
        "available_area_ha": (available["area"] or 0) / 10_000,
        "infrastructure": InfrastructureAsset.objects.count(),
    }
