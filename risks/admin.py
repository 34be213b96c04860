from django.contrib import admin

from .models import ProjectIssue, Risk, RiskAssessment, RiskCategory


@admin.register(RiskCategory)
class RiskCategoryAdmin(admin.ModelAdmin):
    """The editable list of risk categories (the PMO keeps it)."""

    list_display = ["key", "name_en", "name_zh", "position", "is_active"]
    list_editable = ["name_en", "name_zh", "position", "is_active"]


class AssessmentInline(admin.TabularInline):
    model = RiskAssessment
    extra = 0
    can_delete = False
    readonly_fields = [
        "probability", "impact", "score", "residual_probability", "residual_impact",
        "residual_score", "status", "note", "created_at", "created_by",
    ]  # fmt: skip


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "project", "score", "status", "owner", "review_date"]
    list_filter = ["status", "kind", "category"]
    search_fields = ["code", "title", "project__code"]
    raw_id_fields = ["project", "owner"]
    readonly_fields = ["code", "score", "residual_score"]
    inlines = [AssessmentInline]


@admin.register(ProjectIssue)
class ProjectIssueAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "project", "severity", "status", "owner", "due_date"]
    list_filter = ["status", "severity"]
    search_fields = ["code", "title", "project__code"]
    raw_id_fields = ["project", "owner", "risk"]
