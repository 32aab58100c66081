from django.contrib import admin

from veturi.office.models import ActionItem, AgendaItem, Decision, Meeting, Milestone, Phase, Task, Workstream


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("date", "title")
    inlines = [AgendaItemInline, DecisionInline, ActionItemInline]


class WorkstreamInline(admin.TabularInline):
    model = Workstream
    extra = 0


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "start", "end")
    inlines = [WorkstreamInline]


admin.site.register(Milestone)
admin.site.register(Task)
