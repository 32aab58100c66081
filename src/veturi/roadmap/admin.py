from django.contrib import admin

from veturi.roadmap.models import ActivityDemand, MonitoringEntry, PlannedActivity, Roadmap, RoadmapActivity, RoadmapResource, RoadmapSolve


class ResourceInline(admin.TabularInline):
    model = RoadmapResource
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["name", "first_year", "years", "objective"]
    inlines = [ResourceInline]


class DemandInline(admin.TabularInline):
    model = ActivityDemand
    extra = 0


@admin.register(RoadmapActivity)
class RoadmapActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "roadmap", "kind", "duration_months", "earliest_start_month", "required"]
    list_filter = ["roadmap", "kind", "required"]
    search_fields = ["name"]
    filter_horizontal = ["predecessors"]
    inlines = [DemandInline]


class PlannedInline(admin.TabularInline):
    model = PlannedActivity
    extra = 0
    can_delete = False
    readonly_fields = ["activity", "start_month", "finish_month", "critical"]


@admin.register(RoadmapSolve)
class RoadmapSolveAdmin(admin.ModelAdmin):
    list_display = ["roadmap", "created_at", "status", "objective_value", "bound", "gap_percent", "seconds"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in RoadmapSolve._meta.fields]
    inlines = [PlannedInline]


@admin.register(MonitoringEntry)
class MonitoringEntryAdmin(admin.ModelAdmin):
    list_display = ["exchange_label", "period_kind", "period_start", "quantity", "unit", "entered_by"]
    list_filter = ["period_kind"]
    search_fields = ["exchange_label"]
    raw_id_fields = ["proposal"]
