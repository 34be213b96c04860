"""HTML forms for the pool, the workload filters and the staffing search (messages translated;
the rules live in services)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from accounts.models import User
from ito_portal.core.forms import DateInput
from projects.choices import CURRENCIES
from projects.models import Project, Task, WorkCalendar

from . import workload as load
from .choices import SKILL_LEVELS, AbsenceKind, ResourceKind
from .models import Absence, Allocation, Resource, Skill, Team
from .selectors import MAX_RANGE_DAYS

SKILL_PREFIX = "skill_"
LEVEL_CHOICES = [("", _("—")), *SKILL_LEVELS]


class ResourceForm(forms.Form):
    """A resource, its skills (one level per catalogue skill) and, for cost-seers, a rate."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    user = forms.ModelChoiceField(
        label=_("Person's account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Tasks assigned to this person book the resource."),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    calendar = forms.ModelChoiceField(
        label=_("Working calendar"),
        queryset=WorkCalendar.objects.none(),
        required=False,
        empty_label=_("The organisation's default"),
    )
    daily_capacity_hours = forms.DecimalField(
        label=_("Daily capacity (hours)"), min_value=0, max_value=24, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES)
    is_active = forms.BooleanField(label=_("Active"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))
    rate = forms.DecimalField(
        label=_("Hourly cost rate"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Leave empty to keep the current rate."),
    )
    rate_from = forms.DateField(label=_("Rate effective from"), required=False, widget=DateInput())

    def __init__(self, *args, skills=(), resource: Resource | None = None, with_rate=False, **kw):
        super().__init__(*args, **kw)
        self.resource = resource
        self.skills = list(skills)
        taken = Resource.objects.filter(user__isnull=False)
        if resource is not None:
            taken = taken.exclude(pk=resource.pk)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, organization__kind=OrganizationKind.VENDOR)
            .exclude(pk__in=taken.values("user_id"))
            .order_by("display_name", "username")
        )
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["calendar"].queryset = WorkCalendar.objects.order_by("name")
        if not with_rate:
            del self.fields["rate"], self.fields["rate_from"]
        for skill in self.skills:
            self.fields[f"{SKILL_PREFIX}{skill.pk}"] = forms.TypedChoiceField(
                label=skill.name,
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def skill_fields(self):
        return [self[f"{SKILL_PREFIX}{skill.pk}"] for skill in self.skills]

    def resource_fields(self):
        names = ("name", "kind", "user", "team", "calendar", "daily_capacity_hours", "currency")
        return [self[name] for name in names if name in self.fields]

    def clean(self):
        data = super().clean()
        if data.get("rate") is not None and not data.get("rate_from"):
            data["rate_from"] = timezone.localdate()
        if data.get("rate_from") and data.get("rate") is None:
            self.add_error("rate", _("Give the rate that applies from this date."))
        return data

    def resource_data(self) -> dict:
        data = self.cleaned_data
        names = (
            "name", "kind", "user", "team", "calendar", "daily_capacity_hours", "currency",
            "is_active", "notes",
        )  # fmt: skip
        return {name: data[name] for name in names}

    def chosen_skills(self) -> dict[Skill, int]:
        return {
            skill: self.cleaned_data[f"{SKILL_PREFIX}{skill.pk}"]
            for skill in self.skills
            if self.cleaned_data.get(f"{SKILL_PREFIX}{skill.pk}")
        }


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["kind", "start_date", "end_date", "note"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AbsenceKind.choices

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The absence cannot end before it starts."))
        return data

    def _post_clean(self):
        pass  # the service validates and saves; the model's checks would repeat ours


class SkillForm(forms.Form):
    name = forms.CharField(
        label=_("Skill"), max_length=100, widget=forms.TextInput({"placeholder": _("Skill")})
    )
    category = forms.CharField(
        label=_("Category"),
        max_length=100,
        required=False,
        widget=forms.TextInput({"placeholder": _("Category")}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea({"rows": 1, "placeholder": _("Description")}),
    )


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class WorkloadFilterForm(forms.Form):
    """The heatmap's filters: the URL holds them."""

    GRANULARITIES = [(load.WEEK, _("Weeks")), (load.DAY, _("Days"))]
    SPAN = {load.WEEK: 13, load.DAY: 28}  # periods shown: this week + 12, or four weeks of days

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    granularity = forms.ChoiceField(label=_("Show"), choices=GRANULARITIES, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.none(), required=False)
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args, teams, skills, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["skill"].queryset = skills
        self.fields["project"].queryset = projects

    def window(self) -> tuple[dt.date, dt.date, str]:
        """(first day, last day, granularity) of the heatmap; defaults for a bad or no value."""
        data = self.cleaned_data if self.is_valid() else {}
        granularity = data.get("granularity") or load.WEEK
        start = data.get("start") or timezone.localdate()
        if granularity == load.WEEK:
            start = _monday(start)
        end = start + dt.timedelta(
            days=self.SPAN[granularity] * (7 if granularity == load.WEEK else 1)
        )
        return start, end - dt.timedelta(days=1), granularity

    def value(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None


class StaffingForm(forms.Form):
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.none())
    min_level = forms.TypedChoiceField(
        label=_("Minimum level"), choices=SKILL_LEVELS, coerce=int, initial=3
    )
    hours = forms.DecimalField(
        label=_("Free hours needed"), min_value=0, max_digits=8, decimal_places=1, initial=40
    )
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skills

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end date cannot be before the start date."))
            elif (end - start).days >= MAX_RANGE_DAYS:
                self.add_error(
                    "end", _("Search at most %(days)s days at once.") % {"days": MAX_RANGE_DAYS}
                )
        return data


# --- a project's allocations -----------------------------------------------------------------


class AllocationForm(forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["resource", "task", "units_percent", "hours", "start_date", "end_date", "note"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = Resource.objects.active().select_related("team")
        self.fields["task"].queryset = Task.objects.filter(
            project=project, is_summary=False
        ).order_by("sort_key")
        self.fields["task"].required = False
        self.fields["task"].empty_label = _("— the whole project (a booking) —")
        self.fields["units_percent"].required = False
        self.fields["start_date"].help_text = _("For a project booking; a task uses its dates.")


class UnitsForm(forms.ModelForm):
    """Change how much of a resource an allocation takes."""

    class Meta:
        model = Allocation
        fields = ["units_percent", "hours"]
