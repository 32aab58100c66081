"""The synergies section of the office's monthly report (read by veturi.office.reports)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from veturi.synergies.models import MatchRun, ProposalDecision, ProposalStatus


def monthly_rows(first_day: date, last_day: date) -> list[tuple[str, str]]:
    """What happened to synergies in the month: matching runs and the office's decisions."""
    start = timezone.make_aware(datetime.combine(first_day, time.min))
    end = timezone.make_aware(datetime.combine(last_day, time.max))
    rows: list[tuple[str, str]] = []
    runs = MatchRun.objects.filter(started_at__range=(start, end))
    last = runs.first()
    if last is not None:
        rows.append((_("Matching runs"), _("%(n)d runs; the last gave %(p)d proposals (%(new)d new), %(a)d attract suggestions, %(c)d chains") % {
            "n": runs.count(), "p": last.proposals, "new": last.new_proposals, "a": last.attract, "c": last.chains,
        }))
    decisions = ProposalDecision.objects.filter(decided_at__range=(start, end)).select_related(
        "proposal__output__site__organisation", "proposal__input__site__organisation"
    )
    labels = dict(ProposalStatus.choices)
    counts = Counter(decision.status for decision in decisions)
    if counts:
        rows.append((_("Decisions"), ", ".join(f"{labels[status]}: {n}" for status, n in sorted(counts.items()))))
    for decision in decisions[:20]:
        proposal = decision.proposal
        what = f"{proposal.output.site.organisation.name} → {proposal.input.site.organisation.name}"
        detail = f"{proposal.output.name} → {proposal.input.name}: {labels[decision.status]}"
        rows.append((what, f"{detail} ({decision.reason})" if decision.reason else detail))
    return rows
