from django.contrib import admin

from veturi.plots.models import InfrastructureAsset, Plot, PlotUtility, Zone


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "area_m2", "approximate")
    readonly_fields = ("area_m2",)


class PlotUtilityInline(admin.TabularInline):
    model = PlotUtility
    extra = 0


@admin.register(Plot)
class PlotAdmin(admin.ModelAdmin):
    list_display = ("identifier", "zone", "zoning_class", "status", "area_m2", "price_eur_per_m2")
    list_filter = ("zone", "status", "zoning_class")
    search_fields = ("identifier", "notes")
    readonly_fields = ("area_m2",)
    inlines = [PlotUtilityInline]


@admin.register(InfrastructureAsset)
class InfrastructureAssetAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "status", "capacity", "capacity_unit", "year_in_service")
    list_filter = ("kind", "status")
