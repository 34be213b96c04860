from django.contrib import admin

from .models import (
    Attendance,
    SkillLevelChange,
    SkillRequirement,
    TrainingNeed,
    TrainingPlan,
    TrainingSession,
)


@admin.register(SkillRequirement)
class SkillRequirementAdmin(admin.ModelAdmin):
    list_display = ["skill", "level", "team", "project"]
    list_filter = ["team"]


@admin.register(TrainingNeed)
class TrainingNeedAdmin(admin.ModelAdmin):
    list_display = ["resource", "skill", "target_level", "is_open"]


class SessionInline(admin.TabularInline):
    model = TrainingSession
    extra = 0
    fields = ["topic", "kind", "starts_at", "ends_at", "capacity"]


@admin.register(TrainingPlan)
class TrainingPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date", "owner"]
    inlines = [SessionInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["resource", "status", "score", "hours", "rating"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["topic", "plan", "kind", "starts_at", "capacity"]
    list_filter = ["kind"]
    inlines = [AttendanceInline]


@admin.register(SkillLevelChange)
class SkillLevelChangeAdmin(admin.ModelAdmin):
    list_display = ["resource", "skill", "from_level", "to_level", "status", "decided_at"]
    list_filter = ["status"]
