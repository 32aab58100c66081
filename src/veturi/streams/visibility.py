"""Who may see which fields of a resource stream: the one place that decides, field group by group.

A company representative sets, per stream and per field group (name and description, quantity,
cost and price, quality, months available), who may see it: the office only (``office``), also
partners matched with the company once both said yes to the proposal (``partners``), or everyone
(``public``). A group left blank follows the stream's ``confidentiality``.

Pages, the API, exports and reports show a stream through :func:`masked` (or
:func:`masked_streams`): a group the user may not see is replaced by ``None`` and named in
``hidden_groups``/``hidden_fields``; pages render "hidden" there, the API ``null``. Showing a
group that is not public to someone other than the company's own representative is a
confidential read and goes to the audit log.

Always shown once a stream is listed: its organisation, site, direction, kind and
classification (the resource), which say what kind of stream it is but no figure of it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veturi.streams.models import Confidentiality, ResourceStream

OFFICE, PARTNERS, PUBLIC = Confidentiality.OFFICE, Confidentiality.PARTNERS, Confidentiality.PUBLIC

# Field group -> (the model field holding its visibility, the stream fields it covers).
FIELD_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("name_visibility", ("name", "current_handling", "source", "external_id")),
    "quantity": ("quantity_visibility", ("quantity", "unit", "canonical_quantity", "canonical_unit")),
    "cost": ("cost_visibility", ("handling_cost_eur_per_unit",)),
    "quality": ("quality_visibility", ("quality",)),
    "months": ("months_visibility", ("months_mask",)),
}
GROUP_LABELS = {
    "name": _("name and description"),
    "quantity": _("quantity"),
    "cost": _("cost and price"),
    "quality": _("quality"),
    "months": _("months available"),
}
GROUP_OF_FIELD = {name: group for group, (_field, names) in FIELD_GROUPS.items() for name in names}
GROUP_OF_FIELD["months"] = "months"
HIDDEN = _("hidden")


def group_level(stream: ResourceStream, group: str) -> str:
    """The visibility of one field group: its own setting, else the stream's confidentiality."""
    return getattr(stream, FIELD_GROUPS[group][0]) or stream.confidentiality


def levels(stream: ResourceStream) -> dict[str, str]:
    return {group: group_level(stream, group) for group in FIELD_GROUPS}


def listed_at(level: str) -> Q:
    """Streams with at least one field group visible at ``level`` (a database filter)."""
    q = Q()
    for group, (visibility_field, _names) in FIELD_GROUPS.items():
        q |= Q(**{visibility_field: level}) | Q(**{visibility_field: "", "confidentiality": level})
    return q


def consented_partner_stream_ids(organisation_id: int | None) -> set[int]:
    """Streams of other organisations matched with this one in a proposal both sides said yes to.

    Only proposals the companies still see count: a stale proposal, or one the office rejected,
    discloses nothing any more (the companies could not withdraw from it).
    """
    if organisation_id is None:
        return set()
    from veturi.synergies.models import Proposal

    ids = set()
    for output_id, input_id, output_org in (
        Proposal.objects.open_to_companies()
        .mutually_consented()
        .filter(Q(output__site__organisation_id=organisation_id) | Q(input__site__organisation_id=organisation_id))
        .values_list("output_id", "input_id", "output__site__organisation_id")
    ):
        ids.add(input_id if output_org == organisation_id else output_id)
    return ids


@dataclass
class Viewer:
    """What one user may see of streams; built once per request or listing (one query for partners)."""

    user: object
    partner_stream_ids: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, user) -> Viewer:
        if _is_company(user):
            return cls(user, consented_partner_stream_ids(user.organisation_id))
        return cls(user)

    @property
    def is_staff(self) -> bool:
        return _is_staff(self.user)

    def owns(self, stream: ResourceStream) -> bool:
        return _is_company(self.user) and self.user.organisation_id == stream.site.organisation_id

    def may_see(self, stream: ResourceStream, group: str) -> bool:
        if self.is_staff or self.owns(stream):
            return True
        level = group_level(stream, group)
        if level == PUBLIC:
            return True
        return level == PARTNERS and stream.pk in self.partner_stream_ids

    def hidden_groups(self, stream: ResourceStream) -> set[str]:
        return {group for group in FIELD_GROUPS if not self.may_see(stream, group)}

    def confidential_groups_read(self, stream: ResourceStream) -> list[str]:
        """Groups shown that are not public, to someone who does not speak for the stream's company."""
        if self.owns(stream):
            return []
        return sorted(group for group in FIELD_GROUPS if group_level(stream, group) != PUBLIC and self.may_see(stream, group))


def _is_staff(user) -> bool:
    # Anonymous users have no role; the command line's exporting "user" has no is_authenticated.
    return bool(getattr(user, "is_staff_member", False) and getattr(user, "is_authenticated", True))


def _is_company(user) -> bool:
    return bool(getattr(user, "is_company", False) and getattr(user, "is_authenticated", True) and user.organisation_id)


def listing_filter(user) -> Q | None:
    """The streams this user may list (see ``accounts.access.visible_streams``); None means all."""
    if _is_staff(user):
        return None
    public = listed_at(PUBLIC)
    if _is_company(user):
        partners = Q(pk__in=consented_partner_stream_ids(user.organisation_id)) & (listed_at(PARTNERS) | public)
        return Q(site__organisation_id=user.organisation_id) | public | partners
    return public


def masked(stream: ResourceStream, viewer: Viewer) -> ResourceStream:
    """A copy of the stream with the field groups the viewer may not see set to None.

    The copy carries ``hidden_groups`` and ``hidden_fields`` (sets of names) and ``shows_all``; it
    is for display only (saving it is refused).
    """
    shown = copy.copy(stream)
    hidden = viewer.hidden_groups(stream)
    shown.hidden_groups = hidden
    shown.hidden_fields = {name for group in hidden for name in FIELD_GROUPS[group][1]} | ({"months"} if "months" in hidden else set())
    shown.shows_all = not hidden
    # The field groups whose visibility differs from the stream's default, for the pages to say so.
    shown.visibility_overrides = [
        (GROUP_LABELS[group], Confidentiality(getattr(stream, visibility_field)).label)
        for group, (visibility_field, _names) in FIELD_GROUPS.items()
        if getattr(stream, visibility_field) and getattr(stream, visibility_field) != stream.confidentiality
    ]
    for group in hidden:
        for name in FIELD_GROUPS[group][1]:
            setattr(shown, name, None)
    shown.save = _refuse_save
    return shown


def _refuse_save(*args, **kwargs):
    raise RuntimeError("A masked stream is for display only; save the stream itself.")


def masked_streams(streams, user, *, viewer: Viewer | None = None) -> list[ResourceStream]:
    """Every stream as this user may see it; confidential reads are written to the audit log."""
    from veturi.audit.log import record_reads

    viewer = viewer or Viewer.of(user)
    shown, reads = [], []
    for stream in streams:
        shown.append(masked(stream, viewer))
        groups = viewer.confidential_groups_read(stream)
        if groups:
            reads.append((stream, groups))
    record_reads(user, reads)
    return shown


def record_stream_reads(user, streams) -> None:
    """Log the confidential reads of streams a page shows in full (the office's own pages)."""
    from veturi.audit.log import record_reads

    viewer = Viewer.of(user)
    record_reads(user, [(stream, groups) for stream in streams if (groups := viewer.confidential_groups_read(stream))])
