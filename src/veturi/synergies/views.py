from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from veturi.accounts.access import get_organisation_for_user, visible_organisations, visible_streams
from veturi.streams.visibility import record_stream_reads
from veturi.synergies.access import (
    get_proposal_for_user,
    get_rule_for_user,
    get_rw_rule_for_user,
    staff_member_required,
    visible_proposals,
    visible_rules,
)
from veturi.jobs.worker import enqueue
from veturi.synergies.forms import DecisionForm, NewRuleForm, ProposalFilterForm, RuleForm, RunForm
from veturi.synergies.models import AttractSuggestion, Chain, MatchRun, SynergyRule
from veturi.synergies.presentation import chain_rows, factor_rows
from veturi.synergies.access import require_office
from veturi.synergies.rules import create_rule, edit_rule

PAGE_SIZE = 50


@login_required
@staff_member_required
def proposal_list(request):
    families = SynergyRule.objects.order_by("family").values_list("family", flat=True).distinct()
    form = ProposalFilterForm(request.GET or None, organisations=visible_organisations(request.user).order_by("name"), families=families)
    proposals = visible_proposals(request.user).order_by("-score", "pk")
    proposals = form.filter(proposals) if form.is_valid() else proposals.filter(stale=False)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    record_stream_reads(request.user, [stream for proposal in page for stream in (proposal.output, proposal.input)])
    context = {"form": form, "page": page, "last_run": MatchRun.objects.first(), "run_form": RunForm()}
    return render(request, "synergies/proposal_list.html", context)


@login_required
@staff_member_required
def proposal_detail(request, pk: int):
    proposal = get_proposal_for_user(request.user, pk)
    record_stream_reads(request.user, [proposal.output, proposal.input])
    context = {"proposal": proposal, "factors": factor_rows(proposal)}
    return render(request, "synergies/proposal_detail.html", context)


@login_required
@require_POST
@staff_member_required
def proposal_decide(request, pk: int):
    """Accept, reject (with a reason) or move a proposal on; answers htmx with the updated row."""
    proposal = get_proposal_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            proposal.decide(form.cleaned_data["status"], form.cleaned_data["reason"], request.user)
    status = 200 if form.is_valid() else 400
    if request.htmx:
        # htmx swaps only 2xx answers: the refused decision comes back with its error shown in place.
        return render(request, "synergies/_decision.html", {"proposal": proposal, "decision_form": form})
    if status == 400:
        context = {"proposal": proposal, "factors": factor_rows(proposal), "decision_form": form}
        return render(request, "synergies/proposal_detail.html", context, status=400)
    return redirect("synergy-proposal", pk=proposal.pk)


@login_required
@staff_member_required
def organisation_proposals(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk)
    proposals = visible_proposals(request.user).filter(
        Q(output__site__organisation=organisation) | Q(input__site__organisation=organisation), stale=False
    ).order_by("-score", "pk")
    record_stream_reads(request.user, [stream for proposal in proposals for stream in (proposal.output, proposal.input)])
    suggestions = AttractSuggestion.objects.filter(stream__site__organisation=organisation).select_related("stream")
    context = {"organisation": organisation, "proposals": proposals, "suggestions": suggestions}
    return render(request, "synergies/organisation.html", context)


@login_required
@staff_member_required
def stream_proposals(request, pk: int):
    stream = get_object_or_404(visible_streams(request.user), pk=pk)
    field = "output" if stream.direction == "output" else "input"
    order = "rank" if field == "output" else "rank_for_input"
    proposals = [
        (proposal, factor_rows(proposal))
        for proposal in visible_proposals(request.user).filter(**{field: stream}).order_by("stale", order, "pk")
    ]
    record_stream_reads(request.user, [stream] + [other for proposal, _factors in proposals for other in (proposal.output, proposal.input)])
    suggestions = stream.attract_suggestions.all()
    return render(request, "synergies/stream.html", {"stream": stream, "proposals": proposals, "suggestions": suggestions})


@login_required
@staff_member_required
def attract_list(request):
    suggestions = AttractSuggestion.objects.select_related("stream", "stream__site__organisation", "rule").order_by("direction", "stream__name", "-fit")
    return render(request, "synergies/attract.html", {"suggestions": suggestions})


@login_required
@staff_member_required
def chain_list(request):
    kind = request.GET.get("kind", "")
    chains = Chain.objects.all()
    if kind in ("chain", "cascade", "loop"):
        chains = chains.filter(kind=kind)
    return render(request, "synergies/chains.html", {"chains": chain_rows(chains[:200]), "kind": kind})


@login_required
@staff_member_required
def rule_list(request):
    query = request.GET.get("q", "").strip()
    rules = visible_rules(request.user)
    if query:
        rules = rules.filter(Q(rule_id__icontains=query) | Q(name__icontains=query) | Q(family__icontains=query) | Q(source__icontains=query))
    page = Paginator(rules, 100).get_page(request.GET.get("page"))
    return render(request, "synergies/rule_list.html", {"page": page, "q": query})


@login_required
@staff_member_required
def rule_detail(request, pk: int):
    """The rule and its history; the office edits it here (validated by the engine, with a reason)."""
    rule = get_rw_rule_for_user(request.user, pk) if request.method == "POST" else get_rule_for_user(request.user, pk)
    form = RuleForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            edit_rule(rule, form.changes(), user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
            rule.refresh_from_db()
        else:
            return redirect("synergy-rule", pk=rule.pk)
    context = {"rule": rule, "form": form, "revisions": rule.revisions.select_related("changed_by")[:50], "can_edit": request.user.is_office}
    return render(request, "synergies/rule_detail.html", context, status=400 if form.errors else 200)


@login_required
@staff_member_required
def rule_add(request):
    """The office writes a new rule (checked like a rule file); the next matching run uses it."""
    require_office(request.user)
    form = NewRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = create_rule(form.columns(), family=form.cleaned_data["family"], user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("synergy-rule", pk=rule.pk)
    return render(request, "synergies/rule_add.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@staff_member_required
def run_list(request):
    return render(request, "synergies/runs.html", {"runs": MatchRun.objects.select_related("started_by")[:30], "run_form": RunForm()})


@login_required
@require_POST
@staff_member_required
def run_now(request):
    """Queue a matching run of the stored data; the job page shows its progress, then the runs."""
    form = RunForm(request.POST)
    if not form.is_valid():
        return render(request, "synergies/runs.html", {"runs": MatchRun.objects.all()[:30], "run_form": form}, status=400)
    job = enqueue("matching", {"top_k": form.cleaned_data["top_k"]}, user=request.user)
    return redirect("job-detail", pk=job.pk)
