"""Improvement forms (messages translated; the rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.choices import CLIENT_ROLES, OrganizationKind
from accounts.models import Membership, Organization, User
from ito_portal.core.forms import DateInput
from projects.models import Project

from .choices import MOVES, Reach, Status
from .models import ImprovementAction, ImprovementProposal


def vendor_people():
    return User.objects.filter(is_active=True, organization__kind=OrganizationKind.VENDOR)


class ProposalForm(forms.ModelForm):
    """Propose (or edit) an improvement; clients choose between their organisation and their
    projects, the vendor's people between everything they work on."""

    class Meta:
        model = ImprovementProposal
        fields = [
            "title", "problem", "proposal", "expected_benefit", "category", "impact", "effort",
            "reach", "client", "project", "client_visible",
        ]  # fmt: skip
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "expected_benefit": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user: User, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if editing:
            for name in ("reach", "client", "project"):
                del self.fields[name]
        else:
            projects = access.visible(user, Project).select_related("client").order_by("code")
            self.fields["project"].queryset = projects
            self.fields["project"].label_from_instance = lambda p: f"{p.code} · {p.name}"
            if user.is_client:
                self.fields["reach"].choices = [
                    (Reach.CLIENT, _("My organisation")),
                    (Reach.PROJECT, Reach.PROJECT.label),
                ]
                self.fields["reach"].initial = Reach.CLIENT
                del self.fields["client"]
            else:
                clients = Organization.objects.filter(kind=OrganizationKind.CLIENT)
                if not user.is_pmo:
                    clients = clients.filter(
                        pk__in=Membership.objects.filter(user=user)
                        .exclude(role__in=CLIENT_ROLES)
                        .values("project__client_id")
                    )
                self.fields["client"].queryset = clients
        if user.is_client:
            del self.fields["client_visible"]

    def clean(self):
        data = super().clean()
        reach = data.get("reach")
        if reach == Reach.PROJECT and not data.get("project"):
            self.add_error("project", _("Choose the project."))
        if reach == Reach.CLIENT and "client" in self.fields and not data.get("client"):
            self.add_error("client", _("Choose the client."))
        return data


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=Status.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)
    reason = forms.CharField(
        label=_("Reason for rejection"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, proposal: ImprovementProposal, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = MOVES[proposal.status]
        self.fields["status"].choices = [(s, Status(s).label) for s in allowed]
        self.fields["owner"].queryset = vendor_people()
        self.fields["owner"].label_from_instance = lambda u: u.get_display_name()


class ResultForm(forms.Form):
    metric = forms.CharField(label=_("Metric"), max_length=120, required=False)
    before = forms.DecimalField(label=_("Before"), max_digits=14, decimal_places=2, required=False)
    after = forms.DecimalField(label=_("After"), max_digits=14, decimal_places=2, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["title", "owner", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = vendor_people()
        self.fields["owner"].label_from_instance = lambda u: u.get_display_name()


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    internal = forms.BooleanField(label=_("Only the vendor's people see it"), required=False)
