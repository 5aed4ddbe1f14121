from django.contrib import admin

from giamsat.organizations.models import Organization, OrganizationAlias, OrganizationGroup, Succession


class AliasInline(admin.TabularInline):
    model = OrganizationAlias
    fields = ("alias",)
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "level", "parent", "valid_to")
    list_filter = ("level", "kind")
    search_fields = ("name", "short_name", "aliases__alias")
    inlines = [AliasInline]


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_date")
    autocomplete_fields = ("predecessor", "successor")


@admin.register(OrganizationGroup)
class OrganizationGroupAdmin(admin.ModelAdmin):
    list_display = ("name",)
    filter_horizontal = ("members",)
