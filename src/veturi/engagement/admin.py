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
