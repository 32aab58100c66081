"""What the monthly office report and the organisation report say, gathered from the database.

The same report objects feed the pages, the PDFs and the CLI, so all three always agree.
Sections for hypotheses and synergies read from their apps once those apps exist; until then
the report says plainly that they are not recorded yet.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from veturi.engagement.models import FollowUpAction, Interaction, InteractionKind, StageChange, Stakeholder
from veturi.office.models import CLOSED_STATUSES, ActionItem, Meeting, Phase
from veturi.organisations.models import EngagementStage, Organisation

# Sections the monthly report takes from other apps. An installed app reports by offering
# `<app>.reports.monthly_rows(first_day, last_day) -> list[tuple[str, str]]` (what, detail);
# until it does, the section says plainly that nothing is reported.
SECTION_APPS = {"hypotheses": "veturi.valuenets", "synergies": "veturi.synergies"}


@dataclass
class AppSection:
    """One section of the monthly report that another app fills in."""

    name: str
    app: str
    installed: bool
    rows: list[tuple[str, str]] | None  # None: the app is missing or does not report yet


def _installed(app: str) -> bool:
    return apps.is_installed(app)


def app_section(name: str, first: date, last: date) -> AppSection:
    import importlib

    app = SECTION_APPS[name]
    if not _installed(app):
        return AppSection(name, app, installed=False, rows=None)
    try:
        monthly_rows = importlib.import_module(f"{app}.reports").monthly_rows
    except (ImportError, AttributeError):
        return AppSection(name, app, installed=True, rows=None)
    return AppSection(name, app, installed=True, rows=[(str(what), str(detail)) for what, detail in monthly_rows(first, last)])


@dataclass
class ActionRow:
    """A follow-up action or a meeting action item, as the report lists it."""

    action: str
    owner: str
    due: date | None
    status: str
    source: str
    overdue: bool


@dataclass
class MonthlyReport:
    year: int
    month: int
    first_day: date
    last_day: date
    stage_changes: list = field(default_factory=list)
    moves_into_stage: list[tuple[str, int]] = field(default_factory=list)
    pipeline_now: list[tuple[str, str, int]] = field(default_factory=list)
    interactions: list = field(default_factory=list)
    interactions_by_kind: list[tuple[str, int]] = field(default_factory=list)
    meetings: list = field(default_factory=list)
    new_actions: list[ActionRow] = field(default_factory=list)
    overdue_actions: list[ActionRow] = field(default_factory=list)
    phase_progress: list[tuple[str, float]] = field(default_factory=list)
    kpis: list[tuple[str, str]] = field(default_factory=list)
    sections: dict[str, AppSection] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return _("Project office report, %(month)s") % {"month": f"{self.year}-{self.month:02d}"}


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValueError(f"month {year}-{month:02d}: give a month between 2000-01 and 2100-12")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _aware(day: date, end: bool = False) -> datetime:
    moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    return timezone.make_aware(moment)


def _follow_up_row(follow_up: FollowUpAction, as_of: date) -> ActionRow:
    return ActionRow(
        action=follow_up.action,
        owner=str(follow_up.owner or "–"),
        due=follow_up.due,
        status=_("Done") if follow_up.done else _("Open"),
        source=f"{follow_up.interaction.get_kind_display()} · {follow_up.interaction.organisation}",
        overdue=not follow_up.done and follow_up.due is not None and follow_up.due < as_of,
    )


def _action_item_row(item: ActionItem, as_of: date) -> ActionRow:
    return ActionRow(
        action=item.action,
        owner=str(item.owner or "–"),
        due=item.due,
        status=item.get_status_display(),
        source=str(item.meeting),
        overdue=item.status not in CLOSED_STATUSES and item.due is not None and item.due < as_of,
    )


def monthly_report(year: int, month: int) -> MonthlyReport:
    """Gather the office's month: pipeline movement, interactions, meetings, actions, plan, KPIs."""
    from veturi.front.figures import park_figures

    first, last = _month_bounds(year, month)
    report = MonthlyReport(year=year, month=month, first_day=first, last_day=last)
    # Overdue means overdue at the end of the month, or today for the month under way.
    as_of = min(last + timedelta(days=1), timezone.localdate())
    labels = dict(EngagementStage.choices)

    report.stage_changes = list(
        StageChange.objects.filter(changed_at__gte=_aware(first), changed_at__lt=_aware(last, end=True))
        .select_related("organisation", "changed_by")
        .order_by("changed_at", "id")
    )
    into = Counter(change.to_stage for change in report.stage_changes)
    report.moves_into_stage = [(labels[stage], into[stage]) for stage in labels if into[stage]]
    by_stage = Counter(Organisation.objects.values_list("engagement_stage", flat=True))
    report.pipeline_now = [(stage, labels[stage], by_stage[stage]) for stage in labels]

    report.interactions = list(
        Interaction.objects.filter(date__range=(first, last)).select_related("organisation").order_by("date", "id")
    )
    kinds = Counter(interaction.kind for interaction in report.interactions)
    report.interactions_by_kind = [(label, kinds[value]) for value, label in InteractionKind.choices]
    report.meetings = list(Meeting.objects.filter(date__range=(first, last)).prefetch_related("decisions").order_by("date"))

    follow_ups = FollowUpAction.objects.select_related("interaction__organisation", "owner")
    items = ActionItem.objects.select_related("meeting", "owner")
    report.new_actions = [_follow_up_row(f, as_of) for f in follow_ups.filter(interaction__date__range=(first, last))] + [
        _action_item_row(i, as_of) for i in items.filter(meeting__date__range=(first, last))
    ]
    open_rows = [_follow_up_row(f, as_of) for f in follow_ups.filter(done=False, due__lt=as_of)] + [
        _action_item_row(i, as_of) for i in items.exclude(status__in=CLOSED_STATUSES).filter(due__lt=as_of)
    ]
    report.overdue_actions = sorted(open_rows, key=lambda row: row.due)
    report.phase_progress = [(str(phase), phase.progress()) for phase in Phase.objects.all()]

    figures = park_figures()
    report.kpis = [
        (_("Organisations"), f"{figures['organisations']}"),
        (_("Committed, contracted or operating"), f"{by_stage['committed'] + by_stage['contracted'] + by_stage['operating']}"),
        (_("Resource streams mapped"), f"{figures['streams']} ({figures['outputs']} / {figures['inputs']})"),
        (_("Materials offered, t/a"), f"{figures['output_mass_t']:,.0f}".replace(",", " ")),
        (_("Energy offered, MWh/a"), f"{figures['output_energy_mwh']:,.0f}".replace(",", " ")),
        (_("Plots available"), f"{figures['plots_available']} / {figures['plots']} ({figures['available_area_ha']:.1f} ha)"),
        (_("Interactions this month"), f"{len(report.interactions)}"),
        (_("Meetings this month"), f"{len(report.meetings)}"),
    ]
    report.sections = {name: app_section(name, first, last) for name in SECTION_APPS}
    return report


@dataclass
class OrganisationReport:
    organisation: Organisation
    stage_changes: list = field(default_factory=list)
    stakeholder: object | None = None
    interactions: list = field(default_factory=list)
    interactions_by_kind: list[tuple[str, int]] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    sites: list = field(default_factory=list)
    streams: list = field(default_factory=list)
    generated_on: date | None = None

    @property
    def title(self) -> str:
        return _("Organisation report: %(name)s") % {"name": self.organisation.name}


def organisation_report(organisation: Organisation) -> OrganisationReport:
    """Everything the office knows about one organisation (for the office's eyes)."""
    from veturi.streams.models import ResourceStream

    today = timezone.localdate()
    interactions = list(organisation.interactions.prefetch_related("participants", "follow_ups__owner").order_by("date"))
    kinds = Counter(interaction.kind for interaction in interactions)
    return OrganisationReport(
        organisation=organisation,
        stage_changes=list(organisation.stage_changes.select_related("changed_by").order_by("changed_at")),
        stakeholder=Stakeholder.objects.filter(organisation=organisation).first(),
        interactions=interactions,
        interactions_by_kind=[(label, kinds[value]) for value, label in InteractionKind.choices],
        actions=[_follow_up_row(f, today) for i in interactions for f in i.follow_ups.all()],
        sites=list(organisation.sites.all()),
        streams=list(ResourceStream.objects.filter(site__organisation=organisation).select_related("site").order_by("direction", "name")),
        generated_on=today,
    )
