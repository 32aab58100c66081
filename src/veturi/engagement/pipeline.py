"""The engagement pipeline: which moves are allowed, and the one function that makes a move.

Every change of an organisation's engagement stage goes through :func:`move_stage`, so each move
is checked the same way and leaves a :class:`~veturi.engagement.models.StageChange` behind for the
reports ("pipeline movement").

The rules, as the office works:

- forward by any number of steps (a first meeting can end in a commitment);
- back by one step (a correction, or an actor that cooled down);
- to *dropped* from any stage, always with a reason;
- from *dropped* back into the pipeline at any stage (the actor came back).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veturi.organisations.models import EngagementStage, Organisation

PIPELINE: tuple[str, ...] = (
    EngagementStage.IDENTIFIED,
    EngagementStage.CONTACTED,
    EngagementStage.ENGAGED,
    EngagementStage.COMMITTED,
    EngagementStage.CONTRACTED,
    EngagementStage.OPERATING,
)
DROPPED = EngagementStage.DROPPED


def move_problem(from_stage: str, to_stage: str, reason: str = "") -> str | None:
    """Why a move is not allowed, or None when it is.

    Examples
    --------
    >>> move_problem("identified", "committed") is None
    True
    >>> move_problem("committed", "contacted")
    'An organisation moves back one stage at a time: from Committed only to Engaged.'
    >>> move_problem("engaged", "dropped")
    'Say why the organisation was dropped.'
    """
    labels = dict(EngagementStage.choices)
    if to_stage not in labels:
        return _("Unknown engagement stage %(stage)r.") % {"stage": to_stage}
    if from_stage == to_stage:
        return _("The organisation is already at the stage %(stage)s.") % {"stage": labels[to_stage]}
    if to_stage == DROPPED:
        return None if reason.strip() else _("Say why the organisation was dropped.")
    if from_stage == DROPPED or from_stage not in PIPELINE:
        return None
    step = PIPELINE.index(to_stage) - PIPELINE.index(from_stage)
    if step < -1:
        previous = PIPELINE[PIPELINE.index(from_stage) - 1]
        return _("An organisation moves back one stage at a time: from %(from)s only to %(to)s.") % {
            "from": labels[from_stage],
            "to": labels[previous],
        }
    return None


def allowed_moves(from_stage: str) -> list[str]:
    """The stages an organisation at `from_stage` may move to (dropped needs a reason).

    Examples
    --------
    >>> allowed_moves("committed")
    ['engaged', 'contracted', 'operating', 'dropped']
    """
    candidates = [*PIPELINE, DROPPED]
    return [str(stage) for stage in candidates if move_problem(from_stage, stage, reason="-") is None]


def move_stage(
    organisation: Organisation, to_stage: str, *, by=None, reason: str = "", when: datetime | None = None
):
    """Move an organisation to another stage, record the move and return the StageChange.

    Raises ValidationError (on the fields ``to_stage`` or ``reason``) for a move the rules refuse.
    """
    from django.utils import timezone

    from veturi.engagement.models import StageChange

    reason = (reason or "").strip()
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        problem = move_problem(current.engagement_stage, to_stage, reason)
        if problem:
            field = "reason" if to_stage == DROPPED and not reason else "to_stage"
            raise ValidationError({field: problem})
        change = StageChange.objects.create(
            organisation=current,
            from_stage=current.engagement_stage,
            to_stage=to_stage,
            changed_by=by if getattr(by, "pk", None) else None,
            reason=reason,
            changed_at=when or timezone.now(),
        )
        current.engagement_stage = to_stage
        current.dropped_reason = reason[:300] if to_stage == DROPPED else ""
        current.save(update_fields=["engagement_stage", "dropped_reason", "updated_at"])
    organisation.engagement_stage = current.engagement_stage
    organisation.dropped_reason = current.dropped_reason
    return change
