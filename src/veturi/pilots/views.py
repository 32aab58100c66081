from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from veturi.pilots.access import get_pilot_for_user, get_rw_pilot_for_user, may_add_pilot, may_see_details, visible_pilots
from veturi.pilots.forms import KpiFormSet, PilotForm
from veturi.pilots.models import Pilot


@login_required
def pilot_list(request):
    pilots = visible_pilots(request.user).prefetch_related("partners")
    return render(request, "pilots/pilot_list.html", {"pilots": pilots, "may_add": may_add_pilot(request.user)})


@login_required
def pilot_detail(request, pk: int):
    pilot = get_pilot_for_user(request.user, pk)
    details = may_see_details(request.user, pilot)
    may_edit = request.user.is_staff_member or (request.user.is_company and pilot.host_id == request.user.organisation_id)
    return render(request, "pilots/pilot_detail.html", {"pilot": pilot, "details": details, "may_edit": may_edit})


def _save(request, form, formset):
    with transaction.atomic():
        pilot = form.save(commit=False)
        if pilot.pk is None:
            pilot.created_by = request.user
        pilot.save()
        form.save_m2m()
        formset.instance = pilot
        formset.save()
    return pilot


def _form_page(request, form, formset, pilot=None):
    status = 400 if request.method == "POST" else 200
    return render(request, "pilots/pilot_form.html", {"form": form, "formset": formset, "pilot": pilot}, status=status)


@login_required
def pilot_add(request):
    if not may_add_pilot(request.user):
        raise PermissionDenied("Pilots are recorded by the office, its experts and the host companies.")
    form = PilotForm(request.POST or None, user=request.user)
    formset = KpiFormSet(request.POST or None, instance=Pilot(), prefix="kpis")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        pilot = _save(request, form, formset)
        messages.success(request, _("Pilot saved."))
        return redirect("pilot-detail", pk=pilot.pk)
    return _form_page(request, form, formset)


@login_required
def pilot_edit(request, pk: int):
    pilot = get_rw_pilot_for_user(request.user, pk)
    form = PilotForm(request.POST or None, instance=pilot, user=request.user)
    formset = KpiFormSet(request.POST or None, instance=pilot, prefix="kpis")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        _save(request, form, formset)
        messages.success(request, _("Pilot saved."))
        return redirect("pilot-detail", pk=pilot.pk)
    return _form_page(request, form, formset, pilot)
