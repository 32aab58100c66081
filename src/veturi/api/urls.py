from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from veturi.api.router import router

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
