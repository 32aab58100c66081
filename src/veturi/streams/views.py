from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from veturi.accounts.access import get_rw_organisation_for_user
from veturi.streams.classify import classify_if_unclassified
from veturi.streams.forms import ResourceStreamForm
from veturi.streams.models import ResourceStream


def _get_rw_stream_for_user(user, pk: int) -> ResourceStream:
    stream = get_object_or_404(ResourceStream.objects.select_related("site__organisation"), pk=pk)
    if not user.can_edit_organisation(stream.site.organisation_id):
        raise PermissionDenied("You may not change this stream.")
    return stream


def _save(form) -> ResourceStream:
    stream = form.save(commit=False)
    classify_if_unclassified(stream)
    with transaction.atomic():
        stream.save()
    return stream


@login_required
def stream_add(request, org_pk: int):
    organisation = get_rw_organisation_for_user(request.user, org_pk)
    form = ResourceStreamForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        _save(form)
        return redirect("organisation-detail", pk=organisation.pk)
    return render(request, "streams/edit.html", {"form": form, "organisation": organisation, "stream": None})


@login_required
def stream_edit(request, pk: int):
    stream = _get_rw_stream_for_user(request.user, pk)
    organisation = stream.site.organisation
    form = ResourceStreamForm(request.POST or None, instance=stream, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        _save(form)
        return redirect("organisation-detail", pk=organisation.pk)
    return render(request, "streams/edit.html", {"form": form, "organisation": organisation, "stream": stream})
