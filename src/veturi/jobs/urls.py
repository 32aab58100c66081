from django.urls import path

from veturi.jobs import views

urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("<int:pk>/", views.job_detail, name="job-detail"),
    path("<int:pk>/progress/", views.job_progress, name="job-progress"),
    path("<int:pk>/cancel/", views.job_cancel, name="job-cancel"),
]
