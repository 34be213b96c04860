"""The Gantt chart drawn on the server as SVG: plan data in, markup out.

The Gantt page and PDF reports draw the same chart. `gantt_data()` loads what one user may see
into a `GanttChart` (plain data, no request); `render()` turns it into four SVG pieces (column
headings, time scale, task table, timeline) that the page lays out in sticky panes, and
`render_svg()` joins them into one self-contained SVG for a report.

Large plans are drawn in windows of rows: a chart holds the rows of one window (with their
position in the whole plan) and the links whose lower end lies in that window, so each link is
drawn once, by the window that completes it, reaching up into the rows above.

The SVG is styled with presentation attributes only, so it needs no stylesheet. Its classes are
hooks for the page's CSS and JavaScript:

- `gantt-bar` plus `gantt-task`, `gantt-summary` or `gantt-milestone` (and `gantt-critical`):
  one task's shape, carrying `data-id`, `data-start`, `data-finish` (ISO dates) and
  `data-duration`; inside it `gantt-bar-body`, `gantt-bar-progress` and `gantt-handle` (the
  resize grip of a work task). `gantt-edit` is the `<a>` around a bar the user may reschedule.
- `gantt-baseline` (baseline bar), `gantt-link gantt-link-fs|ss|ff|sf` (dependency arrow, with
  `gantt-critical` on the critical path), `gantt-today`, `gantt-nonworking`, `gantt-label`,
  `gantt-row` (a row of the task table, with `data-id`), `gantt-scale-label` (a month or year
  label, with the x range `data-from`..`data-to` it may slide along to stay in view).
"""

from .data import ROW_FIELDS, GanttChart, GanttLink, GanttRow, gantt_data
from .style import (
    BAR,
    BAR_DONE,
    BASELINE,
    COLUMNS,
    CRITICAL,
    CRITICAL_DONE,
    DAY,
    DEFAULT_ZOOM,
    FINISH_SIDE_LINKS,
    FONT,
    GRID,
    HEAD_H,
    HEADER,
    INDENT,
    INK,
    LEFT_W,
    LINE,
    LINK,
    MAX_WIDTH,
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
    WINDOW,
    YEAR,
    ZOOMS,
)
from .svg import ENTRY, STUB, TIERS, GanttSvg, render, render_svg

__all__ = [
    "BAR",
    "BAR_DONE",
    "BASELINE",
    "COLUMNS",
    "CRITICAL",
    "CRITICAL_DONE",
    "DAY",
    "DEFAULT_ZOOM",
    "ENTRY",
    "FINISH_SIDE_LINKS",
    "FONT",
    "GRID",
    "HEADER",
    "HEAD_H",
    "INDENT",
    "INK",
    "LEFT_W",
    "LINE",
    "LINK",
    "MAX_WIDTH",
    "MILESTONE",
    "MONTH",
    "MUTED",
    "NONWORKING",
    "ROW_FIELDS",
    "ROW_H",
    "STUB",
    "SUMMARY",
    "SUMMARY_KIND",
    "TASK",
    "TIERS",
    "TIER_H",
    "TODAY",
    "WEEK",
    "WINDOW",
    "YEAR",
    "ZOOMS",
    "GanttChart",
    "GanttLink",
    "GanttRow",
    "GanttSvg",
    "gantt_data",
    "render",
    "render_svg",
]
