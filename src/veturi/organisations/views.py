from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from veturi.accounts.access import get_organisation_for_user, get_rw_organisation_for_user, shown_streams, visible_organisations, visible_streams
from veturi.organisations.forms import OfficeOrganisationForm, OrganisationFilterForm, OrganisationForm

PAGE_SIZE = 50


@login_required
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = visible_organisations(request.user).annotate(site_count=Count("sites", distinct=True)).order_by("name", "pk")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            organisations = organisations.filter(
                Q(name__icontains=data["q"]) | Q(business_id__icontains=data["q"]) | Q(notes__icontains=data["q"])
            )
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        if data["stage"]:
            organisations = organisations.filter(engagement_stage=data["stage"])
        if data["cleantech"]:
            organisations = organisations.filter(cleantech_category=data["cleantech"])
        if data["nace"]:
            organisations = organisations.filter(activities__code__startswith=data["nace"].strip().upper()).distinct()
    page = Paginator(organisations.prefetch_related("activities"), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "organisations/_rows.html" if request.htmx else "organisations/list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
def organisation_detail(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk)
    user = request.user
    sites = organisation.sites.select_related("zone", "plot").all()
    listed = visible_streams(user, organisation).order_by("site__name", "direction", "name")
    hidden_streams = organisation.sites.aggregate(n=Count("streams"))["n"] - listed.count()
    streams = shown_streams(user, listed)
    context = {
        "organisation": organisation,
        "sites": sites,
        "streams": streams,
        "hidden_streams": hidden_streams,
        "can_edit": user.can_edit_organisation(organisation.pk),
        "sees_contacts": user.can_see_confidential_of(organisation.pk),
        "people": organisation.people.all(),
        "interactions": organisation.interactions.prefetch_related("follow_ups")[:20] if user.is_staff_member else [],
    }
    return render(request, "organisations/detail.html", context)


@login_required
def organisation_edit(request, pk: int):
    organisation = get_rw_organisation_for_user(request.user, pk)
    form_class = OfficeOrganisationForm if request.user.is_staff_member else OrganisationForm
    form = form_class(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save(by=request.user)
            organisation.set_nace_codes(form.cleaned_data["nace_codes"])
        return redirect("organisation-detail", pk=organisation.pk)
    return render(request, "organisations/edit.html", {"organisation": organisation, "form": form})
