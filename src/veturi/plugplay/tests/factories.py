"""A small park for the plug-and-play tests: three plots, three companies with requirements, an agreed flow."""

from veturi.plots.models import Plot, PlotUtility
from veturi.plugplay.models import PlotRequirement, PublicListing
from veturi.streams.models import ResourceStream, Site
from veturi.synergies.models import Proposal


def square(lon, lat, d):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d / 2], [lon, lat + d / 2], [lon, lat]]]}


def plugplay_park(park):
    """Adds to the `park` fixture: plots T-2 (near T-1), T-3 (far), K-1 (wrong zoning); requirements; a flow Alpha -> Beta."""
    zone = park["zone"]
    plots = {
        "T-1": park["plot"],
        "T-2": Plot.objects.create(zone=zone, identifier="T-2", geometry=square(23.5165, 61.51, 0.005), zoning_class="T", price_eur_per_m2=4),
        "T-3": Plot.objects.create(zone=zone, identifier="T-3", geometry=square(23.545, 61.54, 0.005), zoning_class="T", price_eur_per_m2=4),
        "K-1": Plot.objects.create(zone=zone, identifier="K-1", geometry=square(23.50, 61.505, 0.005), zoning_class="KT", price_eur_per_m2=1),
    }
    PlotUtility.objects.create(plot=plots["T-3"], kind="district_heat", capacity=5)
    alpha, beta, city = park["alpha"], park["beta"], park["city"]
    # The ash and the demand for it are large enough for the whole agreed flow (each supply counts once).
    for key in ("alpha_public", "beta_office"):
        park["streams"][key].quantity = 60_000
        park["streams"][key].save()
    requirements = {
        "alpha": PlotRequirement.objects.create(organisation=alpha, area_m2=20_000, zoning_classes="T", needs={"electricity": 1}),
        "beta": PlotRequirement.objects.create(organisation=beta, area_m2=20_000, zoning_classes="T, TT", needs={"district_heat": 2}),
    }
    proposal = Proposal.objects.create(
        output=park["streams"]["alpha_public"], input=park["streams"]["beta_office"], rule_code="ash-to-cement", rank=1, rank_for_input=1,
        score=0.8, confidence=0.7, technical_fit=0.9, quantity_exchanged=50_000, quantity_unit="t/a", transport_mode="road",
        value_eur_per_year=150_000, co2_t_per_year=400, status="accepted", factors=[],
    )
    PublicListing.objects.create(organisation=alpha, show_on_public_page=True, public_description="Ash for building materials")
    return {"plots": plots, "requirements": requirements, "proposal": proposal, "alpha": alpha, "beta": beta, "city": city}


def plugplay_objects(park):
    """What the plug-and-play pages of the access matrix point at: a run, a contract, a template."""
    from veturi.plugplay.adapters import run_allocation
    from veturi.plugplay.models import Contract, DocumentTemplate

    objects = plugplay_park(park)
    objects["run"] = run_allocation(time_limit_s=0.5)
    objects["contract"] = Contract.objects.create(organisation=park["alpha"], plot=objects["plots"]["T-2"])
    objects["template"] = DocumentTemplate.objects.create(name="Reservation letter", stage="reservation", body="{{ organisation.name }} reserves {{ plot.identifier }}.")
    return objects
