"""HTML forms of reports and the communication plan (the services hold the rules)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from collaboration.choices import MeetingKind
from ito_portal.core.forms import DateInput

from .choices import (
    Audience,
    Channel,
    Frequency,
    Information,
    ReportKind,
    StakeholderGroup,
)

MONTH_DAYS = [(str(day), str(day)) for day in range(1, 29)] + [("-1", _("Last day"))]


class ReportTextsForm(forms.Form):
    """The manager's summary and the decisions needed from the client."""

    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=_("Markdown. How the period went, in the manager's words."),
    )
    decisions = forms.CharField(
        label=_("Decisions needed from the client"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown. One decision per line, with the date it is needed by."),
    )


class GenerateForm(forms.Form):
    """Which report to draft: weekly or monthly, for the period holding a day."""

    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    day = forms.DateField(
        label=_("Period"),
        widget=DateInput(),
        help_text=_("Any day of the week or month to report on."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class CommunicationEntryForm(forms.Form):
    """One line of the communication plan."""

    information = forms.ChoiceField(label=_("Information"), choices=Information.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional; a meeting's title in the invitation."),
    )
    report_audience = forms.ChoiceField(
        label=_("Report version"), choices=Audience.choices, initial=Audience.CLIENT
    )
    auto_publish = forms.BooleanField(label=_("Publish automatically"), required=False)
    meeting_kind = forms.ChoiceField(
        label=_("Meeting type"), choices=[("", "—"), *MeetingKind.choices], required=False
    )
    meeting_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=480, initial=60, required=False
    )
    audience_groups = forms.MultipleChoiceField(
        label=_("Stakeholder groups"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Named people"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in Channel.choices if c[0] != Channel.MEETING],
        required=False,
        help_text=_("Meetings are sent as calendar invitations."),
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[(str(k), v) for k, v in WEEKDAYS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    month_day = forms.TypedChoiceField(
        label=_("Day of the month"),
        choices=MONTH_DAYS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    rrule = forms.CharField(
        label=_("RRULE"),
        max_length=300,
        required=False,
        help_text=_("RFC 5545, e.g. FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1 (the first Monday)."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    time_of_day = forms.TimeField(
        label=_("Time"),
        initial=dt.time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("In the owner's time zone; a meeting starts then."),
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, people, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_groups"].choices = StakeholderGroup.choices
        self.fields["people"].queryset = people
        self.fields["people"].label_from_instance = lambda u: (
            f"{u.get_display_name()} · {u.organization}"
        )
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.get_display_name()
        self.fields["starts_on"].initial = timezone.localdate()

    def service_data(self) -> dict:
        """Cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        data["channel"] = data.get("channel") or Channel.EMAIL
        data["meeting_minutes"] = data.get("meeting_minutes") or 60
        data["meeting_kind"] = data.get("meeting_kind") or ""
        return data
