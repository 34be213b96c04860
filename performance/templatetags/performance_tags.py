"""Showing KPI values: number formatting by unit, status colours."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from ..choices import STATUS_COLOURS

register = template.Library()


@register.filter
def kpi_value(value, kpi) -> str:
    """ "1.02", "87.5 %", "−3.2 %", "4.3/5", "12 h"; "—" when not measured."""
    if value in (None, ""):
        return "—"
    value = Decimal(str(value))
    places = 2 if kpi.unit in ("", "/5") and kpi.key != "nps" else 1
    if kpi.key in ("nps", "mtta", "mttr", "overtime_hours", "training_hours"):
        places = 0
    text = number_format(value, places)
    unit = str(kpi.unit)
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "/5") else f"{text} {unit}"


@register.filter
def kpi_number(value, kpi) -> str:
    """The value with its unit only when the unit is a symbol (%, /5); others go beside it."""
    if value in (None, ""):
        return "—"
    unit = str(kpi.unit)
    text = kpi_value(value, kpi)
    if unit in ("%", "/5", ""):
        return text
    return text.removesuffix(f" {unit}")


@register.filter
def long_unit(kpi) -> str:
    unit = str(kpi.unit)
    return "" if unit in ("%", "/5", "") else unit


@register.filter
def status_colour(status) -> str:
    return STATUS_COLOURS.get(status, "secondary")


@register.filter
def status_label(status) -> str:
    from ..choices import KpiStatus

    return KpiStatus(status).label if status in KpiStatus.values else ""


@register.filter
def unmeasured(rows) -> list:
    """The KPIs with nothing to measure in this scope yet (shown apart, not as zero)."""
    return [row for row in rows if row["value"] is None]
