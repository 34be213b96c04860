"""Forms of the performance app (messages translated; the rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import VENDOR_ROLES
from accounts.models import User
from ito_portal.core.forms import DateInput
from projects.models import Task

from .choices import ReviewKind, ReviewRating


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewKind.choices)
    milestone = forms.ModelChoiceField(
        label=_("Milestone"), queryset=Task.objects.none(), required=False
    )
    date = forms.DateField(label=_("Review date"), widget=DateInput)
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", "—"), *ReviewRating.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    assessment = forms.CharField(
        label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["milestone"]
        field.queryset = Task.objects.milestones().filter(project=project).order_by("sort_key")
        field.label_from_instance = lambda task: (
            f"{task.name} · {task.finish_date:%Y-%m-%d}" if task.finish_date else task.name
        )


class AssessmentForm(forms.Form):
    rating = ReviewForm.base_fields["rating"]
    assessment = ReviewForm.base_fields["assessment"]
    findings = ReviewForm.base_fields["findings"]


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=255)
    assignee = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False
    )
    due = forms.DateField(label=_("Due date"), widget=DateInput, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            memberships__project=project, memberships__role__in=VENDOR_ROLES, is_active=True
        ).distinct()
