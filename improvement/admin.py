from django.contrib import admin

from .models import ImprovementAction, ImprovementProposal, StatusChange


class ActionInline(admin.TabularInline):
    model = ImprovementAction
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "note", "actor", "created_at"]
    can_delete = False


@admin.register(ImprovementProposal)
class ImprovementProposalAdmin(admin.ModelAdmin):
    """For the PMO's corrections; the pages and services are the way proposals move."""

    list_display = ["number", "title", "status", "impact", "category", "reach", "owner"]
    list_filter = ["status", "impact", "category", "reach"]
    search_fields = ["title", "problem"]
    readonly_fields = ["number", "status", "author", "from_client"]
    inlines = [ActionInline, StatusChangeInline]
