"""Starting document templates, in English and Finnish, for the office to edit.

Installed on demand (`veturi manage install_document_templates`), not by a migration, so that a
fresh database stays empty for `veturi restore`.
"""

from veturi.plugplay.models import DocumentTemplate

TEMPLATES = [
    ("Letter of intent", "loi", "en", "<p>{{ today|date:'Y-m-d' }}</p><p>{{ organisation.name }} intends to settle on plot {{ plot.identifier }} ({{ plot.area_m2|floatformat:0 }} m², zoning {{ plot.zoning_class }}) in {{ zone.name }}, {{ zone.municipality }}.</p><p>The parties will negotiate a reservation in good faith. This letter creates no obligation to lease or buy.</p>"),
    ("Aiesopimus", "loi", "fi", "<p>{{ today|date:'Y-m-d' }}</p><p>{{ organisation.name }} aikoo sijoittua tontille {{ plot.identifier }} ({{ plot.area_m2|floatformat:0 }} m², kaavamerkintä {{ plot.zoning_class }}) alueella {{ zone.name }}, {{ zone.municipality }}.</p><p>Osapuolet neuvottelevat varauksesta hyvässä uskossa. Tämä asiakirja ei velvoita vuokraamaan eikä ostamaan.</p>"),
    ("Plot reservation", "reservation", "en", "<p>{{ today|date:'Y-m-d' }}</p><p>Plot {{ plot.identifier }} in {{ zone.name }} is reserved for {{ organisation.name }} from {{ contract.reserved_on|date:'Y-m-d' }} until {{ contract.reserved_until|date:'Y-m-d' }}. After that date the reservation lapses and the plot is free again.</p>"),
    ("Tonttivaraus", "reservation", "fi", "<p>{{ today|date:'Y-m-d' }}</p><p>Tontti {{ plot.identifier }} alueella {{ zone.name }} on varattu yritykselle {{ organisation.name }} {{ contract.reserved_on|date:'j.n.Y' }} – {{ contract.reserved_until|date:'j.n.Y' }}. Varaus raukeaa tämän jälkeen ja tontti vapautuu.</p>"),
]


def install_starting_templates() -> int:
    """Add the starting templates that are missing (by name, stage and language); the number added."""
    added = 0
    for name, stage, language, body in TEMPLATES:
        _template, created = DocumentTemplate.objects.get_or_create(name=name, stage=stage, language=language, defaults={"body": body})
        added += created
    return added
