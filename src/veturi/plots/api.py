from rest_framework import viewsets

from veturi.api.permissions import StaffWritesOthersRead
from veturi.api.router import router
from veturi.api.serializers import CleanModelSerializer
from veturi.plots.models import InfrastructureAsset, Plot, PlotUtility, Zone


class ZoneSerializer(CleanModelSerializer):
    class Meta:
        model = Zone
        fields = ["id", "name", "municipality", "description", "geometry", "area_m2", "published_area_ha", "approximate", "source", "external_id"]
        read_only_fields = ["area_m2"]


class PlotUtilitySerializer(CleanModelSerializer):
    class Meta:
        model = PlotUtility
        fields = ["kind", "capacity", "unit", "ready"]


class PlotSerializer(CleanModelSerializer):
    utilities = PlotUtilitySerializer(many=True, read_only=True)

    class Meta:
        model = Plot
        fields = [
            "id", "zone", "identifier", "geometry", "area_m2", "zoning_class", "status", "price_eur_per_m2",
            "lease_percent", "floor_area_ratio", "notes", "illustrative", "utilities", "external_id",
        ]
        read_only_fields = ["area_m2"]


class InfrastructureAssetSerializer(CleanModelSerializer):
    class Meta:
        model = InfrastructureAsset
        fields = [
            "id", "name", "kind", "zone", "latitude", "longitude", "capacity", "capacity_unit",
            "year_in_service", "status", "operator", "source", "external_id",
        ]


class ZoneViewSet(viewsets.ModelViewSet):
    serializer_class = ZoneSerializer
    permission_classes = [StaffWritesOthersRead]
    queryset = Zone.objects.order_by("pk")
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class PlotViewSet(viewsets.ModelViewSet):
    serializer_class = PlotSerializer
    permission_classes = [StaffWritesOthersRead]
    queryset = Plot.objects.select_related("zone").prefetch_related("utilities").order_by("pk")
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class InfrastructureAssetViewSet(viewsets.ModelViewSet):
    serializer_class = InfrastructureAssetSerializer
    permission_classes = [StaffWritesOthersRead]
    queryset = InfrastructureAsset.objects.order_by("pk")
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


router.register("zones", ZoneViewSet, basename="zone")
router.register("plots", PlotViewSet, basename="plot")
router.register("infrastructure", InfrastructureAssetViewSet, basename="infrastructure")
