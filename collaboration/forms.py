"""HTML forms of collaboration (validation messages translated; rules live in services)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from projects.models import Task

from .choices import MeetingKind
from .models import Folder


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, user):
        return user.get_display_name()


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=DateTimeLocalInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=1440, initial=60
    )
    location = forms.CharField(
        label=_("Location or link"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Room 3 / https://meeting.example.com/…")}),
    )
    team = PeopleField(label=_("Team"), queryset=User.objects.none(), required=False)
    client_people = PeopleField(label=_("Client"), queryset=User.objects.none(), required=False)
    client_visible = forms.BooleanField(
        label=_("The client can see this meeting"),
        required=False,
        help_text=_("Always so when the client's people are invited."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("1. Progress\n2. Risks\n3. Next steps")}
        ),
        help_text=_("Markdown."),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        team = [m.user_id for m in people if not m.is_client_role]
        client = [m.user_id for m in people if m.is_client_role]
        self.fields["team"].queryset = User.objects.filter(pk__in=team).order_by(
            "display_name", "username"
        )
        self.fields["client_people"].queryset = User.objects.filter(pk__in=client).order_by(
            "display_name", "username"
        )
        if not client:
            del self.fields["client_people"]
        if not self.is_bound and "starts_at" not in self.initial:
            start = timezone.localtime() + dt.timedelta(days=1)
            self.initial["starts_at"] = start.replace(hour=10, minute=0, second=0, microsecond=0)

    def attendees(self) -> list[User]:
        data = self.cleaned_data
        return [*data.get("team", []), *data.get("client_people", [])]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=pgettext_lazy("meeting", "Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown. Saved as a draft until you publish them."),
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("What was decided")}),
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("action item", "Action"), max_length=255)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Nobody yet")
    )
    due_date = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    to_plan = forms.BooleanField(label=_("Add it to the plan as a task"), required=False)
    parent = forms.ModelChoiceField(
        label=_("Under"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("The top level of the WBS"),
    )

    def __init__(self, *args, people=(), summaries=None, may_plan=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            pk__in=[m.user_id for m in people]
        ).order_by("display_name", "username")
        self.fields["owner"].label_from_instance = lambda user: user.get_display_name()
        if may_plan and summaries is not None:
            self.fields["parent"].queryset = summaries
            self.fields["to_plan"].initial = True
        else:
            del self.fields["to_plan"]
            del self.fields["parent"]


class FolderForm(forms.ModelForm):
    class Meta:
        model = Folder
        fields = ["name", "client_visible"]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    name = forms.CharField(
        label=_("Name"), max_length=255, required=False, help_text=_("Empty: the file's name.")
    )
    folder = forms.ModelChoiceField(
        label=_("Folder"), queryset=Folder.objects.none(), required=False,
        empty_label=_("Top level"),
    )  # fmt: skip
    client_visible = forms.BooleanField(label=_("The client can see it"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, folders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = folders if folders is not None else Folder.objects.none()


class VersionForm(forms.Form):
    file = forms.FileField(label=_("New version"))
    note = forms.CharField(
        label=_("What changed"), max_length=300, required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Updated after the client's review")}),
    )  # fmt: skip


class DocumentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    folder = forms.ModelChoiceField(
        label=_("Folder"), queryset=Folder.objects.none(), required=False,
        empty_label=_("Top level"),
    )  # fmt: skip
    client_visible = forms.BooleanField(label=_("The client can see it"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, folders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = folders if folders is not None else Folder.objects.none()


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown."),
    )  # fmt: skip
    project = forms.ChoiceField(label=_("For"), required=False)
    client_visible = forms.BooleanField(label=_("Clients can see it"), required=False, initial=True)
    pinned = forms.BooleanField(label=_("Pin it to the top"), required=False)

    def __init__(self, *args, projects=(), organisation_wide=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), f"{p.code} {p.name}") for p in projects]
        if organisation_wide:
            choices.insert(0, ("", _("Everyone (organisation-wide)")))
        self.fields["project"].choices = choices
        self.projects = {str(p.pk): p for p in projects}

    def clean_project(self):
        value = self.cleaned_data.get("project") or ""
        if value and value not in self.projects:
            raise forms.ValidationError(_("Choose one of your projects."))
        return self.projects.get(value)
