from django.urls import path

from veturi.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit-log"),
    path("export.csv", views.audit_export, {"fmt": "csv"}, name="audit-export-csv"),
    path("export.json", views.audit_export, {"fmt": "json"}, name="audit-export-json"),
]
