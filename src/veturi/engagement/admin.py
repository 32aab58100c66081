from django.contrib import admin

from veturi.engagement.models import FollowUpAction, Interaction


class FollowUpActionInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "organisation")
    list_filter = ("kind",)
    search_fields = ("summary", "organisation__name")
    inlines = [FollowUpActionInline]


from veturi.engagement.models import Attachment, StageChange, Stakeholder  # noqa: E402

admin.site.register(Attachment)
admin.site.register(Stakeholder)


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ("changed_at", "organisation", "from_stage", "to_stage", "changed_by")
    list_filter = ("to_stage",)
