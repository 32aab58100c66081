"""The office's audit log page and its CSV and JSON exports (read only, like everything here)."""

import csv
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from veturi.audit.filters import filtered_entries

EXPORT_COLUMNS = ["at", "username", "action", "model", "object_id", "object_repr", "organisation_id", "changes", "ip", "method", "path"]
EXPORT_LIMIT = 100_000


def _require_office(user) -> None:
    if not user.is_office:
        raise PermissionDenied("Only the project office reads the audit log.")


def _row(entry) -> dict:
    return {
        "at": entry.at.isoformat(), "username": entry.username, "action": entry.action, "model": entry.model,
        "object_id": entry.object_id, "object_repr": entry.object_repr, "organisation_id": entry.organisation_id,
        "changes": entry.changes, "ip": entry.ip, "method": entry.method, "path": entry.path,
    }


@login_required
def audit_log(request):
    _require_office(request.user)
    form, entries = filtered_entries(request.GET)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/log.html", context, status=400 if form.is_bound and form.errors else 200)


class _Echo:
    def write(self, value):
        return value


@login_required
def audit_export(request, fmt: str):
    """The filtered log as CSV or JSON (at most EXPORT_LIMIT entries, newest first)."""
    _require_office(request.user)
    form, entries = filtered_entries(request.GET)
    if form.is_bound and form.errors:
        return HttpResponse(json.dumps(form.errors), status=400, content_type="application/json")
    entries = entries[:EXPORT_LIMIT].iterator(chunk_size=2000)
    if fmt == "json":
        def chunks():
            yield "["
            for position, entry in enumerate(entries):
                yield ("," if position else "") + json.dumps(_row(entry), ensure_ascii=False)
            yield "]"

        response = StreamingHttpResponse(chunks(), content_type="application/json")
    else:
        writer = csv.writer(_Echo())

        def rows():
            yield writer.writerow(EXPORT_COLUMNS)
            for entry in entries:
                row = _row(entry)
                row["changes"] = json.dumps(row["changes"], ensure_ascii=False)
                yield writer.writerow([row[c] if row[c] is not None else "" for c in EXPORT_COLUMNS])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="veturi-audit.{fmt}"'
    return response
