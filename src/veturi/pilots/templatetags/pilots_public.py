"""``{% public_pilots %}``: the pilots and test beds whose host agreed, for the zone's public page."""

from django import template

from veturi.pilots.access import public_pilots as consented

register = template.Library()


@register.inclusion_tag("pilots/_public_pilots.html")
def public_pilots():
    # Only what the host agreed to publish: name, kind, technology, host, period, TRL and the public summary.
    return {"pilots": consented().select_related("host").order_by("-start_date", "name")}
