"""Template helpers for the pool and workload pages: the utilisation colour scale."""

from django import template

register = template.Library()

OVER = 1.0001  # rounding of spread hours is not over-allocation


@register.filter
def load_class(cell) -> str:
    """The heatmap class of a cell (or a bare utilisation): light when under-booked, green at
    80-100%, red above (the template adds an icon, so it is not colour only)."""
    utilisation = getattr(cell, "utilisation", cell)
    if utilisation is None:
        return "load-over" if getattr(cell, "demand_hours", 0) else "load-off"
    if getattr(cell, "over_allocated", False) or utilisation > OVER:
        return "load-over-high" if utilisation > 1.25 else "load-over"
    if utilisation <= 0:
        return "load-0"
    if utilisation < 0.5:
        return "load-low"
    if utilisation < 0.8:
        return "load-mid"
    return "load-full"


@register.filter
def percent(utilisation) -> str:
    """0.853 → "85" (no sign: templates add it); "" for no capacity."""
    if utilisation is None:
        return ""
    return f"{utilisation * 100:.0f}"


@register.filter
def bar_width(utilisation) -> int:
    """A progress bar's width in percent, capped at 100."""
    if utilisation is None:
        return 0
    return max(0, min(100, round(utilisation * 100)))


@register.filter
def hours1(value) -> str:
    """Hours with at most one decimal: 40.0 → "40", 12.25 → "12.3"."""
    if value is None:
        return ""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text
