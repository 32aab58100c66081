from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from veturi.engine.kpis import CATEGORIES, STATUSES, framework, metric_labels
from veturi.scenarios.access import (
    get_rw_scenario_for_user,
    get_scenario_for_user,
    reader_required,
    require_office,
    staff_member_required,
    visible_scenarios,
)
from veturi.jobs.worker import enqueue
from veturi.scenarios.adapters import ScenarioInputError, assess_park, current_fingerprint, scenario_to_engine
from veturi.scenarios.forms import AssumptionFormSet, ParkFigureForm, ScenarioForm
from veturi.scenarios.models import ParkFigure
from veturi.scenarios.presentation import comparison_rows, fan_charts, yearly_rows


@login_required
@reader_required
def scenario_list(request):
    scenarios = [(s, s.latest_result()) for s in visible_scenarios(request.user)]
    return render(request, "scenarios/scenario_list.html", {"scenarios": scenarios})


def _detail_context(request, scenario, **extra):
    result = scenario.latest_result()
    context = {"scenario": scenario, "result": result, **extra}
    if result is not None:
        context.update({
            "charts": fan_charts([(scenario.name, result.result)]),
            "cumulative_charts": fan_charts([(scenario.name, result.result)], cumulative=True),
            "rows": yearly_rows(result.result), "years": result.years,
            "stale": result.fingerprint != current_fingerprint(scenario),
        })
    if request.user.is_staff_member:
        assumptions = list(scenario.assumptions.select_related("activity", "network"))
        context["assumptions"] = assumptions
        if result is not None:
            context["activities"] = [
                {"name": name, "probability": p, "finish": (result.result.get("activity_finish") or {}).get(name)}
                for name, p in (result.result.get("activity_probability") or {}).items()
            ]
    return context


@login_required
@reader_required
def scenario_detail(request, pk: int):
    scenario = get_scenario_for_user(request.user, pk)
    return render(request, "scenarios/scenario_detail.html", _detail_context(request, scenario))


@login_required
@staff_member_required
def scenario_add(request):
    form = ScenarioForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            scenario = form.save()
            return redirect("scenario-edit", pk=scenario.pk)
        return render(request, "scenarios/scenario_form.html", {"form": form}, status=400)
    return render(request, "scenarios/scenario_form.html", {"form": form})


@login_required
@staff_member_required
def scenario_edit(request, pk: int):
    scenario = get_rw_scenario_for_user(request.user, pk)
    form = ScenarioForm(request.POST or None, instance=scenario)
    roadmap = scenario.roadmap
    if request.method == "POST":
        # The assumptions are checked against the roadmap chosen in this same post.
        if form.is_valid():
            roadmap = form.cleaned_data["roadmap"]
        formset = AssumptionFormSet(request.POST, instance=scenario, form_kwargs={"roadmap": roadmap})
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                form.save()
                formset.save()
            return redirect("scenario-detail", pk=scenario.pk)
        context = {"form": form, "formset": formset, "scenario": scenario}
        return render(request, "scenarios/scenario_form.html", context, status=400)
    formset = AssumptionFormSet(instance=scenario, form_kwargs={"roadmap": roadmap})
    return render(request, "scenarios/scenario_form.html", {"form": form, "formset": formset, "scenario": scenario})


@login_required
@require_POST
@staff_member_required
def scenario_simulate(request, pk: int):
    scenario = get_rw_scenario_for_user(request.user, pk)
    try:
        scenario_to_engine(scenario)  # a scenario that cannot be simulated is answered now, not by a failed job
    except ScenarioInputError as exc:
        return render(request, "scenarios/scenario_detail.html", _detail_context(request, scenario, error=str(exc)), status=400)
    job = enqueue("scenario_simulate", {"scenario": scenario.pk}, user=request.user)
    return redirect("job-detail", pk=job.pk)


@login_required
@reader_required
def scenario_compare(request):
    chosen = request.GET.getlist("scenario")
    scenarios = list(visible_scenarios(request.user))
    with_results = [(s, s.latest_result()) for s in scenarios]
    with_results = [(s, r) for s, r in with_results if r is not None]
    if chosen:
        picked = [(s, r) for s, r in with_results if str(s.pk) in chosen]
    else:
        picked = with_results[:4]
    series = [(s.name, r.result) for s, r in picked]
    context = {
        "available": with_results, "picked": [s.pk for s, _ in picked], "names": [s.name for s, _ in picked],
        "summary": comparison_rows(series) if series else [],
        "charts": fan_charts(series) if series else [],
        "cumulative_charts": fan_charts(series, cumulative=True) if series else [],
        "mismatched_years": len({tuple(r.years) for _, r in picked}) > 1,
    }
    return render(request, "scenarios/scenario_compare.html", context)


def _framework_context(request, form=None):
    assessment, origin = assess_park(request.user)
    labels = metric_labels()
    categories = []
    counts = assessment.counts()
    names = {c["id"]: c["name"] for c in framework()["categories"]}
    for category in CATEGORIES:
        rows = []
        for status in assessment.statuses:
            if status.indicator.category != category:
                continue
            rows.append({
                "status": status,
                "values": [(labels[m]["label"], v, labels[m]["unit"], origin.get(m, "")) for m, v in status.values.items()],
                "missing": [labels[m]["label"] for m in status.missing],
                "targets": [(labels[c.metric]["label"], c.op, c.target, c.target_source) for c in status.indicator.checks],
            })
        categories.append({"id": category, "name": names.get(category, category), "rows": rows, "counts": counts[category]})
    context = {
        "categories": categories, "statuses": STATUSES, "source": framework(),
        "missing": [labels[m]["label"] for m in assessment.missing_metrics()],
        "figures": ParkFigure.objects.all() if request.user.is_office else (),
    }
    if request.user.is_office:
        context["form"] = form or ParkFigureForm()
    return context


@login_required
@reader_required
def kpi_framework(request):
    """The IFEIP indicator table; the office enters the figures the data cannot give here."""
    if request.method == "POST":
        require_office(request.user)
        form = ParkFigureForm(request.POST)
        if not form.is_valid():
            return render(request, "scenarios/kpi_framework.html", _framework_context(request, form), status=400)
        with transaction.atomic():
            form.save(request.user)
        return redirect("kpi-framework")
    return render(request, "scenarios/kpi_framework.html", _framework_context(request))
