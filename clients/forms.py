"""HTML forms for requests and surveys (messages translated; the rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ito_portal.core.forms import DateInput
from projects.choices import Priority

from .choices import DIMENSIONS, Dimension, RequestStatus


class ClientRequestForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, empty_label=None)
    title = forms.CharField(
        label=_("What do you need?"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Add a monthly inventory report")}),
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why you need it, who will use it, and anything we should know. Markdown."),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    needed_by = forms.DateField(label=_("Needed by"), required=False, widget=DateInput())

    def __init__(self, *args, projects=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("priority", Priority.NORMAL)
        super().__init__(*args, **kwargs)
        if projects is None:
            del self.fields["project"]  # editing: a request stays on its project
        else:
            self.fields["project"].queryset = projects


class RespondForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RequestStatus.choices)
    response = forms.CharField(
        label=_("Response to the client"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The client reads this. Markdown."),
    )


CSAT_CHOICES = [(n, str(n)) for n in range(1, 6)]
NPS_CHOICES = [(n, str(n)) for n in range(11)]
DIMENSION_QUESTIONS = {
    Dimension.QUALITY: _("How satisfied are you with the quality of our work?"),
    Dimension.TIMELINESS: _("How satisfied are you with our timeliness?"),
    Dimension.COMMUNICATION: _("How satisfied are you with our communication?"),
    Dimension.RESPONSIVENESS: _("How satisfied are you with how quickly we respond?"),
}


class SurveyResponseForm(forms.Form):
    quality = forms.TypedChoiceField(
        label=Dimension.QUALITY.label, choices=CSAT_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    timeliness = forms.TypedChoiceField(
        label=Dimension.TIMELINESS.label,
        choices=CSAT_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    communication = forms.TypedChoiceField(
        label=Dimension.COMMUNICATION.label,
        choices=CSAT_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    responsiveness = forms.TypedChoiceField(
        label=Dimension.RESPONSIVENESS.label,
        choices=CSAT_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    nps = forms.TypedChoiceField(
        label=_("How likely are you to recommend us to a colleague?"),
        choices=NPS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you would like us to keep doing, or to do better?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def dimension_fields(self):
        """(bound field, question) per dimension, in order, for the template."""
        return [(self[name], DIMENSION_QUESTIONS[name]) for name in DIMENSIONS]
