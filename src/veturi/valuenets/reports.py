"""Hypotheses in the office's monthly report, and the open assumptions that block prioritisation."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from veturi.valuenets.models import Hypothesis, HypothesisStatus


def blocking_assumptions():
    """Open hypotheses that block prioritisation, by owner then due date (no date last)."""
    rows = Hypothesis.objects.filter(status=HypothesisStatus.OPEN, blocks_prioritisation=True).select_related("owner", "network", "locomotive")
    return sorted(rows, key=lambda h: (h.owner is None, h.owner.name if h.owner else "", h.due_date is None, h.due_date or date.max, h.pk))


def monthly_rows(first_day: date, last_day: date) -> list[tuple[str, str]]:
    """Hypotheses added and settled in the month, and the open assumptions still blocking."""
    start = timezone.make_aware(datetime.combine(first_day, time.min))
    end = timezone.make_aware(datetime.combine(last_day, time.max))
    rows: list[tuple[str, str]] = []
    added = Hypothesis.objects.filter(created_at__range=(start, end)).count()
    settled = Hypothesis.objects.filter(status_changed_at__range=(start, end)).exclude(status=HypothesisStatus.OPEN)
    if added:
        rows.append((_("Hypotheses added"), str(added)))
    labels = dict(HypothesisStatus.choices)
    counts = Counter(h.status for h in settled)
    if counts:
        rows.append((_("Hypotheses settled"), ", ".join(f"{labels[s]}: {n}" for s, n in sorted(counts.items()))))
    for hypothesis in settled.select_related("network", "locomotive")[:20]:
        subject = hypothesis.network or hypothesis.locomotive
        rows.append((str(subject), f"{hypothesis.statement}: {labels[hypothesis.status]}"))
    blocking = blocking_assumptions()
    if blocking:
        overdue = sum(1 for h in blocking if h.due_date is not None and h.due_date <= last_day)
        rows.append((_("Open assumptions blocking prioritisation"), _("%(n)d, of which %(o)d due by the end of the month") % {"n": len(blocking), "o": overdue}))
    return rows
