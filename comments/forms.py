"""The comment form (rules live in services: size and type limits, who is mentioned)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        required=False,
        strip=True,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "placeholder": _("Write a comment… Markdown works; type @ to mention someone."),
            }
        ),
    )
    visible_to_client = forms.BooleanField(label=_("Visible to the client"), required=False)
    attachments = MultipleFileField(label=_("Attach files"), required=False)


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), required=False, strip=True, widget=forms.Textarea(attrs={"rows": 3})
    )
    visible_to_client = forms.BooleanField(label=_("Visible to the client"), required=False)
