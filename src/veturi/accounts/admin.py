from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from veturi.accounts.models import User


@admin.register(User)
class VeturiUserAdmin(UserAdmin):
    list_display = ("username", "email", "role", "organisation", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = UserAdmin.fieldsets + (("Veturi", {"fields": ("role", "organisation")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Veturi", {"fields": ("role", "organisation")}),)
