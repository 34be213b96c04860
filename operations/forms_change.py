"""Forms for problems, changes and maintenance windows (messages translated; the rules live
in the services). Choice lists come from the permission layer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import User

from . import permissions as perms
from .choices import ChangeStatus, ProblemStatus
from .models import Change, ConfigurationItem, MaintenanceWindow, Problem, ServiceContract, Ticket


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _vendor_people():
    return User.objects.filter(is_active=True, organization__kind="vendor").order_by(
        "first_name", "username"
    )


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = [
            "client", "title", "description", "owner", "configuration_items", "root_cause",
            "workaround",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "root_cause": forms.Textarea(attrs={"rows": 3}),
            "workaround": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = perms.account_clients(user)
        self.fields["owner"].queryset = _vendor_people()
        self.fields["configuration_items"].queryset = access.visible(
            user, ConfigurationItem
        ).select_related("client")
        self.fields["configuration_items"].required = False
        if self.instance.pk:
            del self.fields["client"]


class ProblemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProblemStatus.choices)


class LinkIncidentForm(forms.Form):
    ticket = forms.ModelChoiceField(label=_("Incident"), queryset=Ticket.objects.none())

    def __init__(self, *args, user, problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket"].queryset = (
            access.visible(user, Ticket)
            .filter(client_id=problem.client_id, kind="incident")
            .exclude(problem=problem)
            .select_related("client")
            .order_by("-opened_at")
        )


class ChangeForm(forms.ModelForm):
    class Meta:
        model = Change
        fields = [
            "contract", "title", "description", "kind", "risk", "impact", "risk_notes",
            "implementation_plan", "rollback_plan", "configuration_items", "planned_start",
            "planned_end",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "risk_notes": forms.Textarea(attrs={"rows": 2}),
            "implementation_plan": forms.Textarea(attrs={"rows": 4}),
            "rollback_plan": forms.Textarea(attrs={"rows": 3}),
            "planned_start": DateTimeInput(),
            "planned_end": DateTimeInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = access.visible(
            user, ServiceContract, perms.ADD_CHANGE
        ).select_related("client")
        self.fields["configuration_items"].queryset = access.visible(
            user, ConfigurationItem
        ).select_related("client")
        self.fields["configuration_items"].required = False
        if self.instance.pk:
            del self.fields["contract"]

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", _("The end must be after the start."))
        return data


class OverrideForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Override reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed outside the agreed maintenance windows or in a freeze."),
    )


class ScheduleForm(OverrideForm):
    planned_start = forms.DateTimeField(label=_("Planned start"), widget=DateTimeInput())
    planned_end = forms.DateTimeField(label=_("Planned end"), widget=DateTimeInput())


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImplementForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (s.value, s.label)
            for s in (ChangeStatus.IMPLEMENTED, ChangeStatus.FAILED, ChangeStatus.ROLLED_BACK)
        ],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    review = forms.CharField(
        label=_("Post-implementation review"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False)


class WindowForm(forms.ModelForm):
    class Meta:
        model = MaintenanceWindow
        fields = ["client", "contract", "title", "kind", "starts_at", "ends_at", "weekly",
                  "repeat_until"]  # fmt: skip
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "repeat_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = perms.account_clients(user)
        self.fields["contract"].queryset = access.visible(
            user, ServiceContract, perms.ADD_MAINTENANCE_WINDOW
        ).select_related("client")

    def _post_clean(self):
        pass  # the service validates (and saves) the window; no model.full_clean() here
