from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veturi.engine import geo
from veturi.plots.models import Plot
from veturi.plugplay import public
from veturi.plugplay.access import (
    get_contract_for_user,
    get_offer_organisation_for_user,
    get_run_for_user,
    get_rw_requirement_organisation_for_user,
    get_rw_template_for_user,
    get_template_for_user,
    require_office,
    staff_member_required,
    visible_contracts,
    visible_runs,
    visible_templates,
)
from veturi.jobs.worker import enqueue
from veturi.plugplay.adapters import build_problem, compare_runs, run_variant
from veturi.plugplay.documents import contract_pdf, offer_pdf, offer_rows, offer_xlsx, partner_header, plot_header
from veturi.plugplay.forms import ContractForm, DocumentTemplateForm, EnquiryForm, MoveForm, RequirementForm, RunForm, WhatIfForm
from veturi.plugplay.models import Contract, DocumentTemplate, PlotRequirement, expire_reservations
from veturi.plugplay.offers import build_offer


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _tiles() -> dict:
    return {"map_tiles_url": settings.MAP_TILES_URL, "map_tiles_attribution": settings.MAP_TILES_ATTRIBUTION}


# ------------------------------------------------------------------ allocation


def _run_defaults(runs) -> dict:
    latest = runs.filter(base=None).first()
    if latest is None:
        return {}
    return {key: latest.parameters[key] for key in ("time_limit_s", "min_score") if latest.parameters.get(key) is not None} | {"seed": latest.seed}


@login_required
@staff_member_required
def allocation(request):
    runs = visible_runs(request.user)
    chosen = runs.filter(pk=request.GET.get("run")).first() if request.GET.get("run", "").isdigit() else runs.filter(base=None).first()
    comparison = None
    if chosen is not None and chosen.base is not None and "infeasible" not in (chosen.status, chosen.base.status):
        comparison = compare_runs(chosen.base, chosen)
    context = {
        "run": chosen,
        "runs": runs.select_related("base")[:30],
        "placements": chosen.placements.select_related("plot", "organisation") if chosen else [],
        "comparison": comparison,
        # A new run starts from the settings of the latest (the demo's counts proposals above a score).
        "run_form": RunForm(initial=_run_defaults(runs)),
        "what_if_form": WhatIfForm(),
        **_tiles(),
    }
    return render(request, "plugplay/allocation.html", context)


@login_required
@staff_member_required
def allocation_data(request, pk: int):
    """The run's plots coloured by tenant and its flows, for the Leaflet map."""
    run = get_run_for_user(request.user, pk)
    tenants = {p.plot_id: p for p in run.placements.select_related("organisation")}
    centres, plots = {}, []
    for plot in Plot.objects.all():
        centres[plot.pk] = geo.centroid(plot.geometry)
        tenant = tenants.get(plot.pk)
        plots.append({"type": "Feature", "geometry": plot.geometry, "properties": {
            "id": plot.pk, "name": plot.identifier, "zoning": plot.zoning_class, "status": plot.status,
            "tenant": tenant.company_name if tenant else "", "tenant_id": tenant.organisation_id if tenant else None,
        }})
    plot_of = {p.organisation_id: p.plot_id for p in tenants.values()}
    flows = [
        {"from": centres[plot_of[f["source"]]], "to": centres[plot_of[f["target"]]], "tonnes_per_year": f["tonnes_per_year"], "mode": f["mode"]}
        for f in run.flows if f["source"] in plot_of and f["target"] in plot_of
    ]
    return JsonResponse({"plots": {"type": "FeatureCollection", "features": plots}, "flows": flows})


@login_required
@staff_member_required
@require_POST
def allocation_run(request):
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()))
        return redirect("allocation")
    data = form.cleaned_data
    try:
        build_problem(min_score=data["min_score"])  # missing plots or requirements are answered now, not by a failed job
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("allocation")
    job = enqueue("allocation", {"time_limit_s": data["time_limit_s"], "seed": data["seed"], "min_score": data["min_score"]}, user=request.user)
    return redirect("job-detail", pk=job.pk)


@login_required
@staff_member_required
@require_POST
def allocation_what_if(request, pk: int):
    base = get_run_for_user(request.user, pk)
    form = WhatIfForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()))
        return redirect(f"{reverse('allocation')}?run={base.pk}")
    data = form.cleaned_data
    try:
        variant = run_variant(base, data["kind"], organisation=data["organisation"], plot=data["plot"], user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('allocation')}?run={base.pk}")
    return redirect(f"{reverse('allocation')}?run={variant.pk}")


# ------------------------------------------------------------------ requirements and offers


@login_required
def requirement_edit(request, pk: int):
    organisation = get_rw_requirement_organisation_for_user(request.user, pk)
    instance = PlotRequirement.objects.filter(organisation=organisation).first() or PlotRequirement(organisation=organisation)
    form = RequirementForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Plot requirement saved."))
        return redirect("organisation-detail", pk=organisation.pk)
    return render(request, "plugplay/requirement_edit.html", {"organisation": organisation, "form": form})


def _offer_or_message(request, organisation):
    try:
        return build_offer(organisation), None
    except ValueError as exc:
        return None, str(exc)


@login_required
@staff_member_required
def offer(request, pk: int):
    organisation = get_offer_organisation_for_user(request.user, pk)
    built, problem = _offer_or_message(request, organisation)
    context = {"organisation": organisation, "offer": built, "problem": problem, "plot_header": plot_header(), "partner_header": partner_header(built)}
    if built is not None:
        context["rows"] = offer_rows(built)
    return render(request, "plugplay/offer.html", context)


@login_required
@staff_member_required
def offer_download(request, pk: int, fmt: str):
    organisation = get_offer_organisation_for_user(request.user, pk)
    built, problem = _offer_or_message(request, organisation)
    if built is None:
        messages.error(request, problem)
        return redirect("offer", pk=organisation.pk)
    name = f"offer-{slugify(organisation.name) or organisation.pk}"
    if fmt == "pdf":
        return _download(offer_pdf(built), f"{name}.pdf", "application/pdf")
    return _download(offer_xlsx(built), f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# ------------------------------------------------------------------ contracts


@login_required
@staff_member_required
def contract_list(request):
    expire_reservations()  # an expired reservation frees its plot as soon as anyone looks
    return render(request, "plugplay/contract_list.html", {"contracts": visible_contracts(request.user)})


@login_required
@staff_member_required
def contract_add(request):
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            contract = form.save(commit=False)
            contract.created_by = request.user
            contract.save()
        return redirect("contract-detail", pk=contract.pk)
    return render(request, "plugplay/contract_add.html", {"form": form})


@login_required
@staff_member_required
def contract_detail(request, pk: int):
    expire_reservations()
    contract = get_contract_for_user(request.user, pk)
    form = MoveForm()
    form.fields["stage"].choices = [(stage, label) for stage, label in form.fields["stage"].choices if stage in contract.allowed_stages()]
    templates = visible_templates(request.user).filter(stage=contract.stage) or visible_templates(request.user)
    return render(request, "plugplay/contract_detail.html", {"contract": contract, "form": form, "templates": templates})


@login_required
@staff_member_required
@require_POST
def contract_move(request, pk: int):
    contract = get_contract_for_user(request.user, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            contract.move_to(form.cleaned_data["stage"], on=form.cleaned_data["on"], reserved_until=form.cleaned_data["reserved_until"])
            messages.success(request, _("The contract is now at %(stage)s.") % {"stage": contract.get_stage_display()})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect("contract-detail", pk=contract.pk)


@login_required
@staff_member_required
def contract_document(request, pk: int, template_pk: int):
    contract = get_contract_for_user(request.user, pk)
    template = get_template_for_user(request.user, template_pk)
    return _download(contract_pdf(template, contract), f"{slugify(template.name)}-{contract.pk}.pdf", "application/pdf")


@login_required
@staff_member_required
def template_list(request):
    return render(request, "plugplay/template_list.html", {"templates": visible_templates(request.user)})


@login_required
@staff_member_required
def template_edit(request, pk: int | None = None):
    template = get_rw_template_for_user(request.user, pk) if pk else None
    if template is None:
        require_office(request.user)
    form = DocumentTemplateForm(request.POST or None, instance=template or DocumentTemplate())
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        return redirect("document-template-list")
    return render(request, "plugplay/template_edit.html", {"form": form, "template": template})


# ------------------------------------------------------------------ the zone's public face


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def zone_public(request):
    form = EnquiryForm(request.POST or None)
    sent = request.GET.get("sent") == "1"
    status = 200
    if request.method == "POST":
        if public.rate_limited(_client_ip(request)):
            form.add_error(None, _("Too many enquiries from your address; please try again in an hour."))
            status = 429
        elif form.is_valid():
            public.record_enquiry(form.cleaned_data)
            return redirect(f"{reverse('zone-public')}?sent=1")
        else:
            status = 400
    context = {"form": form, "sent": sent, "plots": public.free_plots(), "partners": public.shown_partners(), "impact": public.impact(), **_tiles()}
    return render(request, "plugplay/zone_public.html", context, status=status)


def zone_public_data(request):
    """Free plots only, without anything about tenants, for the public map."""
    features = [
        {"type": "Feature", "geometry": plot.geometry, "properties": {
            "name": plot.identifier, "zoning": plot.zoning_class, "area_ha": round(plot.area_ha, 2), "price": plot.price_eur_per_m2,
            "utilities": [str(utility) for utility in plot.utilities.all()],
        }}
        for plot in public.free_plots()
    ]
    return JsonResponse({"plots": {"type": "FeatureCollection", "features": features}})
