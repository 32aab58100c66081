"""API: import a file (dry run or commit) and export, with the pages' rules."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from veturi.api.router import router
from veturi.transfer import exporter
from veturi.transfer.access import importable_entities
from veturi.transfer.entities import ENTITY_ORDER
from veturi.transfer.forms import MAX_UPLOAD_BYTES
from veturi.transfer.importer import Importer


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, XLSX, GeoJSON or business register JSON.")
    entity = serializers.ChoiceField(choices=ENTITY_ORDER, required=False, allow_blank=True)
    commit = serializers.BooleanField(default=False, help_text="False: dry run only. True: save all rows or none.")

    def validate_file(self, upload):
        if upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError("The file is larger than 50 MB; split it.")
        return upload


PROBLEM_FIELDS = {"sheet": serializers.CharField(), "row": serializers.IntegerField(allow_null=True),
                      "field": serializers.CharField(), "message": serializers.CharField()}
ImportReportSerializer = inline_serializer(
    "ImportReport",
    {
        "ok": serializers.BooleanField(),
        "committed": serializers.BooleanField(),
        "seconds": serializers.FloatField(),
        "rows": serializers.DictField(child=serializers.IntegerField()),
        "created": serializers.DictField(child=serializers.IntegerField()),
        "updated": serializers.DictField(child=serializers.IntegerField()),
        "problems": inline_serializer("ImportProblem", PROBLEM_FIELDS, many=True),
    },
)


class TransferViewSet(viewsets.ViewSet):
    """Bulk import (office and experts; companies their own sites and streams) and export (everyone, as they may see)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=ImportRequestSerializer, responses={200: ImportReportSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request):
        if not importable_entities(request.user):
            raise PermissionDenied("You may not import records.")
        data = ImportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        report = Importer(request.user).run_file(
            upload.read(), upload.name, entity=data.validated_data.get("entity") or None, commit=data.validated_data["commit"]
        )
        return Response({
            "ok": report.ok,
            "committed": report.committed,
            "seconds": round(report.seconds, 3),
            "rows": dict(report.rows),
            "created": dict(report.created),
            "updated": dict(report.updated),
            "problems": [{"sheet": p.sheet, "row": p.row, "field": p.field, "message": p.message} for p in report.problems],
        })

    @extend_schema(
        parameters=[OpenApiParameter("file_format", str, enum=list(exporter.FORMATS), required=True)],
        # Every format's own media type, so clients (and schemathesis) know what each answer is.
        responses={(200, content_type): OpenApiTypes.OBJECT if content_type.endswith("json") else bytes
                   for content_type in exporter.CONTENT_TYPES.values()},
    )
    # `file_format`, not `format`: DRF reads ?format= as a choice of renderer.
    @action(detail=False, methods=["get"], url_path="export")
    def export_file(self, request):
        format = request.query_params.get("file_format", "")
        if format not in exporter.FORMATS:
            raise serializers.ValidationError({"file_format": f"Use one of {', '.join(exporter.FORMATS)}."})
        response = HttpResponse(exporter.export(request.user, format), content_type=exporter.CONTENT_TYPES[format])
        response["Content-Disposition"] = f'attachment; filename="veturi-export.{exporter.EXTENSIONS[format]}"'
        return response


router.register("transfer", TransferViewSet, basename="transfer")
