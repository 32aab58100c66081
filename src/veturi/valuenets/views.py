from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from veturi.engine.ranking import InconsistentMatrixError
from veturi.valuenets.access import (
    get_hypothesis_for_user,
    get_network_for_user,
    get_rw_network_for_user,
    require_office,
    staff_member_required,
    summary_reader_required,
    visible_hypotheses,
    visible_networks,
)
from veturi.jobs.worker import enqueue
from veturi.valuenets.adapters import default_weights, ranking_inputs, run_ranking
from veturi.valuenets.forms import CandidateForm, CriterionForm, HypothesisForm, NetworkEditForm, RankingForm, ScoreForm
from veturi.valuenets.models import (
    AnalysisRun,
    Candidate,
    CriterionScore,
    CustomCriterion,
    HypothesisStatus,
    RankingRun,
    readiness_by_network,
)
from veturi.valuenets.presentation import legend, network_svg, organisation_names
from veturi.valuenets.reports import blocking_assumptions


@login_required
@summary_reader_required
def network_list(request):
    networks = list(visible_networks(request.user).filter(current=True))
    names = organisation_names({pk for n in networks for pk in n.locomotives})
    readiness = readiness_by_network(networks) if request.user.is_staff_member else {}
    rows = [(n, [names.get(pk, pk) for pk in n.locomotives], readiness.get(n.pk), n.figures_shown_to(request.user)) for n in networks]
    context = {"rows": rows, "last_run": AnalysisRun.objects.first(), "former": visible_networks(request.user).filter(current=False)}
    return render(request, "valuenets/network_list.html", context)


@login_required
@summary_reader_required
def network_detail(request, pk: int):
    network = get_network_for_user(request.user, pk)
    names = organisation_names(network.members)
    context = {"network": network, "members": [(m, names.get(m, m)) for m in network.members],
               "locomotives": [names.get(m, m) for m in network.locomotives], "shown": network.figures_shown_to(request.user)}
    if request.user.is_staff_member:
        context.update({
            "svg": network_svg(network), "legend": legend(network), "readiness": network.readiness(),
            "hypotheses": network.hypotheses_in_scope().select_related("owner", "locomotive"),
            "roles": [{**role, "names": [names.get(m, m) for m in role["members"]]} for role in network.roles],
            "edit_form": NetworkEditForm(instance=network) if request.user.is_office else None,
        })
    return render(request, "valuenets/network_detail.html", context)


@login_required
@require_POST
@staff_member_required
def network_edit(request, pk: int):
    """The office renames a network (the name then survives recomputation), curates it or notes on it."""
    network = get_rw_network_for_user(request.user, pk)
    engine_name = network.engine_name
    form = NetworkEditForm(request.POST, instance=network)
    if not form.is_valid():
        names = organisation_names(network.members)
        context = {"network": network, "members": [(m, names.get(m, m)) for m in network.members], "edit_form": form,
                   "locomotives": [names.get(m, m) for m in network.locomotives], "svg": network_svg(network),
                   "legend": legend(network), "readiness": network.readiness(), "hypotheses": network.hypotheses_in_scope(), "roles": [],
                   "shown": True}
        return render(request, "valuenets/network_detail.html", context, status=400)
    with transaction.atomic():
        network = form.save(commit=False)
        network.named_by_office = network.named_by_office or network.name != engine_name
        network.save()
    return redirect("valuenet-detail", pk=network.pk)


@login_required
@require_POST
@staff_member_required
def network_recompute(request):
    require_office(request.user)
    job = enqueue("value_networks", user=request.user)
    return redirect("job-detail", pk=job.pk)


@login_required
@staff_member_required
def gap_list(request):
    networks = visible_networks(request.user).filter(current=True)
    names = organisation_names({g["organisation"] for n in networks for g in n.gaps if g["organisation"]})
    rows = [(network, gap, names.get(gap["organisation"], "")) for network in networks for gap in network.gaps]
    rows.sort(key=lambda row: -(row[1]["value_lost_eur_per_year"] or 0))
    return render(request, "valuenets/gap_list.html", {"rows": rows})


def _ranking_context(request, form, run, error=""):
    names = {c["id"]: c["name"] for c in run.criteria} if run else {}
    # Each candidate's values in the criteria's column order, and each weight with its name, here:
    # looking them up in the template was a loop per cell (most of the page's time).
    rows = [{**candidate, "values": [candidate["criteria"].get(c["id"]) for c in run.criteria]} for candidate in run.candidates] if run else []
    weights = [(names.get(key, key), value) for key, value in run.weights.items()] if run else []
    return {"form": form, "run": run, "criterion_names": names, "rows": rows, "weights": weights, "error": error,
            "rankings": RankingRun.objects.only("pk", "created_at", "method", "consistency_ratio")[:10]}


@login_required
@staff_member_required
def locomotive_ranking(request):
    """The ranking with weight controls: a GET with weights re-ranks (htmx swaps the result only)."""
    inputs = ranking_inputs()  # read again only when the data changed: the page no longer costs a second each view
    if inputs.table is None:
        return render(request, "valuenets/locomotives.html", {"error": inputs.error, "form": None, "run": None})
    table = inputs.table
    criteria = [{"id": c.id, "name": c.name} for c in table.criteria]
    weights = default_weights(table)
    submitted = "method" in request.GET
    form = RankingForm(request.GET if submitted else None, criteria=criteria, initial_weights=weights)
    run, error, status = None, "", 200
    if submitted and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if submitted else {"method": "topsis", "weights": weights, "ahp_matrix": None}
        try:
            run, _ = run_ranking(weights=data["weights"], method=data["method"], ahp_matrix=data["ahp_matrix"], user=request.user,
                                 inputs=inputs)
        except InconsistentMatrixError as exc:
            error, status = str(exc), 400
        except ValueError as exc:
            error, status = str(exc), 400
    if request.htmx:
        # htmx swaps only 2xx answers: a refused matrix or weight comes back with its error shown in place.
        return render(request, "valuenets/_ranking.html", _ranking_context(request, form, run, error))
    return render(request, "valuenets/locomotives.html", _ranking_context(request, form, run, error), status=status)


@login_required
@staff_member_required
def criteria_page(request):
    """The built-in criteria (how each is computed) and the office's own, with scores per candidate."""
    criterion_form, score_form, candidate_form = CriterionForm(prefix="criterion"), ScoreForm(prefix="score"), CandidateForm(prefix="candidate")
    status = 200
    if request.method == "POST":
        require_office(request.user)
        if "candidate-organisation" in request.POST:
            candidate_form = CandidateForm(request.POST, prefix="candidate")
            if candidate_form.is_valid():
                data = candidate_form.cleaned_data
                with transaction.atomic():
                    Candidate.objects.update_or_create(organisation=data["organisation"], defaults={
                        "marked_locomotive": data["marked_locomotive"], "investment_eur": data["investment_eur"],
                        "plot_need_m2": data["plot_need_m2"], "infrastructure_needs": data["infrastructure_needs"],
                    })
                return redirect("locomotive-criteria")
        elif "criterion-code" in request.POST:
            criterion_form = CriterionForm(request.POST, prefix="criterion")
            if criterion_form.is_valid():
                with transaction.atomic():
                    criterion_form.save()
                return redirect("locomotive-criteria")
        else:
            score_form = ScoreForm(request.POST, prefix="score")
            if score_form.is_valid():
                data = score_form.cleaned_data
                with transaction.atomic():
                    CriterionScore.objects.update_or_create(
                        criterion=data["criterion"], organisation=data["organisation"], defaults={"score": data["score"], "note": data["note"]},
                    )
                return redirect("locomotive-criteria")
        status = 400
    from veturi.engine.ranking import CRITERIA, DEFAULT_WEIGHTS

    context = {"builtin": [(c, DEFAULT_WEIGHTS.get(c.id)) for c in CRITERIA], "custom": CustomCriterion.objects.prefetch_related("scores__organisation"),
               "criterion_form": criterion_form, "score_form": score_form, "candidate_form": candidate_form,
               "candidates": Candidate.objects.select_related("organisation")}
    return render(request, "valuenets/criteria.html", context, status=status)


@login_required
@staff_member_required
def hypothesis_board(request):
    hypotheses = visible_hypotheses(request.user).prefetch_related("evidence")
    columns = [(status, label, [h for h in hypotheses if h.status == status]) for status, label in HypothesisStatus.choices]
    return render(request, "valuenets/hypotheses.html", {"columns": columns, "blocking": blocking_assumptions()})


def _save_hypothesis(form, user):
    with transaction.atomic():
        hypothesis = form.save(commit=False)
        if "status" in form.changed_data:
            hypothesis.status_changed_at = timezone.now()
        hypothesis.save()
        form.save_m2m()
    return hypothesis


@login_required
@staff_member_required
def hypothesis_add(request):
    initial = {k: request.GET[k] for k in ("network", "locomotive") if request.GET.get(k, "").isdigit()}
    form = HypothesisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _save_hypothesis(form, request.user)
        return redirect("hypothesis-board")
    status = 400 if request.method == "POST" else 200
    return render(request, "valuenets/hypothesis_form.html", {"form": form, "hypothesis": None}, status=status)


@login_required
@staff_member_required
def hypothesis_edit(request, pk: int):
    hypothesis = get_hypothesis_for_user(request.user, pk)
    form = HypothesisForm(request.POST or None, instance=hypothesis)
    if request.method == "POST":
        try:
            valid = form.is_valid()
        except ValidationError:
            valid = False
        if valid:
            _save_hypothesis(form, request.user)
            return redirect("hypothesis-board")
    status = 400 if request.method == "POST" else 200
    return render(request, "valuenets/hypothesis_form.html", {"form": form, "hypothesis": hypothesis}, status=status)
