"""Training forms (messages translated; the rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from ito_portal.core.forms import DateInput
from projects.models import Project
from resources.models import Resource, Skill, Team

from .choices import AttendanceStatus
from .models import Attendance, TrainingPlan, TrainingSession
from .services import PLAN_FIELDS, SESSION_FIELDS

LEVELS = [(n, str(n)) for n in range(1, 6)]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _vendor_users():
    return (
        User.objects.filter(is_active=True)
        .exclude(organization__kind="client")
        .order_by("username")
    )


class PlanForm(forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = list(PLAN_FIELDS)
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _vendor_users()


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = list(SESSION_FIELDS)
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "materials": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = _vendor_users()
        self.fields["skill"].queryset = Skill.objects.order_by("name")

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}


class InviteForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("training", "People"),
        queryset=Resource.objects.none(),
        widget=forms.SelectMultiple({"size": 6}),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class AttendanceRowForm(forms.ModelForm):
    """One row of the attendance sheet, edited in place."""

    class Meta:
        model = Attendance
        fields = ["status", "score", "hours"]
        widgets = {
            "score": forms.NumberInput(attrs={"min": 0, "max": 100, "style": "width:5rem"}),
            "hours": forms.NumberInput(attrs={"min": 0, "step": "0.5", "style": "width:5rem"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = AttendanceStatus.choices


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=LEVELS,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 poor … 5 excellent."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NeedForm(forms.Form):
    resource = forms.ModelChoiceField(label=_("Person"), queryset=Resource.objects.none())
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.order_by("name"))
    target_level = forms.TypedChoiceField(label=_("Target level"), choices=LEVELS, coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = people


class MatrixFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.order_by("name"), required=False,
        empty_label=_("All teams"),
    )  # fmt: skip
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.order_by("name"), required=False,
        empty_label=_("All skills"),
    )  # fmt: skip
    weeks = forms.IntegerField(
        label=_("Allocations in the next (weeks)"),
        min_value=1,
        max_value=52,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": "8"}),
    )


class RequirementForm(forms.Form):
    """The level a team, or the people booked on a project, need in a skill."""

    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.order_by("name"))
    level = forms.TypedChoiceField(label=_("Required level"), choices=LEVELS, coerce=int)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args, teams, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["project"].queryset = projects

    def clean(self):
        data = super().clean()
        if bool(data.get("team")) == bool(data.get("project")):
            raise forms.ValidationError(_("Choose a team or a project."))
        return data
