from django.contrib import admin

from veturi.pilots.models import Pilot, PilotKpi


class PilotKpiInline(admin.TabularInline):
    model = PilotKpi
    extra = 1


@admin.register(Pilot)
class PilotAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "kind", "status", "start_date", "trl_before", "trl_after", "public_consent"]
    list_filter = ["kind", "status", "public_consent"]
    search_fields = ["name", "technology", "host__name"]
    filter_horizontal = ["partners", "infrastructure"]
    inlines = [PilotKpiInline]
