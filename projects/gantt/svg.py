"""Drawing a chart as SVG, in the active language, with presentation attributes only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from django.utils import dateformat, formats
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .data import GanttChart, GanttLink, GanttRow, _monday, _month_after
from .style import (
    BAR,
    BAR_DONE,
    BASELINE,
    COLUMNS,
    CRITICAL,
    CRITICAL_DONE,
    DAY,
    FONT,
    GRID,
    HEAD_H,
    HEADER,
    INDENT,
    INK,
    LEFT_W,
    LINE,
    LINK,
    MILESTONE,
    MONTH,
    MUTED,
    NONWORKING,
    ROW_H,
    SUMMARY,
    SUMMARY_KIND,
    TASK,
    TIER_H,
    TODAY,
    WEEK,
    YEAR,
)


class GanttSvg(NamedTuple):
    """The chart's four panes, each a complete <svg> element."""

    head_left: str
    head_right: str
    body_left: str
    body_right: str
    left_width: int
    width: int  # of the timeline
    height: int  # of the rows drawn


class _Formatter:
    """Dates formatted in the active language, each format of each day done once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[dt.date, str], str] = {}

    def __call__(self, day: dt.date | None, fmt: str) -> str:
        if day is None:
            return "—"
        key = (day, fmt)
        text = self._cache.get(key)
        if text is None:
            text = (
                formats.date_format(day, fmt)
                if fmt.endswith("_FORMAT")
                else dateformat.format(day, fmt)
            )
            self._cache[key] = text
        return text


def render(chart: GanttChart) -> GanttSvg:
    """Draw `chart` (in the active language) as the four panes of the Gantt page."""
    fmt = _Formatter()
    return GanttSvg(
        head_left=_head_left(),
        head_right=_head_right(chart, fmt),
        body_left=_body_left(chart, fmt),
        body_right=_body_right(chart, fmt),
        left_width=LEFT_W,
        width=chart.width,
        height=chart.height,
    )


def render_svg(chart: GanttChart) -> str:
    """One self-contained SVG of the chart (task table beside the timeline), for reports."""
    parts = render(chart)
    width, height = LEFT_W + parts.width, HEAD_H + parts.height
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12" fill="{INK}">'
        f'<rect width="{width}" height="{height}" fill="#fff"/>'
        f"{_at(parts.body_right, LEFT_W, HEAD_H)}{_at(parts.body_left, 0, HEAD_H)}"
        f"{_at(parts.head_right, LEFT_W, 0)}{_at(parts.head_left, 0, 0)}"
        f'<path d="M{LEFT_W} 0V{height}" stroke="{LINE}"/></svg>'
    )


def _at(svg: str, x: int, y: int) -> str:
    """Place a pane's <svg> at (x, y) inside the report's SVG."""
    return svg.replace("<svg ", f'<svg x="{x}" y="{y}" ', 1)


def _svg(width: int, height: int, body: str, *, cls: str, attrs: str = "") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-size="12" fill="{INK}"'
        f"{attrs}>{body}</svg>"
    )


def _text_width(text: str, size: float) -> float:
    """A close estimate of rendered width: CJK characters are square, Latin about half that."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.56 for ch in text)


def _fit(text: str, width: float, size: float = 12) -> str:
    if _text_width(text, size) <= width:
        return text
    room, out = width - size * 0.6, []
    for ch in text:
        room -= size if ord(ch) >= 0x2E80 else size * 0.56
        if room < 0:
            break
        out.append(ch)
    return "".join(out).rstrip() + "…"


def _table_date(day: dt.date | None, fmt: _Formatter) -> str:
    """A short date for the task table; the format is translated (2026-09-10 in Chinese)."""
    # Translators: a date format in Django's date syntax, for the Gantt chart's task table.
    return fmt(day, _("M j, Y"))


def _duration_text(row: GanttRow) -> str:
    return f"{row.duration} {pgettext('working days', 'd')}"


# --- the task table -----------------------------------------------------------------------------


def _head_left() -> str:
    y = HEAD_H - 12
    cells = [
        (COLUMNS["wbs"], _("WBS"), "start"),
        (COLUMNS["name"], _("Task name"), "start"),
        (COLUMNS["start"], _("Start"), "start"),
        (COLUMNS["finish"], _("Finish"), "start"),
        (COLUMNS["duration"], _("Duration"), "end"),
    ]
    text = "".join(
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-weight="600" fill="{MUTED}">'
        f"{escape(label)}</text>"
        for x, label, anchor in cells
    )
    body = (
        f'<rect width="{LEFT_W}" height="{HEAD_H}" fill="{HEADER}"/>{text}'
        f'<path d="M0 {HEAD_H - 0.5}H{LEFT_W}" stroke="{LINE}"/>'
    )
    return _svg(LEFT_W, HEAD_H, body, cls="gantt-head-left")


def _body_left(chart: GanttChart, fmt: _Formatter) -> str:
    parts = []
    name_room = COLUMNS["start"] - COLUMNS["name"] - 10
    lines = []
    for n, row in enumerate(chart.rows):
        top = n * ROW_H
        base = top + ROW_H // 2 + 4
        indent = (row.level - 1) * INDENT
        weight = ' font-weight="600"' if row.kind == SUMMARY_KIND else ""
        icon = ""
        if row.kind == MILESTONE:
            cx, cy = COLUMNS["name"] + indent + 4, top + ROW_H // 2
            icon = (
                f'<path d="M{cx} {cy - 4}L{cx + 4} {cy}L{cx} {cy + 4}L{cx - 4} {cy}Z" '
                f'fill="{CRITICAL_DONE if row.critical else SUMMARY}"/>'
            )
            indent += 12
        name = _fit(row.name, name_room - indent)
        if row.kind == SUMMARY_KIND:
            parts.append(f'<rect y="{top}" width="{LEFT_W}" height="{ROW_H}" fill="{HEADER}"/>')
        parts.append(
            f'<g class="gantt-row" data-id="{row.id}"><title>{escape(row.wbs)} '
            f"{escape(row.name)}</title>"
            f'<text x="{COLUMNS["wbs"]}" y="{base}" fill="{MUTED}">{escape(_fit(row.wbs, 44))}</text>'
            f'{icon}<text x="{COLUMNS["name"] + indent}" y="{base}"{weight}>{escape(name)}</text>'
            f'<text x="{COLUMNS["start"]}" y="{base}">{escape(_table_date(row.start, fmt))}</text>'
            f'<text x="{COLUMNS["finish"]}" y="{base}">{escape(_table_date(row.finish, fmt))}'
            f'</text><text x="{COLUMNS["duration"]}" y="{base}" text-anchor="end">'
            f"{escape(_duration_text(row))}</text></g>"
        )
        lines.append(f"M0 {top + ROW_H - 0.5}H{LEFT_W}")
    if lines:
        parts.append(f'<path d="{"".join(lines)}" stroke="{GRID}"/>')
    return _svg(LEFT_W, max(chart.height, 1), "".join(parts), cls="gantt-body-left")


# --- the time scale -----------------------------------------------------------------------------


def _units(chart: GanttChart, unit: str) -> Iterator[tuple[dt.date, dt.date]]:
    """(first day, day after) of each day, week, month or year across the chart."""
    first, last = chart.first_day, chart.last_day
    day = {
        DAY: first,
        WEEK: _monday(first),
        MONTH: first.replace(day=1),
        YEAR: first.replace(month=1, day=1),
    }[unit]
    while day <= last:
        after = _unit_after(day, unit)
        yield max(day, first), min(after, last + dt.timedelta(days=1))
        day = after


def _unit_after(day: dt.date, unit: str) -> dt.date:
    if unit == DAY:
        return day + dt.timedelta(days=1)
    if unit == WEEK:
        return day + dt.timedelta(days=7)
    if unit == MONTH:
        return _month_after(day)
    return day.replace(year=day.year + 1)


TIERS = {DAY: (MONTH, DAY), WEEK: (MONTH, WEEK), MONTH: (YEAR, MONTH)}  # upper, lower


def _head_right(chart: GanttChart, fmt: _Formatter) -> str:
    upper, lower = TIERS[chart.zoom]
    width = chart.width
    parts = [f'<rect width="{width}" height="{HEAD_H}" fill="{HEADER}"/>']
    parts.extend(_nonworking(chart, TIER_H, HEAD_H - TIER_H))
    lines = [f"M0 {TIER_H - 0.5}H{width}M0 {HEAD_H - 0.5}H{width}"]
    for start, after in _units(chart, upper):
        x, w = chart.x(start), chart.x(after) - chart.x(start)
        label = fmt(start, "YEAR_MONTH_FORMAT") if upper == MONTH else fmt(start, "Y")
        lines.append(f"M{x + w - 0.5} 0V{TIER_H}")
        room = _text_width(label, 12) + 12
        if room <= w:
            # The page slides the label along its unit as the timeline scrolls (gantt.js).
            parts.append(
                f'<text class="gantt-scale-label" x="{x + 6}" y="{TIER_H - 7}" '
                f'font-weight="600" data-from="{x + 6}" data-to="{x + w - room + 6:g}">'
                f"{escape(label)}</text>"
            )
    for start, after in _units(chart, lower):
        x, w = chart.x(start), chart.x(after) - chart.x(start)
        lines.append(f"M{x + w - 0.5} {TIER_H}V{HEAD_H}")
        middle = x + w / 2
        if lower == DAY:
            weekday = fmt(start, "D")
            parts.append(
                f'<g text-anchor="middle"><title>{fmt(start, "DATE_FORMAT")}</title>'
                f'<text x="{middle}" y="{TIER_H + 12}" font-size="9" fill="{MUTED}">'
                f'{escape(weekday)}</text><text x="{middle}" y="{HEAD_H - 5}">'
                f"{fmt(start, 'j')}</text></g>"
            )
            continue
        label = fmt(start, "j") if lower == WEEK else fmt(start, "M")
        if _text_width(label, 11) + 4 <= w:
            parts.append(
                f'<text x="{middle}" y="{HEAD_H - 10}" text-anchor="middle" font-size="11">'
                f"<title>{fmt(start, 'DATE_FORMAT')}</title>{escape(label)}</text>"
            )
    parts.append(f'<path d="{"".join(lines)}" stroke="{LINE}"/>')
    if chart.today and chart.first_day <= chart.today <= chart.last_day:
        x = chart.x(chart.today) + chart.ppd / 2
        parts.append(
            f'<path class="gantt-today" d="M{x - 5:g} {HEAD_H - 6}L{x + 5:g} {HEAD_H - 6}L{x:g} '
            f'{HEAD_H}Z" fill="{TODAY}"><title>{escape(_("Today"))}</title></path>'
        )
    return _svg(width, HEAD_H, "".join(parts), cls="gantt-head-right")


def _nonworking(chart: GanttChart, top: int, height: int) -> list[str]:
    """Shaded columns for days off (day zoom only; a week's 8 pixels would only add noise)."""
    if chart.zoom != DAY:
        return []
    rects, run_start, previous = [], None, None
    for day in [*chart.days_off(), None]:
        if run_start is not None and (day is None or (day - previous).days != 1):
            x = chart.x(run_start)
            w = chart.x(previous) + chart.ppd - x
            rects.append(
                f'<rect class="gantt-nonworking" x="{x}" y="{top}" width="{w}" '
                f'height="{height}" fill="{NONWORKING}"/>'
            )
            run_start = None
        if day is not None and run_start is None:
            run_start = day
        previous = day
    return rects


# --- the timeline -------------------------------------------------------------------------------


def _body_right(chart: GanttChart, fmt: _Formatter) -> str:
    width, height = chart.width, max(chart.height, 1)
    parts = _nonworking(chart, 0, height)
    lower = TIERS[chart.zoom][1]
    grid = [f"M{chart.x(after) - 0.5} 0V{height}" for _start, after in _units(chart, lower)]
    grid.extend(f"M0 {(n + 1) * ROW_H - 0.5}H{width}" for n in range(len(chart.rows)))
    parts.append(f'<path d="{"".join(grid)}" stroke="{GRID}"/>')
    if chart.today and chart.first_day <= chart.today <= chart.last_day:
        x = chart.x(chart.today) + chart.ppd / 2
        parts.append(
            f'<path class="gantt-today" d="M{x:g} 0V{height}" stroke="{TODAY}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    if chart.baseline:
        parts.extend(_baseline_bar(chart, n, row) for n, row in enumerate(chart.rows))
    parts.extend(_arrow(chart, link) for link in chart.links)
    parts.extend(_bar(chart, n, row, fmt) for n, row in enumerate(chart.rows))
    if chart.edit_url:
        label = escape(_("Timeline: select a bar to change its dates"))
        attrs = f' role="group" aria-label="{label}"'
    else:
        attrs = ' aria-hidden="true"'  # the task table beside it says the same in words
    attrs += ' overflow="visible"'  # arrows from rows in earlier windows reach up out of it
    return _svg(width, height, "".join(parts), cls="gantt-body-right", attrs=attrs)


def _span(chart: GanttChart, row: GanttRow) -> tuple[float, float]:
    """Left and right x of a row's shape (a milestone: the diamond's centre, twice)."""
    if row.kind == MILESTONE:
        x = chart.x(row.finish) + (chart.ppd if row.at_day_end else 0)
        return x, x
    return chart.x(row.start), chart.x(row.finish) + chart.ppd


def _bar(chart: GanttChart, n: int, row: GanttRow, fmt: _Formatter) -> str:
    if row.start is None or row.finish is None:
        return ""
    top = n * ROW_H
    mid = top + ROW_H // 2
    left, right = _span(chart, row)
    classes = f"gantt-bar gantt-{row.kind}" + (" gantt-critical" if row.critical else "")
    tip = _tooltip(row, fmt)
    data = (
        f'data-id="{row.id}" data-start="{row.start.isoformat()}" '
        f'data-finish="{row.finish.isoformat()}" data-duration="{row.duration}"'
    )
    editable = chart.edit_url is not None and row.kind != SUMMARY_KIND
    if row.kind == SUMMARY_KIND:
        shape = (
            f'<path class="gantt-bar-body" d="M{left} {top + 8}H{right}V{top + 20}'
            f'L{right - 5} {top + 15}H{left + 5}L{left} {top + 20}Z" '
            f'fill="{CRITICAL_DONE if row.critical else SUMMARY}"/>'
        )
        label_x = right + 6
    elif row.kind == MILESTONE:
        fill = CRITICAL_DONE if row.critical else SUMMARY
        shape = (
            f'<path class="gantt-bar-body" d="M{left} {mid - 8}L{left + 8} {mid}L{left} '
            f'{mid + 8}L{left - 8} {mid}Z" fill="{fill}" stroke="#fff"/>'
        )
        label_x = left + 12
    else:
        width = max(right - left, 3)
        body, done = (CRITICAL, CRITICAL_DONE) if row.critical else (BAR, BAR_DONE)
        progress = round(width * row.percent / 100, 1)
        shape = (
            f'<rect class="gantt-bar-body" x="{left}" y="{top + 6}" width="{width}" height="14" '
            f'rx="3" fill="{body}" stroke="{done}" stroke-width="1"/>'
        )
        if progress:
            shape += (
                f'<rect class="gantt-bar-progress" x="{left}" y="{top + 6}" width="{progress}" '
                f'height="14" rx="3" fill="{done}"/>'
            )
        if editable:
            shape += (
                f'<rect class="gantt-handle" x="{left + width - 6}" y="{top + 4}" width="8" '
                f'height="18" fill="transparent"/>'
            )
        label_x = left + width + 6
    label = row.name
    if row.kind == MILESTONE:
        label = f"{row.name} {fmt(row.finish, 'MONTH_DAY_FORMAT')}"
    elif row.kind == TASK and row.percent:
        label = f"{row.name} {row.percent}%"
    text = (
        f'<text class="gantt-label" x="{label_x}" y="{mid + 4}" font-size="11" fill="{MUTED}" '
        f'stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">'
        f"{escape(_fit(label, 260, 11))}</text>"
    )
    group = f'<g class="{classes}" {data}><title>{escape(tip)}</title>{shape}</g>{text}'
    if not editable:
        return group
    href = escape(chart.edit_url.replace("{id}", str(row.id)))
    aria = escape(_("Change the dates of %(task)s") % {"task": tip})
    return f'<a class="gantt-edit" href="{href}" aria-label="{aria}">{group}</a>'


def _tooltip(row: GanttRow, fmt: _Formatter) -> str:
    name = f"{row.wbs} {row.name}"
    if row.kind == MILESTONE:
        return _("%(name)s: milestone on %(date)s") % {
            "name": name,
            "date": fmt(row.finish, "DATE_FORMAT"),
        }
    text = _("%(name)s: %(start)s – %(finish)s, %(duration)s, %(percent)s%% complete") % {
        "name": name,
        "start": fmt(row.start, "DATE_FORMAT"),
        "finish": fmt(row.finish, "DATE_FORMAT"),
        "duration": _duration_text(row),
        "percent": row.percent,
    }
    if row.critical:
        text += " · " + _("critical")
    return text


def _baseline_bar(chart: GanttChart, n: int, row: GanttRow) -> str:
    if row.baseline_start is None or row.baseline_finish is None:
        return ""
    top = n * ROW_H
    if row.kind == MILESTONE:
        x, y = chart.x(row.baseline_finish) + chart.ppd / 2, top + 22
        shape = f'd="M{x} {y - 4}L{x + 4} {y}L{x} {y + 4}L{x - 4} {y}Z"'
        return f'<path class="gantt-baseline" {shape} fill="{BASELINE}"/>'
    left = chart.x(row.baseline_start)
    width = max(chart.x(row.baseline_finish) + chart.ppd - left, 2)
    return (
        f'<rect class="gantt-baseline" x="{left}" y="{top + 21}" width="{width}" height="4" '
        f'rx="1" fill="{BASELINE}"/>'
    )


# --- dependency arrows --------------------------------------------------------------------------

STUB = 8  # how far an arrow leaves a bar before it turns
ENTRY = 6  # how far inside a bar's start (or end) an arrow comes down onto it


def _edges(chart: GanttChart, row: GanttRow) -> tuple[float, float, float, float, float]:
    """(left, right, top, bottom, middle) of a row's shape, in the drawn window's coordinates."""
    top = (row.index - chart.offset) * ROW_H
    left, right = _span(chart, row)
    if row.kind == MILESTONE:
        return left - 8, right + 8, top + ROW_H / 2 - 8, top + ROW_H / 2 + 8, top + ROW_H / 2
    if row.kind == SUMMARY_KIND:
        return left, right, top + 8, top + 20, top + 14
    return left, right, top + 6, top + 20, top + 13


def _arrow(chart: GanttChart, link: GanttLink) -> str:
    """An elbow connector from the predecessor's start or finish to the successor's.

    Like MS Project: a finish-to-start arrow runs right from the predecessor and drops onto the
    successor's start; when the successor starts too early for that, the arrow turns back along
    the row boundary and enters from the side. Start-to-start and finish-to-finish arrows run
    round the outside of both bars.
    """
    pred, succ = link.predecessor, link.successor
    if None in (pred.start, pred.finish, succ.start, succ.finish):
        return ""
    p_left, p_right, _pt, _pb, p_mid = _edges(chart, pred)
    s_left, s_right, s_top, s_bottom, s_mid = _edges(chart, succ)
    from_finish = link.type in ("FS", "FF")
    to_start = link.type in ("FS", "SS")
    x1 = p_right if from_finish else p_left
    out = 1 if from_finish else -1
    down = succ.index > pred.index
    edge_y = s_top if down else s_bottom
    if succ.kind == MILESTONE:
        drop_x = (s_left + s_right) / 2
    elif to_start:
        drop_x = s_left + min(ENTRY, (s_right - s_left) / 2)
    else:
        drop_x = s_right - min(ENTRY, (s_right - s_left) / 2)
    points: list[tuple[float, float]]
    if from_finish == to_start and (drop_x - x1) * out >= 0:
        # FS (or SF) with room: along the predecessor's row, then down onto the successor.
        points = [(x1, p_mid), (drop_x, p_mid), (drop_x, edge_y)]
        head = "down" if down else "up"
    else:
        x2 = s_left if to_start else s_right
        into = 1 if to_start else -1  # the last segment runs right into a start, left into an end
        a, b = x1 + out * STUB, x2 - into * STUB
        if from_finish == to_start:
            # FS or SF whose successor lies behind the predecessor: back along the row boundary.
            y = _row_boundary(chart, succ, down)
            points = [(x1, p_mid), (a, p_mid), (a, y), (b, y), (b, s_mid), (x2, s_mid)]
        else:
            # SS round the left of both bars, FF round the right.
            turn = min(a, b) if out < 0 else max(a, b)
            points = [(x1, p_mid), (turn, p_mid), (turn, s_mid), (x2, s_mid)]
        head = "right" if to_start else "left"
    colour = CRITICAL_DONE if link.critical else LINK
    path = "M" + "L".join(f"{x:g} {y:g}" for x, y in _tidy(points))
    end_x, end_y = points[-1]
    kind = link.type.lower()
    crit = " gantt-critical" if link.critical else ""
    return (
        f'<g class="gantt-link gantt-link-{kind}{crit}" data-from="{pred.id}" '
        f'data-to="{succ.id}"><path d="{path}" fill="none" stroke="{colour}" '
        f'stroke-width="1.2"/><path d="{_head(end_x, end_y, head)}" fill="{colour}"/></g>'
    )


def _row_boundary(chart: GanttChart, succ: GanttRow, down: bool) -> float:
    """The line between the successor's row and its neighbour on the predecessor's side."""
    top = (succ.index - chart.offset) * ROW_H
    return top if down else top + ROW_H


def _tidy(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated points, so a zero-length segment does not confuse the arrowhead."""
    tidy = [points[0]]
    for point in points[1:]:
        if point != tidy[-1]:
            tidy.append(point)
    return tidy


def _head(x: float, y: float, direction: str) -> str:
    """A small filled triangle with its tip at (x, y)."""
    dx, dy = {"right": (-1, 0), "left": (1, 0), "down": (0, -1), "up": (0, 1)}[direction]
    # Base of the triangle 5 px behind the tip, 3.5 px either side.
    bx, by = x + dx * 5, y + dy * 5
    px, py = dy * 3.5, dx * 3.5
    return f"M{x:g} {y:g}L{bx + px:g} {by + py:g}L{bx - px:g} {by - py:g}Z"
