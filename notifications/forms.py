"""HTML forms for webhooks and the e-mail digest (messages translated; rules live in services)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import events, selectors
from .choices import WebhookKind

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class WebhookEndpointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("E.g. “ERP team chat”."))
    kind = forms.ChoiceField(label=_("Kind"), choices=WebhookKind.choices)
    url = forms.URLField(
        label=_("Webhook address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The robot's or app's address, as the chat tool shows it."),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events to send"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    language = forms.ChoiceField(label=_("Language of the messages"), choices=settings.LANGUAGES)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user, endpoint=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.webhook_projects(user=user)
        if user.is_pmo:
            self.fields["project"].empty_label = _("Every project")
            self.fields["project"].help_text = _(
                "Empty: the events of every project (and those of no project)."
            )
        else:
            self.fields["project"].required = True
            self.fields["project"].empty_label = None
        self.fields["events"].choices = [(e.name, e.label) for e in events.all_events()]
        self.fields["secret"].help_text = WebhookEndpointForm._secret_help(endpoint)
        if endpoint is None:
            self.fields["events"].initial = [
                e.name for e in events.all_events() if e.default_for(events.WEBHOOK)
            ]
            self.fields["language"].initial = settings.LANGUAGE_CODE
        else:
            self.initial.update(
                {
                    "name": endpoint.name,
                    "kind": endpoint.kind,
                    "url": endpoint.url,
                    "project": endpoint.project_id,
                    "events": endpoint.events,
                    "language": endpoint.language,
                    "is_active": endpoint.is_active,
                }
            )

    @staticmethod
    def _secret_help(endpoint) -> str:
        text = _(
            "DingTalk and Feishu: the robot's signing secret, if it has one. Generic: the key "
            "of the HMAC-SHA256 signature in the X-ITO-Signature header (required)."
        )
        if endpoint is not None and endpoint.secret:
            text = f"{text} {_('A secret is set: leave empty to keep it.')}"
        return text


class DigestForm(forms.Form):
    daily = forms.BooleanField(label=_("Send my e-mails as one daily digest"), required=False)
    hour = forms.TypedChoiceField(label=_("At"), choices=HOURS, coerce=int, initial=18)
