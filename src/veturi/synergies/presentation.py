"""What the pages show of stored proposals and chains: factors in plain words, chains with names."""

from django.utils.translation import gettext_lazy as _

from veturi.organisations.models import Organisation
from veturi.streams.models import ResourceStream

FACTOR_LABELS = {
    "technical_fit": _("Technical fit (rule and conditions)"),
    "quantity_fit": _("Quantity fit (share of supply and demand covered)"),
    "time_fit": _("Time fit (months)"),
    "distance_fit": _("Distance"),
    "transport": _("Transport cost and emissions"),
    "economic_value": _("Economic value per year"),
    "co2_avoided": _("CO2 avoided per year"),
    "confidence": _("Confidence (how complete the data are)"),
}


def factor_rows(proposal) -> list[dict]:
    """Every factor of a stored proposal with its label, value (0..1 or None), weight and words."""
    return [
        {
            "name": factor["name"],
            "label": FACTOR_LABELS.get(factor["name"], factor["name"].replace("_", " ")),
            "value": factor.get("value"),
            "percent": None if factor.get("value") is None else round(100 * factor["value"]),
            "weight": factor.get("weight"),
            "detail": factor.get("detail", ""),
        }
        for factor in proposal.factors
    ]


def chain_rows(chains) -> list[dict]:
    """Chains with the names of their organisations and streams, in link order."""
    chains = list(chains)
    org_ids = {pk for chain in chains for pk in chain.organisations}
    stream_ids = {link[key] for chain in chains for link in chain.links for key in ("output", "input")}
    organisations = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    streams = dict(ResourceStream.objects.filter(pk__in=stream_ids).values_list("pk", "name"))
    rows = []
    for chain in chains:
        links = [
            {
                **link,
                "supplier_name": organisations.get(link["supplier"], "?"),
                "receiver_name": organisations.get(link["receiver"], "?"),
                "output_name": streams.get(link["output"], "?"),
                "input_name": streams.get(link["input"], "?"),
            }
            for link in chain.links
        ]
        rows.append({"chain": chain, "links": links, "names": [organisations.get(pk, "?") for pk in chain.organisations]})
    return rows
