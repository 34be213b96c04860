"""The budget line form (messages translated; the rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ito_portal.core.forms import DateInput

from .choices import BudgetCategory
from .models import BudgetLine


class BudgetLineForm(forms.ModelForm):
    """A line of a project's budget; a labour line's actual is computed, never typed."""

    class Meta:
        model = BudgetLine
        fields = [
            "category", "description", "planned_amount", "committed_amount", "actual_amount",
            "incurred_on",
        ]  # fmt: skip
        widgets = {"incurred_on": DateInput()}
        help_texts = {
            "actual_amount": _("Labour: computed from approved hours × rates."),
            "committed_amount": "",
            "incurred_on": "",
        }

    def __init__(self, *args, form_id: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("committed_amount", "actual_amount"):
            self.fields[name].required = False
        for name in ("planned_amount", "committed_amount", "actual_amount"):
            self.fields[name].widget.attrs.update(min="0", step="0.01", inputmode="decimal")
        if form_id:
            # Inline in a table row: the inputs sit in cells and name their <form> by id.
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id

    def clean(self):
        data = super().clean()
        for name in ("committed_amount", "actual_amount"):
            if data.get(name) is None:
                data[name] = 0
        if data.get("category") == BudgetCategory.LABOUR:
            data["actual_amount"] = 0
        return data
