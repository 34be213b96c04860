"""`{% can "projects.change_project" project as may_edit %}`: hide controls (not security)."""

from django import template

from accounts import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, code: str, obj=None) -> bool:
    return access.can(context["request"].user, code, obj)
