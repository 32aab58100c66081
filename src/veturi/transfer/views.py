from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from veturi.transfer import exporter, templates, uploads
from veturi.transfer.access import importable_entities, require_importer
from veturi.transfer.entities import ENTITIES, ENTITY_ORDER
from veturi.transfer.forms import ExportForm, ImportUploadForm, TemplateForm
from veturi.transfer.importer import Importer

MAX_PROBLEMS_SHOWN = 500


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _entities(user):
    return [ENTITIES[name] for name in importable_entities(user)]


def _report_page(request, report, *, token, filename, entity):
    context = {
        "report": report,
        "counts": [(e, report.rows[e], report.created[e], report.updated[e]) for e in ENTITY_ORDER if report.rows[e]],
        "problems": report.problems[:MAX_PROBLEMS_SHOWN],
        "hidden_problems": max(0, len(report.problems) - MAX_PROBLEMS_SHOWN),
        "token": token,
        "filename": filename,
        "entity": entity,
    }
    return render(request, "transfer/report.html", context)


@login_required
def import_upload(request):
    require_importer(request.user)
    allowed = importable_entities(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, entities=allowed)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        entity = form.cleaned_data["entity"] or None
        report = Importer(request.user).run_file(data, upload.name, entity=entity, commit=False)
        token = uploads.keep(request.user, data, upload.name) if report.ok else ""
        return _report_page(request, report, token=token, filename=upload.name, entity=entity or "")
    return render(request, "transfer/import.html", {"form": form, "entities": _entities(request.user)})


@login_required
def import_commit(request):
    require_importer(request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    token = request.POST.get("token", "")
    entity = request.POST.get("entity") or None
    if entity is not None and entity not in ENTITIES:
        return HttpResponseBadRequest("unknown entity")
    found = uploads.find(request.user, token)
    if found is None:
        messages.error(request, _("That upload is gone; upload the file again."))
        return redirect("transfer-import")
    data, filename = found
    report = Importer(request.user).run_file(data, filename, entity=entity, commit=True)
    if not report.committed:
        # The data changed since the dry run: show what is wrong now; nothing was written.
        return _report_page(request, report, token="", filename=filename, entity=entity or "")
    uploads.forget(request.user, token)
    messages.success(request, _("Imported %(file)s: %(summary)s.") % {"file": filename, "summary": report.summary()})
    return redirect("transfer-import")


@login_required
def import_template(request):
    require_importer(request.user)
    form = TemplateForm(request.GET or None)
    if not form.is_valid():
        return render(request, "transfer/templates.html", {"entities": _entities(request.user)})
    entity, format = form.cleaned_data["entity"], form.cleaned_data["format"]
    content_type = exporter.CONTENT_TYPES["xlsx"] if format == "xlsx" else "text/csv; charset=utf-8"
    return _download(templates.template(entity, format), f"veturi-{entity}-template.{format}", content_type)


@login_required
def export_download(request):
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        return render(request, "transfer/export.html", {"formats": exporter.FORMATS})
    format = form.cleaned_data["format"]
    data = exporter.export(request.user, format)
    return _download(data, f"veturi-export.{exporter.EXTENSIONS[format]}", exporter.CONTENT_TYPES[format])
