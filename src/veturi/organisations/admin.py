from django.contrib import admin

from veturi.organisations.models import CoreTeamMember, NaceActivity, Organisation, Person


class NaceActivityInline(admin.TabularInline):
    model = NaceActivity
    extra = 1


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ("name", "title", "email", "phone")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "business_id", "country", "engagement_stage", "illustrative")
    list_filter = ("kind", "engagement_stage", "cleantech_category", "illustrative", "country")
    search_fields = ("name", "business_id", "foreign_id", "external_id")
    inlines = [NaceActivityInline, PersonInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "organisation", "email")
    search_fields = ("name", "title", "email")


@admin.register(CoreTeamMember)
class CoreTeamMemberAdmin(admin.ModelAdmin):
    list_display = ("person", "expert_role", "active")
    list_filter = ("expert_role", "active")
