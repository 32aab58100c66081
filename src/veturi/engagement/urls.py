from django.urls import path

from veturi.engagement import views

urlpatterns = [
    path("pipeline/", views.pipeline_board, name="pipeline-board"),
    path("pipeline/list/", views.pipeline_list, name="pipeline-list"),
    path("pipeline/<int:pk>/", views.organisation_stage, name="organisation-stage"),
    path("interactions/", views.interaction_list, name="interaction-list"),
    path("interactions/add/", views.interaction_add, name="interaction-add"),
    path("interactions/<int:pk>/", views.interaction_detail, name="interaction-detail"),
    path("interactions/<int:pk>/edit/", views.interaction_edit, name="interaction-edit"),
    path("interactions/<int:pk>/attachments/add/", views.attachment_add, name="attachment-add"),
    path("interactions/<int:pk>/follow-ups/add/", views.follow_up_add, name="follow-up-add"),
    path("follow-ups/<int:pk>/toggle/", views.follow_up_toggle, name="follow-up-toggle"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("stakeholders/", views.stakeholder_map, name="stakeholder-map"),
    path("stakeholders/<int:pk>/", views.stakeholder_edit, name="stakeholder-edit"),
]
