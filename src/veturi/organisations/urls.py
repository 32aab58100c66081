from django.urls import path

from veturi.organisations import views

urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
]
