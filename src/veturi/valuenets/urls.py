from django.urls import path

from veturi.valuenets import views

urlpatterns = [
    path("", views.network_list, name="valuenet-list"),
    path("<int:pk>/", views.network_detail, name="valuenet-detail"),
    path("<int:pk>/edit/", views.network_edit, name="valuenet-edit"),
    path("recompute/", views.network_recompute, name="valuenet-recompute"),
    path("gaps/", views.gap_list, name="valuenet-gaps"),
    path("locomotives/", views.locomotive_ranking, name="locomotive-ranking"),
    path("locomotives/criteria/", views.criteria_page, name="locomotive-criteria"),
    path("hypotheses/", views.hypothesis_board, name="hypothesis-board"),
    path("hypotheses/add/", views.hypothesis_add, name="hypothesis-add"),
    path("hypotheses/<int:pk>/", views.hypothesis_edit, name="hypothesis-edit"),
]
