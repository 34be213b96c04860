"""Admin for the PMO: browse reports, plans and what they sent. Reports are archives and
dispatches a record, so they are read-only here; plan entries are edited in the portal, where
the services check them and compute their next due time."""

from django.contrib import admin

from .models import CommunicationEntry, CommunicationRun, Dispatch, ReportPdf, StatusReport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportPdfInline(admin.TabularInline):
    model = ReportPdf
    fields = ["language", "size", "pages", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(StatusReport)
class StatusReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "kind", "audience", "period_start", "status", "published_at"]
    list_filter = ["status", "kind", "audience"]
    list_select_related = ["project"]
    search_fields = ["project__code", "project__name"]
    date_hierarchy = "period_start"
    exclude = ["gantt_svg"]
    inlines = [ReportPdfInline]


@admin.register(CommunicationEntry)
class CommunicationEntryAdmin(ReadOnlyAdmin):
    list_display = ["project", "__str__", "channel", "frequency", "owner", "active", "next_due_at"]
    list_filter = ["information", "channel", "frequency", "active"]
    list_select_related = ["project", "owner"]
    search_fields = ["project__code", "title"]


@admin.register(CommunicationRun)
class CommunicationRunAdmin(ReadOnlyAdmin):
    list_display = ["entry", "due_at", "outcome", "created_at"]
    list_filter = ["outcome"]
    list_select_related = ["entry__project"]


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = [
        "key", "recipient", "channel", "sent_at", "opened_at", "acknowledged_at", "error",
    ]  # fmt: skip
    list_filter = ["channel"]
    list_select_related = ["recipient"]
    search_fields = ["key", "recipient__username"]
    date_hierarchy = "created_at"
