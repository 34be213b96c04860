"""Forms of the CMDB, backups and security pages (messages translated; rules in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from ito_portal.core.forms import DateInput

from .choices import RelationKind
from .models import (
    BackupJob,
    BackupResult,
    ConfigurationItem,
    RestoreDrill,
    SecurityFinding,
    Service,
)


def vendor_people():
    return User.objects.filter(is_active=True).exclude(organization__kind="client")


class ConfigurationItemForm(forms.ModelForm):
    client = forms.ModelChoiceField(queryset=None, label=_("Client"))

    class Meta:
        model = ConfigurationItem
        fields = [
            "client", "name", "kind", "environment", "criticality", "hostname", "service",
            "owner", "description", "active",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = vendor_people()
        if self.instance.pk:
            del self.fields["client"]
            self.fields["service"].queryset = Service.objects.filter(
                contract__client_id=self.instance.client_id
            )
        else:
            self.fields["client"].queryset = clients
            self.fields["service"].queryset = Service.objects.filter(
                contract__client__in=clients
            ).select_related("contract")

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("client", None)
        return data


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    target = forms.ModelChoiceField(queryset=None, label=_("Configuration item"))

    def __init__(self, *args, ci: ConfigurationItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = ConfigurationItem.objects.filter(
            client_id=ci.client_id
        ).exclude(pk=ci.pk)


class ImportForm(forms.Form):
    client = forms.ModelChoiceField(queryset=None, label=_("Client"))
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, kind, environment, criticality, hostname, service, owner, "
            "description; optionally runs_on and depends_on (names, separated by ;)."
        ),
    )

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients


class FindingForm(forms.ModelForm):
    client = forms.ModelChoiceField(queryset=None, label=_("Client"))

    class Meta:
        model = SecurityFinding
        fields = [
            "client", "title", "severity", "cvss_score", "status", "assessment",
            "configuration_item", "source", "remediation_owner", "due_date", "description",
        ]  # fmt: skip
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remediation_owner"].queryset = vendor_people()
        if self.instance.pk:
            del self.fields["client"]
            client_ids = [self.instance.client_id]
        else:
            self.fields["client"].queryset = clients
            client_ids = clients.values("pk")
        self.fields["assessment"].queryset = self.fields["assessment"].queryset.filter(
            client_id__in=client_ids
        )
        self.fields["configuration_item"].queryset = ConfigurationItem.objects.filter(
            client_id__in=client_ids
        )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("client", None)
        return data


class BackupJobForm(forms.ModelForm):
    class Meta:
        model = BackupJob
        fields = [
            "name", "what", "schedule", "expected_period_hours", "retention_days", "target",
        ]  # fmt: skip


class BackupResultForm(forms.ModelForm):
    class Meta:
        model = BackupResult
        fields = ["status", "started_at", "finished_at", "size_bytes", "message"]
        widgets = {
            "started_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "finished_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "message": forms.TextInput(),
        }


class RestoreDrillForm(forms.ModelForm):
    class Meta:
        model = RestoreDrill
        fields = [
            "job", "performed_at", "rpo_target_minutes", "rpo_achieved_minutes",
            "rto_target_minutes", "rto_achieved_minutes", "success", "notes",
        ]  # fmt: skip
        widgets = {
            "performed_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, ci: ConfigurationItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = BackupJob.objects.filter(configuration_item=ci)
