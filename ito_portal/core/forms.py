"""Forms render in the portal's (Tabler) markup everywhere: `{{ form }}` is enough."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


def _css_for(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return ""
    return "form-control"


class PortalBoundField(BoundField):
    """Adds Tabler's classes to every widget, and `is-invalid` when the field has errors."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        css = _css_for(widget or self.field.widget)
        if self.errors:
            css = f"{css} is-invalid"
        attrs["class"] = " ".join(c for c in (attrs.get("class", ""), css) if c)
        return attrs


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "forms/portal_form.html"
    field_template_name = "forms/portal_field.html"
    bound_field_class = PortalBoundField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
