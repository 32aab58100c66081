from django.urls import path

from veturi.streams import views

urlpatterns = [
    path("organisations/<int:org_pk>/streams/new/", views.stream_add, name="stream-add"),
    path("streams/<int:pk>/edit/", views.stream_edit, name="stream-edit"),
]
