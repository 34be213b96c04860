"""Admin for the PMO: browse requests and surveys (changes go through the portal)."""

from django.contrib import admin

from projects.admin import ReadOnlyAdmin

from .models import ClientRequest, Survey, SurveyResponse


@admin.register(ClientRequest)
class ClientRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "project",
        "number",
        "priority",
        "status",
        "requested_by",
        "created_at",
    ]
    list_filter = ["status", "priority", "project"]
    search_fields = ["title", "description", "project__code"]
    list_select_related = ["project", "requested_by"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["project", "trigger", "period_start", "milestone_name", "sent_at", "due_date"]
    list_filter = ["trigger", "project"]
    list_select_related = ["project"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = [
        "survey", "respondent", "quality", "timeliness", "communication", "responsiveness",
        "nps", "created_at",
    ]  # fmt: skip
    list_filter = ["survey__project"]
    list_select_related = ["survey__project", "respondent"]
