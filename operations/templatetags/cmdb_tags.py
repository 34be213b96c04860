"""Colours and icons of the CMDB, backup and security pages (Tabler colour names)."""

from django import template

register = template.Library()

SEVERITY = {
    "critical": "red",
    "high": "orange",
    "medium": "yellow",
    "low": "azure",
    "info": "secondary",
}
BACKUP = {"success": "green", "partial": "yellow", "failed": "red"}
KIND_ICON = {
    "server": "bi-hdd-rack", "vm": "bi-pc-display", "database": "bi-database",
    "application": "bi-window-stack", "network": "bi-router", "cloud": "bi-cloud",
}  # fmt: skip
ENVIRONMENT = {
    "production": "purple",
    "staging": "cyan",
    "test": "teal",
    "development": "secondary",
}


@register.filter
def severity_colour(value) -> str:
    """critical, high, medium, low, info (also a CI's criticality) → a Tabler colour."""
    return SEVERITY.get(str(value), "secondary")


@register.filter
def backup_colour(value) -> str:
    return BACKUP.get(str(value), "secondary")


@register.filter
def kind_icon(value) -> str:
    return KIND_ICON.get(str(value), "bi-box")


@register.filter
def environment_colour(value) -> str:
    return ENVIRONMENT.get(str(value), "secondary")


@register.filter
def filesize_or_dash(value) -> str:
    from django.template.defaultfilters import filesizeformat

    return "—" if value in (None, "") else filesizeformat(value)
