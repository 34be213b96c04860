"""The PMO keeps KPI targets in the admin; snapshots and reviews are read there."""

from django import forms
from django.contrib import admin

from ito_portal.core.errors import DomainError

from . import kpis
from .models import KpiSnapshot, KpiTarget, ProjectReview
from .services import kpi_target_check


class KpiTargetForm(forms.ModelForm):
    kpi = forms.ChoiceField(choices=())

    class Meta:
        model = KpiTarget
        fields = ["kpi", "scope_kind", "scope_id", "target", "amber", "red"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = [(k.key, k.label) for k in kpis.available()]
        self.fields["kpi"].label = KpiTarget._meta.get_field("kpi").verbose_name

    def clean(self):
        data = super().clean()
        names = ("kpi", "scope_kind", "target", "amber", "red")
        if all(data.get(name) is not None for name in names):
            try:
                kpi_target_check(**{name: data[name] for name in names})
            except DomainError as exc:
                exc.add_to_form(self)
        return data


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    form = KpiTargetForm
    list_display = ["kpi", "scope_kind", "scope_id", "target", "amber", "red", "updated_at"]
    list_filter = ["scope_kind", "kpi"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(KpiSnapshot)
class KpiSnapshotAdmin(admin.ModelAdmin):
    list_display = ["kpi", "scope_kind", "scope_id", "date", "value", "status"]
    list_filter = ["scope_kind", "kpi", "status"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProjectReview)
class ProjectReviewAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "date", "reviewer", "rating"]
    list_filter = ["kind"]
    readonly_fields = ["figures"]
    raw_id_fields = ["project", "milestone", "reviewer"]
