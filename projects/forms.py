"""HTML forms for projects (validation messages translated; rules live in services)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.choices import VENDOR_ROLES
from accounts.models import Organization, User
from ito_portal.core.forms import DateInput

from .choices import ConstraintType, DependencyType
from .models import Deliverable, Project, Task


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "client",
            "manager",
            "status",
            "start_date",
            "end_date",
            "calendar",
            "budget",
            "currency",
            "description",
            "objectives",
            "scope",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = access.visible(user, Organization.objects.clients())
        self.fields["manager"].queryset = (
            access.visible(user, User).vendor_staff().filter(is_active=True)
        )
        self.fields["code"].validators = []
        project = self.instance if self.instance.pk else None
        if project is None:
            self.fields["calendar"].required = False
            self.fields["calendar"].empty_label = _("The default calendar")
        self.fields["budget"].required = False
        self.fields["currency"].required = False
        if project is not None and not access.can(user, "projects.assign_project", project):
            for name in ("code", "client", "manager"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Only the PMO can change this.")
        if project is not None and not access.can(user, "projects.view_budget", project):
            del self.fields["budget"], self.fields["currency"]

    def clean_budget(self):
        return self.cleaned_data.get("budget") or Decimal(0)

    def clean_currency(self):
        return self.cleaned_data.get("currency") or "CNY"

    def validate_unique(self):
        """Uniqueness is the service's job (it compares codes case-insensitively)."""

    def validate_constraints(self):
        """The service checks the same rules and reports them all at once, on their fields."""


SUMMARY_DERIVED = (
    "status", "duration_days", "effort_hours", "percent_complete", "constraint_type",
    "constraint_date",
)  # fmt: skip


class TaskForm(forms.ModelForm):
    """Every field a manager sets on a task; the view passes only what changed to the service."""

    class Meta:
        model = Task
        fields = [
            "name", "assignee", "status", "priority", "duration_days", "effort_hours",
            "percent_complete", "constraint_type", "constraint_date", "deliverable",
            "client_visible", "description",
        ]  # fmt: skip
        widgets = {
            "constraint_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = project_team(project)
        if "deliverable" in self.fields:
            self.fields["deliverable"].queryset = project.deliverables.all()
        if self.instance.pk and self.instance.is_summary:
            for name in SUMMARY_DERIVED:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("A summary task takes this from its subtasks.")

    def validate_unique(self):
        """The service owns the rules."""

    def validate_constraints(self):
        """The service owns the rules (and names every problem at once)."""


class TaskRowForm(TaskForm):
    """The WBS table's inline edit: the fields a planner changes most.

    `start` is not a field of the task: moving a task's start sets a "start no earlier than"
    constraint on that date, as dragging a bar in MS Project does.
    """

    start = forms.DateField(label=_("Start"), required=False, widget=DateInput())

    class Meta(TaskForm.Meta):
        fields = ["name", "assignee", "duration_days", "status", "percent_complete"]
        widgets = {"percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_summary:
            del self.fields["start"]
        else:
            self.initial["start"] = self.instance.start_date

    def task_changes(self) -> dict:
        """What changed, as task fields (a new start becomes an SNET constraint)."""
        data = {name: self.cleaned_data[name] for name in self.changed_data if name != "start"}
        start = self.cleaned_data.get("start")
        if "start" in self.changed_data and start:
            data["constraint_type"] = ConstraintType.SNET
            data["constraint_date"] = start
        return data


class TaskAddForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    duration_days = forms.IntegerField(label=_("Duration (working days)"), min_value=0, initial=1)


class DependencyForm(forms.Form):
    predecessor = forms.ModelChoiceField(label=_("Predecessor"), queryset=Task.objects.none())
    type = forms.ChoiceField(label=_("Type"), choices=DependencyType.choices, initial="FS")
    lag_days = forms.IntegerField(
        label=_("Lag (working days)"), initial=0, min_value=-3650, max_value=3650
    )

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["predecessor"].queryset = (
            Task.objects.filter(project_id=task.project_id).exclude(pk=task.pk).order_by("sort_key")
        )


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = [
            "name",
            "due_date",
            "status",
            "client_visible",
            "description",
            "acceptance_criteria",
        ]
        widgets = {
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "acceptance_criteria": forms.Textarea(attrs={"rows": 4}),
        }


class BaselineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


def project_team(project):
    """Vendor people on the project: who tasks can be assigned to."""
    return (
        User.objects.filter(
            memberships__project=project, memberships__role__in=list(VENDOR_ROLES), is_active=True
        )
        .order_by("display_name", "username")
        .distinct()
    )


WEEKDAYS = [
    ("1", _("Monday")), ("2", _("Tuesday")), ("3", _("Wednesday")), ("4", _("Thursday")),
    ("5", _("Friday")), ("6", _("Saturday")), ("7", _("Sunday")),
]  # fmt: skip


class CalendarWeekForm(forms.Form):
    working_weekdays = forms.MultipleChoiceField(
        label=_("Working weekdays"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(
        label=_("This day is"),
        choices=[
            ("holiday", _("A holiday (no work)")),
            ("working", _("A working day (调休)")),
            ("clear", _("As the week says")),
        ],
    )
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
