from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veturi.accounts.access import get_organisation_for_user, shown_streams
from veturi.engagement.models import FollowUpAction
from veturi.office import pdf, reports
from veturi.office.access import (
    get_meeting_for_user,
    get_rw_action_item_for_user,
    get_rw_milestone_for_user,
    get_rw_task_for_user,
    staff_member_required,
    visible_meetings,
)
from veturi.office.charts import STAGE_COLOURS, bar_chart_svg
from veturi.office.forms import (
    ActionFormSet,
    ActionItemStatusForm,
    AgendaFormSet,
    DecisionFormSet,
    MeetingForm,
    MilestoneForm,
    TaskForm,
    parse_month,
)
from veturi.office.models import CLOSED_STATUSES, ActionItem, ActionStatus, Milestone, Phase, Task
from veturi.organisations.models import Person


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Meetings


@login_required
@staff_member_required
def meeting_list(request):
    meetings = visible_meetings(request.user).prefetch_related("action_items", "decisions")
    return render(request, "office/meeting_list.html", {"meetings": meetings})


@login_required
@staff_member_required
def meeting_add(request):
    """A new meeting, with today's date and the active core team ticked as attending."""
    form = MeetingForm(request.POST or None)
    if not form.is_bound:
        form.initial["attendees"] = list(Person.objects.filter(core_team_membership__active=True).values_list("pk", flat=True))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save()
        return redirect("meeting-edit", pk=meeting.pk)
    return render(request, "office/meeting_form.html", {"form": form, "meeting": None})


@login_required
@staff_member_required
def meeting_detail(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "office/meeting_detail.html", {"meeting": meeting})


@login_required
@staff_member_required
def meeting_edit(request, pk: int):
    """The meeting in one form: attendance, agenda, decisions and action items, as table rows."""
    meeting = get_meeting_for_user(request.user, pk)
    data = request.POST or None
    form = MeetingForm(data, instance=meeting)
    formsets = {
        # Empty agenda rows are numbered on from the last item.
        "agenda": AgendaFormSet(
            data, instance=meeting, prefix="agenda",
            initial=[{"position": meeting.agenda_items.count() + row} for row in range(1, AgendaFormSet.extra + 1)],
        ),
        "decisions": DecisionFormSet(data, instance=meeting, prefix="decisions"),
        "actions": ActionFormSet(data, instance=meeting, prefix="actions"),
    }
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        with transaction.atomic():
            form.save()
            for formset in formsets.values():
                formset.save()
        return redirect("meeting-detail", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "office/meeting_form.html", {"form": form, "meeting": meeting, **formsets}, status=status)


@login_required
@staff_member_required
def meeting_minutes(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "office/minutes.html", {"meeting": meeting})


@login_required
@staff_member_required
def meeting_minutes_pdf(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    return _pdf_response(pdf.minutes_pdf(meeting), f"minutes-{meeting.date.isoformat()}-{meeting.pk}.pdf")


# Actions


@login_required
@staff_member_required
def action_list(request):
    """Every open action of the office: follow-ups of interactions and meeting action items."""
    show_all = request.GET.get("show") == "all"
    follow_ups = FollowUpAction.objects.select_related("interaction__organisation", "owner")
    items = ActionItem.objects.select_related("meeting", "owner")
    if not show_all:
        follow_ups, items = follow_ups.filter(done=False), items.exclude(status__in=CLOSED_STATUSES)
    context = {
        "follow_ups": follow_ups.order_by("due"),
        "items": items.order_by("due"),
        "show_all": show_all,
        "status_choices": ActionStatus.choices,
    }
    return render(request, "office/action_list.html", context)


@login_required
@require_POST
@staff_member_required
def action_item_status(request, pk: int):
    """Set a meeting action item's status from the action list; answers htmx with the updated row."""
    item = get_rw_action_item_for_user(request.user, pk)
    form = ActionItemStatusForm(request.POST, instance=item)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(message) for message in form.errors.get("status", [])))
    with transaction.atomic():
        form.save()
    if request.htmx:
        return render(request, "office/_action_item_row.html", {"item": item, "status_choices": ActionStatus.choices})
    return redirect("action-list")


# Project plan


@login_required
def plan(request):
    """The four phases with their progress, workstreams, tasks and milestones (every role reads it)."""
    phases = Phase.objects.prefetch_related("workstreams__tasks__owner", "workstreams__lead", "milestones__owner")
    rows = [(phase, round(phase.progress() * 100)) for phase in phases]
    return render(request, "office/plan.html", {"phases": rows, "can_edit": request.user.is_staff_member})


def _plan_item_form(request, form_class, instance, title: str):
    form = form_class(request.POST or None, instance=instance, initial={k: v for k, v in request.GET.items() if k in ("workstream", "phase")})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        return redirect("plan")
    status = 400 if request.method == "POST" else 200
    return render(request, "office/plan_item_form.html", {"form": form, "title": title}, status=status)


@login_required
@staff_member_required
def task_add(request):
    return _plan_item_form(request, TaskForm, Task(), _("New task"))


@login_required
def task_edit(request, pk: int):
    return _plan_item_form(request, TaskForm, get_rw_task_for_user(request.user, pk), _("Edit task"))


@login_required
@staff_member_required
def milestone_add(request):
    return _plan_item_form(request, MilestoneForm, Milestone(), _("New milestone"))


@login_required
def milestone_edit(request, pk: int):
    return _plan_item_form(request, MilestoneForm, get_rw_milestone_for_user(request.user, pk), _("Edit milestone"))


# Reports


class BadMonth(Http404):
    pass


def _month_from(request) -> tuple[int, int]:
    text = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    try:
        return parse_month(text)
    except ValueError as exc:
        raise BadMonth(str(exc)) from exc


def _bad_month(view):
    """Answer a malformed ?month= with 400 and the reason, not a page that is not there."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadMonth as exc:
            return render(request, "office/bad_month.html", {"problem": str(exc)}, status=400)

    return wrapper


@login_required
@staff_member_required
@_bad_month
def report_monthly(request):
    report = reports.monthly_report(*_month_from(request))
    stage_of = {str(label): stage for stage, label, _count in report.pipeline_now}
    charts = {
        "pipeline": bar_chart_svg(
            [(label, count) for _s, label, count in report.pipeline_now],
            title=_("Organisations by stage now"),
            colours=[STAGE_COLOURS[stage] for stage, _label, _count in report.pipeline_now],
        ),
        "moves": bar_chart_svg(
            report.moves_into_stage,
            title=_("Moves this month, by new stage"),
            colours=[STAGE_COLOURS[stage_of[str(label)]] for label, _count in report.moves_into_stage],
        ),
        "interactions": bar_chart_svg(report.interactions_by_kind, title=_("Interactions this month, by kind"), colour="#5b8def"),
        "plan": bar_chart_svg([(name, round(share * 100)) for name, share in report.phase_progress], title=_("Progress per phase, % done"), colour="#264653"),
    }
    context = {"report": report, "charts": charts, "month": f"{report.year}-{report.month:02d}"}
    return render(request, "office/report_monthly.html", context)


@login_required
@staff_member_required
@_bad_month
def report_monthly_pdf(request):
    report = reports.monthly_report(*_month_from(request))
    return _pdf_response(pdf.monthly_pdf(report), f"veturi-office-report-{report.year}-{report.month:02d}.pdf")


@login_required
@staff_member_required
def report_organisation(request, pk: int):
    report = reports.organisation_report(get_organisation_for_user(request.user, pk))
    report.streams = shown_streams(request.user, report.streams)  # confidential reads go to the audit log
    chart = bar_chart_svg(report.interactions_by_kind, title=_("Interactions by kind"), colour="#5b8def")
    return render(request, "office/report_organisation.html", {"report": report, "chart": chart})


@login_required
@staff_member_required
def report_organisation_pdf(request, pk: int):
    report = reports.organisation_report(get_organisation_for_user(request.user, pk))
    report.streams = shown_streams(request.user, report.streams)  # confidential reads go to the audit log
    return _pdf_response(pdf.organisation_pdf(report), f"veturi-organisation-{report.organisation.pk}.pdf")
