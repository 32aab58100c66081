from django.urls import path

from veturi.pilots import views

urlpatterns = [
    path("", views.pilot_list, name="pilot-list"),
    path("add/", views.pilot_add, name="pilot-add"),
    path("<int:pk>/", views.pilot_detail, name="pilot-detail"),
    path("<int:pk>/edit/", views.pilot_edit, name="pilot-edit"),
]
