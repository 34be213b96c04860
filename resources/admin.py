from django.contrib import admin

from .models import (
    Absence,
    Allocation,
    BudgetLine,
    CostRate,
    EarnedValueSnapshot,
    Resource,
    ResourceSkill,
    Skill,
    Team,
)


class SkillLevelInline(admin.TabularInline):
    model = ResourceSkill
    extra = 0
    autocomplete_fields = ["skill"]


class RateInline(admin.TabularInline):
    model = CostRate
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "team", "daily_capacity_hours", "is_active"]
    list_filter = ["kind", "team", "is_active"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["user"]
    inlines = [SkillLevelInline, RateInline]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category"]
    search_fields = ["name", "category"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "lead"]
    search_fields = ["name"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["resource", "kind", "start_date", "end_date"]
    list_filter = ["kind"]
    date_hierarchy = "start_date"


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ["resource", "project", "task", "units_percent", "hours", "source"]
    list_filter = ["source"]
    raw_id_fields = ["task"]
    list_select_related = ["resource", "project", "task"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["project", "category", "description", "planned_amount", "actual_amount"]
    list_filter = ["category"]
    list_select_related = ["project"]


@admin.register(EarnedValueSnapshot)
class EarnedValueSnapshotAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "pv", "ev", "ac"]
    list_select_related = ["project"]
