"""Who may import and export what: the transfer app's access rules, in one place.

- The project office and experts import every entity and export everything.
- A company representative imports their own organisation's streams only (and sites, so a new
  site's streams can follow), and exports everything but other organisations' confidential
  figures, contacts and notes.
- A viewer imports nothing and exports what is not confidential.
"""

from django.core.exceptions import PermissionDenied

from veturi.transfer.entities import ENTITY_ORDER

COMPANY_ENTITIES = ("sites", "streams")


def importable_entities(user) -> tuple[str, ...]:
    """The entities this user may import; None is the command line, acting as the office."""
    if user is None or user.is_staff_member:
        return ENTITY_ORDER
    if user.is_company and user.organisation_id is not None:
        return COMPANY_ENTITIES
    return ()


def require_importer(user) -> None:
    if not importable_entities(user):
        raise PermissionDenied("You may not import records.")
