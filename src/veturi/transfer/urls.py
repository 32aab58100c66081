from django.urls import path

from veturi.transfer import views

urlpatterns = [
    path("import/", views.import_upload, name="transfer-import"),
    path("import/commit/", views.import_commit, name="transfer-import-commit"),
    path("import/templates/", views.import_template, name="transfer-templates"),
    path("export/", views.export_download, name="transfer-export"),
]
