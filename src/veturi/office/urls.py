from django.urls import include, path

from veturi.office import views

urlpatterns = [
    path("engagement/", include("veturi.engagement.urls")),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/add/", views.meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/status/", views.action_item_status, name="action-item-status"),
    path("plan/", views.plan, name="plan"),
    path("plan/tasks/add/", views.task_add, name="task-add"),
    path("plan/tasks/<int:pk>/", views.task_edit, name="task-edit"),
    path("plan/milestones/add/", views.milestone_add, name="milestone-add"),
    path("plan/milestones/<int:pk>/", views.milestone_edit, name="milestone-edit"),
    path("reports/monthly/", views.report_monthly, name="report-monthly"),
    path("reports/monthly.pdf", views.report_monthly_pdf, name="report-monthly-pdf"),
    path("reports/organisations/<int:pk>/", views.report_organisation, name="organisation-report"),
    path("reports/organisations/<int:pk>.pdf", views.report_organisation_pdf, name="organisation-report-pdf"),
]
