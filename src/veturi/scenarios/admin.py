from django.contrib import admin

from veturi.scenarios.models import Assumption, ParkFigure, Scenario, SimulationResult


class AssumptionInline(admin.TabularInline):
    model = Assumption
    extra = 0
    raw_id_fields = ["activity", "network"]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "roadmap", "runs", "seed", "updated_at"]
    search_fields = ["name"]
    inlines = [AssumptionInline]


@admin.register(SimulationResult)
class SimulationResultAdmin(admin.ModelAdmin):
    list_display = ["scenario", "created_at", "runs", "seed", "seconds"]
    list_filter = ["scenario"]
    readonly_fields = ["scenario", "created_at", "created_by", "runs", "seed", "seconds", "years", "result", "notes", "fingerprint"]

    def has_add_permission(self, request):
        return False


@admin.register(ParkFigure)
class ParkFigureAdmin(admin.ModelAdmin):
    list_display = ["metric", "value", "year", "note", "updated_at"]
    search_fields = ["metric", "note"]
