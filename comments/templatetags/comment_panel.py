"""`{% comment_panel target as panel %}`: what comments/panel.html needs for any target."""

from django import template

from comments import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_panel(context, target, lazy=False, form=None, editing=None, edit_form=None):
    return panels.panel(
        context["request"],
        target,
        lazy=bool(lazy),
        form=form or None,
        editing=int(editing) if str(editing or "").isdigit() else None,
        edit_form=edit_form or None,
    )
