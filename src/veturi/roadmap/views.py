from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veturi.roadmap import prioritisation
from veturi.roadmap.access import (
    enterable_proposals,
    get_entry_for_user,
    get_roadmap_for_user,
    get_rw_activity_for_user,
    get_rw_roadmap_for_user,
    may_enter_monitoring,
    require_staff,
    roadmap_reader_required,
    staff_required,
    visible_entries,
    visible_roadmaps,
)
from veturi.jobs.worker import enqueue
from veturi.roadmap.adapters import RoadmapInputError, plan_violations, roadmap_to_problem
from veturi.roadmap.building import build_from_networks, default_resources
from veturi.roadmap.charts import gantt_svg, plan_actual_svg
from veturi.roadmap.forms import ActivityForm, BuildForm, MonitoringEntryForm, PrioritisationForm, ResourceForm, RoadmapForm
from veturi.roadmap.models import ActivityKind, Roadmap, RoadmapResource
from veturi.roadmap.monitoring import KPIS, plan_vs_actual


@login_required
@roadmap_reader_required
def roadmap_list(request):
    roadmaps = visible_roadmaps(request.user).prefetch_related("solves")
    form = RoadmapForm(initial={"first_year": timezone.localdate().year}) if request.user.is_staff_member else None
    return render(request, "roadmap/roadmap_list.html", {"roadmaps": roadmaps, "form": form})


@login_required
@require_POST
@staff_required
def roadmap_add(request):
    form = RoadmapForm(request.POST)
    if not form.is_valid():
        return render(request, "roadmap/roadmap_list.html", {"roadmaps": visible_roadmaps(request.user), "form": form}, status=400)
    with transaction.atomic():
        roadmap = form.save()
        default_resources(roadmap)
    return redirect("roadmap-detail", pk=roadmap.pk)


def _gantt(roadmap, solve):
    rows = []
    for p in solve.planned.select_related("activity").order_by("start_month", "finish_month", "activity__name"):
        rows.append({"name": p.activity.name, "kind": p.activity.kind, "start": p.start_month, "finish": p.finish_month,
                     "critical": p.critical, "start_label": roadmap.month_label(p.start_month),
                     "finish_label": roadmap.month_label(p.finish_month)})
    labels = {value: str(label) for value, label in ActivityKind.choices}
    return gantt_svg(rows, first_year=roadmap.first_year, years=roadmap.years, kind_labels=labels,
                     critical_label=_("critical path"))


def _yearly_impacts(roadmap, solve):
    """Per roadmap year, the impacts the plan yields (activities finished, pro rata per month)."""
    years = []
    planned = {p.activity_id: p for p in solve.planned.all()} if solve and solve.has_plan else {}
    activities = list(roadmap.activities.all())
    for y in range(roadmap.years):
        row = {"year": roadmap.first_year + y, "co2": 0.0, "jobs": 0.0, "value": 0.0, "investment": 0.0}
        for a in activities:
            p = planned.get(a.pk)
            if p is None:
                continue
            share = max(0, min(12, 12 * (y + 1) - max(p.finish_month, 12 * y))) / 12
            row["co2"] += share * a.co2_t_per_year
            row["value"] += share * a.value_eur_per_year
            row["jobs"] += a.jobs if p.finish_month <= 12 * (y + 1) else 0
            months = max(0, min(p.finish_month, 12 * (y + 1)) - max(p.start_month, 12 * y))
            row["investment"] += a.investment_eur * months / max(a.duration_months, 1) if a.duration_months else (
                a.investment_eur if 12 * y <= p.start_month < 12 * (y + 1) else 0)
        years.append(row)
    return years


def _detail_context(request, roadmap, **extra):
    solve = roadmap.latest_solve()
    staff = request.user.is_staff_member
    context = {"roadmap": roadmap, "solve": solve, "staff": staff}
    if solve is not None:
        context["stale"] = solve.is_stale
        if solve.has_plan:
            context["gantt"] = _gantt(roadmap, solve)
            context["yearly"] = _yearly_impacts(roadmap, solve)
    if staff:
        planned = {p.activity_id: p for p in solve.planned.all()} if solve else {}
        activities = roadmap.activities.prefetch_related("predecessors", "demands__resource").select_related("network", "organisation", "asset")
        context["activities"] = [(a, planned.get(a.pk)) for a in activities]
        resources = []
        for r in roadmap.resources.all():
            usage = (solve.yearly_usage.get(r.name) if solve and solve.has_plan else None) or []
            resources.append((r, [(roadmap.first_year + y, limit, usage[y] if y < len(usage) else None)
                                  for y, limit in enumerate(r.yearly_limits)]))
        context["resources"] = resources
        context["build_form"] = extra.pop("build_form", None) or BuildForm()
        context["violations"] = plan_violations(solve) if solve and solve.has_plan and not context.get("stale") else []
    context.update(extra)
    return context


@login_required
@roadmap_reader_required
def roadmap_detail(request, pk: int):
    roadmap = get_roadmap_for_user(request.user, pk)
    return render(request, "roadmap/roadmap_detail.html", _detail_context(request, roadmap))


@login_required
@staff_required
def roadmap_edit(request, pk: int):
    roadmap = get_rw_roadmap_for_user(request.user, pk)
    form = RoadmapForm(request.POST or None, instance=roadmap)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
                for resource in getattr(form, "resized_resources", []):
                    resource.save()
            messages.success(request, _("Roadmap saved."))
            return redirect("roadmap-detail", pk=roadmap.pk)
        return render(request, "roadmap/roadmap_form.html", {"form": form, "roadmap": roadmap}, status=400)
    return render(request, "roadmap/roadmap_form.html", {"form": form, "roadmap": roadmap})


@login_required
@require_POST
@staff_required
def roadmap_solve(request, pk: int):
    roadmap = get_rw_roadmap_for_user(request.user, pk)
    try:
        roadmap_to_problem(roadmap)  # bad rows are answered now, not by a failed job
    except RoadmapInputError as exc:
        return render(request, "roadmap/roadmap_detail.html", _detail_context(request, roadmap, error=str(exc)), status=400)
    job = enqueue("roadmap_solve", {"roadmap": roadmap.pk}, user=request.user)
    return redirect("job-detail", pk=job.pk)


@login_required
@require_POST
@staff_required
def roadmap_build(request, pk: int):
    """Add the activities of the best-ranked value networks (default weights) and their infrastructure."""
    roadmap = get_rw_roadmap_for_user(request.user, pk)
    form = BuildForm(request.POST)
    if not form.is_valid():
        return render(request, "roadmap/roadmap_detail.html", _detail_context(request, roadmap, build_form=form), status=400)
    try:
        ranked = prioritisation.networks_in_order(prioritisation.prioritise(sensitivity_runs=0))
    except ValueError as exc:
        return render(request, "roadmap/roadmap_detail.html", _detail_context(request, roadmap, error=str(exc)), status=400)
    report = build_from_networks(roadmap, ranked[: form.cleaned_data["top"]])
    messages.success(request, report.summary())
    return redirect("roadmap-detail", pk=roadmap.pk)


def _activity_form_page(request, roadmap, form, activity=None, status=200):
    return render(request, "roadmap/activity_form.html", {"form": form, "roadmap": roadmap, "activity": activity}, status=status)


def _save_activity(form):
    with transaction.atomic():
        activity = form.save()
        form.save_demands(activity)
    return activity


@login_required
@staff_required
def activity_add(request, pk: int):
    roadmap = get_rw_roadmap_for_user(request.user, pk)
    form = ActivityForm(request.POST or None, roadmap=roadmap)
    if request.method == "POST":
        if form.is_valid():
            _save_activity(form)
            messages.success(request, _("Activity added."))
            return redirect("roadmap-detail", pk=roadmap.pk)
        return _activity_form_page(request, roadmap, form, status=400)
    return _activity_form_page(request, roadmap, form)


@login_required
@staff_required
def activity_edit(request, pk: int):
    activity = get_rw_activity_for_user(request.user, pk)
    roadmap = activity.roadmap
    if request.method == "POST" and "delete" in request.POST:
        name = activity.name
        activity.delete()
        messages.success(request, _("Activity %(name)s deleted.") % {"name": name})
        return redirect("roadmap-detail", pk=roadmap.pk)
    form = ActivityForm(request.POST or None, instance=activity, roadmap=roadmap)
    if request.method == "POST":
        if form.is_valid():
            _save_activity(form)
            messages.success(request, _("Activity saved."))
            return redirect("roadmap-detail", pk=roadmap.pk)
        return _activity_form_page(request, roadmap, form, activity, status=400)
    return _activity_form_page(request, roadmap, form, activity)


@login_required
@staff_required
def resource_add(request, pk: int):
    roadmap = get_rw_roadmap_for_user(request.user, pk)
    return _resource_page(request, roadmap, None)


@login_required
@staff_required
def resource_edit(request, pk: int):
    require_staff(request.user)
    resource = get_object_or_404(RoadmapResource.objects.select_related("roadmap"), pk=pk)
    return _resource_page(request, resource.roadmap, resource)


def _resource_page(request, roadmap, resource):
    if request.method == "POST" and resource is not None and "delete" in request.POST:
        resource.delete()
        messages.success(request, _("Resource deleted."))
        return redirect("roadmap-detail", pk=roadmap.pk)
    form = ResourceForm(request.POST or None, instance=resource, roadmap=roadmap)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Resource saved."))
            return redirect("roadmap-detail", pk=roadmap.pk)
        return render(request, "roadmap/resource_form.html", {"form": form, "roadmap": roadmap, "resource": resource}, status=400)
    return render(request, "roadmap/resource_form.html", {"form": form, "roadmap": roadmap, "resource": resource})


@login_required
@staff_required
def network_priorities(request):
    """Value networks ranked by MCDA with weight controls; a GET with weights re-ranks."""
    criteria = prioritisation.CRITERIA
    submitted = "method" in request.GET
    form = PrioritisationForm(request.GET if submitted else None, criteria=criteria, initial_weights=prioritisation.DEFAULT_WEIGHTS)
    result, error, status = None, "", 200
    if submitted and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if submitted else {"method": "topsis", "weights": dict(prioritisation.DEFAULT_WEIGHTS)}
        try:
            result = prioritisation.prioritise(weights=data["weights"], method=data["method"])
        except ValueError as exc:
            # Too few networks is the data's state, not the request's fault; a refused weight is.
            error, status = str(exc), (400 if submitted else 200)
    context = {"form": form, "result": result, "error": error, "criteria": criteria,
               "chart": prioritisation.chart(result) if result else ""}
    if request.htmx:
        return render(request, "roadmap/_priorities.html", context)
    return render(request, "roadmap/priorities.html", context, status=status)


# --- monitoring -----------------------------------------------------------------------------


def _require_monitoring_reader(user):
    if not (may_enter_monitoring(user) or user.is_viewer):
        raise PermissionDenied("Monitoring is shown to the office, its experts, the companies of each exchange and viewers.")


@login_required
def monitoring(request):
    """Entries (the user's own for a company) and the form to add one."""
    if not may_enter_monitoring(request.user):
        raise PermissionDenied("Monitoring entries are entered by the office, its experts and the companies of each exchange.")
    proposals = enterable_proposals(request.user)
    form = MonitoringEntryForm(request.POST or None, proposals=proposals)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                entry = form.save(commit=False)
                entry.entered_by = request.user
                entry.fill_from_proposal()
                entry.save()
            messages.success(request, _("Entry saved: %(label)s, %(period)s.") % {"label": entry.exchange_label, "period": entry.period_label})
            return redirect("monitoring")
        status = 400
    entries = visible_entries(request.user).select_related("proposal", "entered_by")[:200]
    context = {"form": form, "entries": entries, "no_exchanges": not proposals.exists()}
    return render(request, "roadmap/monitoring.html", context, status=status)


@login_required
def monitoring_entry_edit(request, pk: int):
    if not may_enter_monitoring(request.user):
        raise PermissionDenied("Monitoring entries are corrected by the office, its experts and the companies of each exchange.")
    entry = get_entry_for_user(request.user, pk)
    form = MonitoringEntryForm(request.POST or None, instance=entry, proposals=enterable_proposals(request.user))
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                entry = form.save(commit=False)
                entry.fill_from_proposal()
                entry.save()
            messages.success(request, _("Entry saved."))
            return redirect("monitoring")
        return render(request, "roadmap/monitoring_entry.html", {"form": form, "entry": entry}, status=400)
    return render(request, "roadmap/monitoring_entry.html", {"form": form, "entry": entry})


@login_required
def plan_actual(request):
    """Plan against actual per network and per KPI for a roadmap (the latest by default)."""
    _require_monitoring_reader(request.user)
    roadmaps = Roadmap.objects.all()
    roadmap = None
    if request.GET.get("roadmap"):
        try:
            roadmap = roadmaps.filter(pk=int(request.GET["roadmap"])).first()
        except ValueError:
            roadmap = None
        if roadmap is None:
            return render(request, "roadmap/plan_actual.html", {"roadmaps": roadmaps, "error": _("No such roadmap.")}, status=404)
    roadmap = roadmap or roadmaps.order_by("-pk").first()
    context = {"roadmaps": roadmaps, "roadmap": roadmap, "kpis": KPIS}
    if roadmap is not None:
        entries = None if (request.user.is_staff_member or request.user.is_viewer) else visible_entries(request.user)
        comparison = plan_vs_actual(roadmap, entries, user=request.user)
        if request.user.is_company:
            # A company sees its own exchanges' realised figures, not the park's plan.
            comparison["networks"] = []
            comparison["totals"] = {kpi: [(year, None, actual) for year, _plan, actual in rows]
                                    for kpi, rows in comparison["totals"].items()}
        context["comparison"] = comparison
        context["outside_rows"] = [(label, unit, comparison["outside"][kpi]) for kpi, (label, unit, _field) in KPIS.items()
                                   if any(actual is not None for _year, actual in comparison["outside"][kpi])]
        context["charts"] = [
            plan_actual_svg([(year, plan, actual) for year, plan, actual in comparison["totals"][kpi]],
                            title=str(label), unit=unit, plan_label=_("plan"), actual_label=_("actual"))
            for kpi, (label, unit, _field) in KPIS.items()
            if any(p or a for _year, p, a in comparison["totals"][kpi])
        ]
    return render(request, "roadmap/plan_actual.html", context)
