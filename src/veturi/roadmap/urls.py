from django.urls import path

from veturi.roadmap import views

urlpatterns = [
    path("", views.roadmap_list, name="roadmap-list"),
    path("add/", views.roadmap_add, name="roadmap-add"),
    path("<int:pk>/", views.roadmap_detail, name="roadmap-detail"),
    path("<int:pk>/edit/", views.roadmap_edit, name="roadmap-edit"),
    path("<int:pk>/solve/", views.roadmap_solve, name="roadmap-solve"),
    path("<int:pk>/build/", views.roadmap_build, name="roadmap-build"),
    path("<int:pk>/activities/add/", views.activity_add, name="roadmap-activity-add"),
    path("activities/<int:pk>/", views.activity_edit, name="roadmap-activity-edit"),
    path("<int:pk>/resources/add/", views.resource_add, name="roadmap-resource-add"),
    path("resources/<int:pk>/", views.resource_edit, name="roadmap-resource-edit"),
    path("priorities/", views.network_priorities, name="network-priorities"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/<int:pk>/", views.monitoring_entry_edit, name="monitoring-entry-edit"),
    path("monitoring/plan-vs-actual/", views.plan_actual, name="plan-actual"),
]
