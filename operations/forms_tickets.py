"""Forms of the service desk: open a ticket, and the actions on one."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import User

from . import permissions as perms
from .choices import Level, Priority, TicketKind
from .models import ConfigurationItem, Service, ServiceContract, SupportGroup


class TicketOpenForm(forms.Form):
    contract = forms.ModelChoiceField(ServiceContract.objects.none(), label=_("contract"))
    service = forms.ModelChoiceField(Service.objects.none(), label=_("service"), required=False)
    configuration_item = forms.ModelChoiceField(
        ConfigurationItem.objects.none(), label=_("configuration item"), required=False
    )
    kind = forms.ChoiceField(choices=TicketKind.choices, label=_("kind"))
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 5}),
                                  required=False)  # fmt: skip
    impact = forms.ChoiceField(choices=Level.choices, label=_("impact"), initial=Level.MEDIUM)
    urgency = forms.ChoiceField(choices=Level.choices, label=_("urgency"), initial=Level.MEDIUM)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        contracts = access.visible(user, ServiceContract, perms.ADD_TICKET).select_related("client")
        self.fields["contract"].queryset = contracts
        self.fields["service"].queryset = access.visible(user, Service).filter(
            contract__in=contracts
        )
        self.fields["configuration_item"].queryset = access.visible(user, ConfigurationItem)
        if contracts.count() == 1:
            self.fields["contract"].initial = contracts.first()


class AssignForm(forms.Form):
    group = forms.ModelChoiceField(SupportGroup.objects.none(), label=_("assignment group"))
    assignee = forms.ModelChoiceField(User.objects.none(), label=_("assignee"), required=False)

    def __init__(self, *args, ticket, **kwargs):
        super().__init__(*args, **kwargs)
        groups = ticket.contract.support_groups.all()
        self.fields["group"].queryset = groups
        self.fields["group"].initial = ticket.group_id
        self.fields["assignee"].queryset = User.objects.filter(
            Q(support_groups__in=groups) | Q(led_support_groups__in=groups), is_active=True
        ).distinct()
        self.fields["assignee"].initial = ticket.assignee_id


class CommentForm(forms.Form):
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(label=_("visible to the client"), required=False, initial=True)


class TransitionForm(forms.Form):
    to = forms.CharField()
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resolution_code = forms.CharField(label=_("resolution category"), required=False)
    resolution_notes = forms.CharField(label=_("resolution notes"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(
        choices=[("", _("Follow impact × urgency")), *list(Priority.choices)],
        label=_("priority"),
        required=False,
    )
