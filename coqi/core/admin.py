"""Django admin is for site operators (`coqi createadmin`) to set up systems and organisations."""

from django.contrib import admin

from coqi.core.models import AuditEvent, Invitation, Membership, Organisation, System, SystemViewer


@admin.register(System)
class SystemAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "system", "slug"]
    list_filter = ["kind", "system"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(Membership)
admin.site.register(SystemViewer)
admin.site.register(Invitation)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "organisation", "action", "target_label"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
