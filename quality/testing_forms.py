"""Forms for test suites, cases, runs and results (messages translated; rules in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TestCase, TestOutcome, TestSuite


class TestSuiteForm(forms.ModelForm):
    __test__ = False

    class Meta:
        model = TestSuite
        fields = ["name", "deliverable", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].queryset = project.deliverables.order_by("due_date", "name")
        self.fields["deliverable"].empty_label = _("The whole project")


class TestCaseForm(forms.ModelForm):
    __test__ = False

    class Meta:
        model = TestCase
        fields = ["title", "steps", "expected_result"]
        widgets = {
            "steps": forms.Textarea(attrs={"rows": 3}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
        }


class TestRunForm(forms.Form):
    __test__ = False

    environment = forms.CharField(label=_("Environment"), max_length=100, required=False)
    client_visible = forms.BooleanField(label=_("The client can see this run"), required=False)


class TestResultForm(forms.Form):
    __test__ = False

    outcome = forms.ChoiceField(label=_("Outcome"), choices=TestOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000)
