from django.contrib import admin

from veturi.plugplay.models import AllocationRun, Contract, DocumentTemplate, PlotRequirement, PublicListing


@admin.register(PlotRequirement)
class PlotRequirementAdmin(admin.ModelAdmin):
    list_display = ["organisation", "area_m2", "zoning_classes", "planned"]
    search_fields = ["organisation__name"]


@admin.register(PublicListing)
class PublicListingAdmin(admin.ModelAdmin):
    list_display = ["organisation", "show_on_public_page", "agreed_at"]
    list_filter = ["show_on_public_page"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["organisation", "plot", "stage", "offered_on", "reserved_until"]
    list_filter = ["stage"]
    readonly_fields = ["stage"]  # stages move through Contract.move_to only, so the plot follows


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "stage", "language"]


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "label", "status", "objective_eur_per_year", "gap_percent", "created_at"]
