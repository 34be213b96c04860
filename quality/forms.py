"""HTML forms for quality plans, checklist templates, inspections and defects (the services
validate the business rules; these parse and translate)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import ProjectRole
from accounts.models import User
from ito_portal.core.forms import DateInput
from projects.models import Deliverable, Task

from .models import (
    CapaKind,
    ChecklistCategory,
    ChecklistTemplate,
    DefectSeverity,
    FoundIn,
    ItemOutcome,
    RootCause,
)

VENDOR_ROLES = [ProjectRole.MANAGER, ProjectRole.MEMBER]


def project_team(project):
    """The vendor's people on the project: inspectors, assignees and CAPA owners."""
    return (
        User.objects.filter(
            memberships__project=project, memberships__role__in=VENDOR_ROLES, is_active=True
        )
        .order_by("display_name", "username")
        .distinct()
    )


# --- plan -----------------------------------------------------------------------------------


class PlanForm(forms.Form):
    standards = forms.CharField(
        label=_("Standards that apply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, e.g. ISO 9001:2015, GB/T 25000.51, the client's coding rules."),
    )
    objectives = forms.CharField(
        label=_("Quality objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: targets and how they are met."),
    )


class CriterionForm(forms.Form):
    text = forms.CharField(label=_("Criterion"), max_length=500)
    target = forms.CharField(label=_("Target"), max_length=100, required=False)


# --- checklist templates ----------------------------------------------------------------------


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=ChecklistCategory.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "font-monospace"}),
        help_text=_("One check per line; guidance for the inspector after a “|”."),
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("Changed items make a new version; past inspections keep theirs."),
    )


# --- inspections ------------------------------------------------------------------------------


class InspectionForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.none()
    )
    deliverable = forms.ModelChoiceField(
        label=_("Deliverable"), queryset=Deliverable.objects.none(), required=False
    )
    task = forms.ModelChoiceField(label=_("Task"), queryset=Task.objects.none(), required=False)
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=User.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    client_visible = forms.BooleanField(label=_("Client can see the results"), required=False)

    def __init__(self, *args, templates, deliverables, tasks, team, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["deliverable"].queryset = deliverables
        self.fields["task"].queryset = tasks
        self.fields["inspector"].queryset = team


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ItemOutcome.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- defects ----------------------------------------------------------------------------------


class DefectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    severity = forms.ChoiceField(label=_("Severity"), choices=DefectSeverity.choices)
    found_in = forms.ChoiceField(label=_("Found in"), choices=FoundIn.choices)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deliverable = forms.ModelChoiceField(
        label=_("Deliverable"), queryset=Deliverable.objects.none(), required=False
    )
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), required=False
    )
    root_cause_category = forms.ChoiceField(
        label=_("Root cause"), choices=[("", "—"), *RootCause.choices], required=False
    )
    root_cause = forms.CharField(
        label=_("Root cause analysis"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    client_visible = forms.BooleanField(label=_("Client can see it"), required=False)

    def __init__(self, *args, deliverables, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].queryset = deliverables
        self.fields["assignee"].queryset = team


class TransitionForm(forms.Form):
    status = forms.CharField(widget=forms.HiddenInput)
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CapaKind.choices)
    description = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team


class VerifyForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Was it effective?"),
        choices=[("1", _("Effective")), ("0", _("Not effective"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("How effectiveness was checked"), widget=forms.Textarea(attrs={"rows": 2})
    )
