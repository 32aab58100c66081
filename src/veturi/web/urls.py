from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from veturi.accounts.views import ThrottledLoginView

urlpatterns = [
    path("", include("veturi.front.urls")),
    path("organisations/", include("veturi.organisations.urls")),
    path("", include("veturi.streams.urls")),
    path("office/", include("veturi.office.urls")),
    path("transfer/", include("veturi.transfer.urls")),
    path("synergies/", include("veturi.synergies.urls")),
    path("audit/", include("veturi.audit.urls")),
    path("networks/", include("veturi.valuenets.urls")),
    path("roadmap/", include("veturi.roadmap.urls")),
    path("pilots/", include("veturi.pilots.urls")),
    path("scenarios/", include("veturi.scenarios.urls")),
    path("", include("veturi.plugplay.urls")),
    path("jobs/", include("veturi.jobs.urls")),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", include(("veturi.api.urls", "api"), namespace="api")),
    path("admin/", admin.site.urls),
]
