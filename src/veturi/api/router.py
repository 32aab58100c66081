"""The one REST router every app registers its viewsets on (in its own api.py)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
