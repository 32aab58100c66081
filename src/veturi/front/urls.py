from django.urls import path

from veturi.front import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("map/", views.park_map, name="map"),
    path("map/data.json", views.map_data, name="map-data"),
]
