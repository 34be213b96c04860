"""The acceptance form: submit, accept or reject with a comment (rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AcceptanceAction


class AcceptanceForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=AcceptanceAction.choices,
        error_messages={"invalid_choice": _("Choose submit, accept or reject.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when rejecting: say what must change."),
    )
