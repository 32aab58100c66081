from django.contrib import admin

from veturi.streams.models import ResourceStream, Site


class ResourceStreamInline(admin.TabularInline):
    model = ResourceStream
    extra = 0
    fields = ("direction", "kind", "name", "ewc_code", "taxonomy_code", "quantity", "unit", "confidentiality")


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "status", "zone", "plot")
    list_filter = ("status", "zone")
    search_fields = ("name", "organisation__name", "address")
    inlines = [ResourceStreamInline]


@admin.register(ResourceStream)
class ResourceStreamAdmin(admin.ModelAdmin):
    list_display = ("name", "site", "direction", "kind", "ewc_code", "taxonomy_code", "canonical_quantity", "canonical_unit")
    list_filter = ("direction", "kind", "confidentiality", "needs_review")
    search_fields = ("name", "ewc_code", "taxonomy_code", "site__organisation__name")
    readonly_fields = ("canonical_quantity", "canonical_unit")
