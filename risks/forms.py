"""Risk and issue forms (messages translated; the rules live in services)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import VENDOR_ROLES
from accounts.models import User
from ito_portal.core.forms import DateInput

from .choices import IMPACT_DIMENSIONS, RiskStatus
from .models import ProjectIssue, Risk, RiskCategory
from .services import RISK_FIELDS

RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]
OPTIONAL_RATING = [("", "—"), *RATING_CHOICES]


def team_of(project):
    """The people who may own a risk or an issue: the manager and the vendor's team."""
    return User.objects.filter(
        Q(pk=project.manager_id)
        | Q(memberships__project=project, memberships__role__in=VENDOR_ROLES),
        is_active=True,
    ).distinct()


class _Rated(forms.ModelForm):
    def _rating(self, name: str, *, optional: bool = False) -> None:
        field = self.fields[name]
        self.fields[name] = forms.TypedChoiceField(
            label=field.label,
            help_text=field.help_text,
            choices=OPTIONAL_RATING if optional else RATING_CHOICES,
            coerce=int,
            empty_value=None,
            required=not optional,
        )


class RiskForm(_Rated):
    """Identify or edit a risk: cause → event → effect, rating, response and reserve."""

    class Meta:
        model = Risk
        fields = [name for name in RISK_FIELDS if name != "status"]
        widgets = {
            "proximity": DateInput(),
            "review_date": DateInput(),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "trigger": forms.Textarea(attrs={"rows": 2}),
            "response_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, project, show_contingency: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = RiskCategory.objects.filter(is_active=True)
        self.fields["category"].label_from_instance = lambda c: c.label
        self.fields["owner"].queryset = team_of(project)
        self.fields["owner"].label_from_instance = lambda u: u.get_display_name()
        self.fields["strategy"].required = False
        for name in ("probability", "impact"):
            self._rating(name)
        for name in (*IMPACT_DIMENSIONS, "residual_probability", "residual_impact"):
            self._rating(name, optional=True)
        self.fields["contingency_amount"].required = False
        self.fields["contingency_days"].required = False
        if not show_contingency:
            del self.fields["contingency_amount"]

    def clean(self):
        data = super().clean()
        for name in ("contingency_amount", "contingency_days"):
            if name in self.fields and data.get(name) is None:
                data[name] = 0
        return data


class ReassessForm(_Rated):
    """A new assessment: probability, impact (or per dimension), residual, next review."""

    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    class Meta:
        model = Risk
        fields = [
            "probability", "impact", *IMPACT_DIMENSIONS, "residual_probability",
            "residual_impact", "review_date",
        ]  # fmt: skip
        widgets = {"review_date": DateInput()}

    def __init__(self, *args, form_id: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("probability", "impact"):
            self._rating(name)
        for name in (*IMPACT_DIMENSIONS, "residual_probability", "residual_impact"):
            self._rating(name, optional=True)
        self.fields["impact"].required = False
        if form_id:
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id

    def clean(self):
        data = super().clean()
        rated = [data.get(name) for name in IMPACT_DIMENSIONS if data.get(name)]
        if not rated and not data.get("impact"):
            self.add_error("impact", _("Rate the impact."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "probability": data["probability"],
            "impact": data.get("impact"),
            "dimensions": {name: data.get(name) for name in IMPACT_DIMENSIONS},
            "residual_probability": data.get("residual_probability"),
            "residual_impact": data.get("residual_impact"),
            "review_date": data.get("review_date"),
            "note": data.get("note", ""),
        }


class StatusForm(forms.Form):
    """Move a risk along: monitoring, closed, reopened (occurred has its own form)."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in RiskStatus if s != RiskStatus.OCCURRED],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ActionForm(forms.Form):
    """A response task to add to the plan."""

    name = forms.CharField(label=_("Task"), max_length=255)
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), required=False
    )
    duration_days = forms.IntegerField(
        label=_("Duration (working days)"), min_value=0, max_value=999, initial=5
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team_of(project)
        self.fields["assignee"].label_from_instance = lambda u: u.get_display_name()


class OccurForm(forms.Form):
    """The risk happened: what the issue log needs."""

    owner = forms.ModelChoiceField(
        label=_("Issue owner"), queryset=User.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Resolve by"), required=False, widget=DateInput())
    impact = forms.CharField(
        label=_("Impact on the project"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team_of(project)
        self.fields["owner"].label_from_instance = lambda u: u.get_display_name()


class IssueForm(forms.ModelForm):
    class Meta:
        model = ProjectIssue
        fields = [
            "title", "description", "owner", "severity", "impact", "status", "resolution",
            "due_date", "client_visible",
        ]  # fmt: skip
        widgets = {
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "impact": forms.Textarea(attrs={"rows": 2}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team_of(project)
        self.fields["owner"].label_from_instance = lambda u: u.get_display_name()


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("One risk per row; the first row holds the column names."),
    )
