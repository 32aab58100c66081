from django.urls import path

from veturi.scenarios import views

urlpatterns = [
    path("", views.scenario_list, name="scenario-list"),
    path("add/", views.scenario_add, name="scenario-add"),
    path("compare/", views.scenario_compare, name="scenario-compare"),
    path("kpis/", views.kpi_framework, name="kpi-framework"),
    path("<int:pk>/", views.scenario_detail, name="scenario-detail"),
    path("<int:pk>/edit/", views.scenario_edit, name="scenario-edit"),
    path("<int:pk>/simulate/", views.scenario_simulate, name="scenario-simulate"),
]
