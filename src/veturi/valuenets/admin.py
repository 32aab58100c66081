from django.contrib import admin

from veturi.valuenets.models import Candidate, CriterionScore, CustomCriterion, Hypothesis, RankingRun, ValueNetwork


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["organisation", "marked_locomotive", "investment_eur", "plot_need_m2"]
    list_filter = ["marked_locomotive"]
    search_fields = ["organisation__name"]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 1


@admin.register(CustomCriterion)
class CustomCriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "direction", "weight"]
    inlines = [CriterionScoreInline]


@admin.register(ValueNetwork)
class ValueNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "method", "current", "named_by_office", "curated", "value_eur_per_year"]
    list_filter = ["method", "current", "curated"]
    fields = ["name", "curated", "notes", "named_by_office"]


@admin.register(Hypothesis)
class HypothesisAdmin(admin.ModelAdmin):
    list_display = ["statement", "network", "locomotive", "status", "confidence", "owner", "due_date"]
    list_filter = ["status", "blocks_prioritisation"]
    filter_horizontal = ["evidence"]


@admin.register(RankingRun)
class RankingRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "method", "consistency_ratio", "created_by"]
    readonly_fields = [f.name for f in RankingRun._meta.fields]
