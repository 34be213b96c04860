"""The report's charts as inline SVG, drawn from the snapshot in the reader's language:
progress against plan (the planned S-curve and the actual progress of each report) and the
milestone timeline. Presentation attributes only, so the same markup works in the page, in
e-mail previews and in the PDF."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat, formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK, MUTED, GRID, LINE = "#1e293b", "#667382", "#eef1f4", "#dce1e7"
PLAN, ACTUAL, AS_OF = "#a9b3be", "#1d60b0", "#f76707"
DONE, LATE, NEXT = "#2fb344", "#d63939", "#1d60b0"
FONT = (
    "-apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', "
    "'Noto Sans SC', Roboto, Arial, sans-serif"
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _svg(width: int, height: int, body: str, label: str) -> SafeString:
    # Every text inside went through escape().
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(label)}" font-family="{FONT}" '
        f'font-size="11" fill="{INK}" class="report-chart">{body}</svg>'
    )


def _month_ticks(first: dt.date, last: dt.date, limit: int = 8) -> list[dt.date]:
    months = []
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    step = max(1, -(-len(months) // limit))
    return months[::step]


def progress_chart(section: dict) -> SafeString:
    """Planned progress (the S-curve) and actual progress at each report, 0–100 %."""
    first, last = _date(section.get("start")), _date(section.get("finish"))
    if not first or not last or last <= first:
        return mark_safe("")
    width, height, left, right, top, bottom = 640, 230, 40, 16, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    span = (last - first).days

    def x(day: dt.date) -> float:
        return left + plot_w * min(max((day - first).days, 0), span) / span

    def y(percent: float) -> float:
        return top + plot_h * (1 - min(max(percent, 0), 100) / 100)

    parts = []
    for percent in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(percent):.1f}" y2="{y(percent):.1f}" '
            f'stroke="{GRID}"/><text x="{left - 6}" y="{y(percent) + 4:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{percent}%</text>'
        )
    for tick in _month_ticks(first, last):
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top + plot_h}" '
            f'y2="{top + plot_h + 4}" stroke="{LINE}"/><text x="{x(tick):.1f}" '
            f'y="{top + plot_h + 17}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(dateformat.format(tick, 'M'))}</text>"
        )
    planned = [(_date(d), p) for d, p in section.get("planned", [])]
    if planned:
        points = " ".join(f"{x(d):.1f},{y(p):.1f}" for d, p in planned)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{PLAN}" stroke-width="2" '
            f'stroke-dasharray="5 4"/>'
        )
    as_of = _date(section.get("as_of"))
    if as_of:
        parts.append(
            f'<line x1="{x(as_of):.1f}" x2="{x(as_of):.1f}" y1="{top}" y2="{top + plot_h}" '
            f'stroke="{AS_OF}" stroke-width="1.5"/>'
        )
    actual = [(_date(d), p) for d, p in section.get("actual", [])]
    if actual:
        start = [(first, 0.0)] if actual[0][0] > first else []
        points = " ".join(f"{x(d):.1f},{y(p):.1f}" for d, p in start + actual)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{ACTUAL}" stroke-width="2.5"/>'
        )
        for day, percent in actual:
            parts.append(
                f'<circle cx="{x(day):.1f}" cy="{y(percent):.1f}" r="3.5" fill="{ACTUAL}"/>'
            )
        day, percent = actual[-1]
        parts.append(
            f'<text x="{x(day) + 6:.1f}" y="{y(percent) - 6:.1f}" font-weight="700" '
            f'fill="{ACTUAL}">{percent:.0f}%</text>'
        )
    legend_y = height - 6
    parts.append(
        f'<line x1="{left}" x2="{left + 22}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'stroke="{PLAN}" stroke-width="2" stroke-dasharray="5 4"/>'
        f'<text x="{left + 28}" y="{legend_y}">{escape(_("Planned"))}</text>'
        f'<line x1="{left + 120}" x2="{left + 142}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'stroke="{ACTUAL}" stroke-width="2.5"/>'
        f'<text x="{left + 148}" y="{legend_y}">{escape(_("Actual"))}</text>'
        f'<line x1="{left + 240}" x2="{left + 240}" y1="{legend_y - 10}" y2="{legend_y + 1}" '
        f'stroke="{AS_OF}" stroke-width="1.5"/>'
        f'<text x="{left + 246}" y="{legend_y}">{escape(_("Status date"))}</text>'
    )
    return _svg(width, height, "".join(parts), _("Progress against plan"))


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def milestone_timeline(section: dict, progress: dict | None) -> SafeString:
    """The project's milestones on one line from start to finish: met, missed and ahead."""
    timeline = section.get("timeline") or []
    dates = [_date(m["date"]) for m in timeline]
    first = _date((progress or {}).get("start")) or (min(dates) if dates else None)
    last = _date((progress or {}).get("finish")) or (max(dates) if dates else None)
    if not timeline or not first or not last:
        return mark_safe("")
    first, last = min([first, *dates]), max([last, *dates])
    span = max((last - first).days, 1)
    width, left, right, axis = 640, 18, 18, 70
    as_of = _date((progress or {}).get("as_of"))
    missed = {m["id"] for m in section.get("missed", [])}

    def x(day: dt.date) -> float:
        return left + (width - left - right) * (day - first).days / span

    parts = [
        f'<line x1="{left}" x2="{width - right}" y1="{axis}" y2="{axis}" stroke="{LINE}" '
        f'stroke-width="3" stroke-linecap="round"/>'
    ]
    for tick in _month_ticks(first, last):
        parts.append(
            f'<text x="{x(tick):.1f}" y="{axis + 58}" text-anchor="middle" fill="{MUTED}" '
            f'font-size="10">{escape(dateformat.format(tick, "M"))}</text>'
        )
    if as_of and first <= as_of <= last:
        parts.append(
            f'<line x1="{x(as_of):.1f}" x2="{x(as_of):.1f}" y1="{axis - 18}" y2="{axis + 18}" '
            f'stroke="{AS_OF}" stroke-width="1.5"/>'
        )
    shown = timeline if len(timeline) <= 12 else timeline[:: -(-len(timeline) // 12)]
    for n, milestone in enumerate(shown):
        day = _date(milestone["date"])
        colour = (
            DONE if milestone["status"] == "done" else LATE if milestone["id"] in missed else NEXT
        )
        cx = x(day)
        parts.append(
            f'<path d="M{cx:.1f} {axis - 7}l7 7-7 7-7-7z" fill="{colour}" stroke="#fff" '
            f'stroke-width="1.5"><title>{escape(milestone["name"])} · '
            f"{escape(formats.date_format(day, 'SHORT_DATE_FORMAT'))}</title></path>"
        )
        above = n % 2 == 0
        label_y = axis - 30 - (n % 4 // 2) * 14 if above else axis + 24 + (n % 4 // 2) * 12
        anchor = "start" if cx < width * 0.15 else "end" if cx > width * 0.85 else "middle"
        parts.append(
            f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{axis + (-9 if above else 9)}" '
            f'y2="{label_y + (4 if above else -10)}" stroke="{LINE}"/>'
            f'<text x="{cx:.1f}" y="{label_y}" text-anchor="{anchor}" font-size="10">'
            f"{escape(_short(milestone['name']))}</text>"
        )
    return _svg(width, 136, "".join(parts), _("Milestone timeline"))
