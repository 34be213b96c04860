"""Loading what one user may see of a plan into plain chart data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from accounts import access
from accounts.models import User

from ..models import Baseline as BaselineModel
from ..models import BaselineTask, Dependency, Project, Task
from ..scheduling import WorkCalendar
from .style import (
    DAY,
    DEFAULT_ZOOM,
    FINISH_SIDE_LINKS,
    MAX_WIDTH,
    MILESTONE,
    MONTH,
    ROW_H,
    SUMMARY_KIND,
    TASK,
    ZOOMS,
)


@dataclass(frozen=True, slots=True)
class GanttRow:
    """One task as the chart draws it; `index` is its row in the whole chart (from 0)."""

    id: int
    index: int
    wbs: str
    name: str
    level: int
    kind: str  # TASK, SUMMARY_KIND or MILESTONE
    start: dt.date | None
    finish: dt.date | None
    duration: int  # working days (a summary: the working days it spans)
    percent: int = 0
    critical: bool = False
    baseline_start: dt.date | None = None
    baseline_finish: dt.date | None = None
    # A milestone driven by a finish (after an FS or FF link) sits at the end of its day.
    at_day_end: bool = False


@dataclass(frozen=True, slots=True)
class GanttLink:
    """A dependency arrow; either end may lie outside the rows being drawn."""

    predecessor: GanttRow
    successor: GanttRow
    type: str  # FS, SS, FF, SF
    lag: int = 0

    @property
    def critical(self) -> bool:
        return self.predecessor.critical and self.successor.critical


@dataclass(frozen=True)
class GanttChart:
    """Everything the renderer needs: rows (one window or all), links, scale and dates."""

    rows: Sequence[GanttRow]
    links: Sequence[GanttLink]
    calendar: WorkCalendar
    first_day: dt.date
    last_day: dt.date  # inclusive
    zoom: str = DEFAULT_ZOOM
    today: dt.date | None = None
    offset: int = 0  # row index of rows[0]
    total_rows: int = 0
    baseline: str | None = None  # the baseline's name when baseline bars are drawn
    # "/projects/1/gantt/tasks/{id}/": work tasks and milestones become links (and drag targets).
    edit_url: str | None = None

    def __post_init__(self) -> None:
        if self.zoom not in ZOOMS:
            raise ValueError(f"unknown zoom {self.zoom!r}")

    @property
    def ppd(self) -> int:
        return ZOOMS[self.zoom]

    @property
    def width(self) -> int:
        return ((self.last_day - self.first_day).days + 1) * self.ppd

    @property
    def height(self) -> int:
        return len(self.rows) * ROW_H

    def x(self, day: dt.date) -> int:
        """Left edge of `day`'s column."""
        return (day - self.first_day).days * self.ppd

    def days_off(self) -> list[dt.date]:
        """The chart's non-working days, in order."""
        days = (self.last_day - self.first_day).days + 1
        every = (self.first_day + dt.timedelta(days=n) for n in range(days))
        return [day for day in every if not self.calendar.is_working(day)]

    def exceptions(self) -> dict[str, bool]:
        """The calendar's exceptions inside the chart, for the page's drag arithmetic."""
        return {
            day.isoformat(): works
            for day, works in self.calendar.exceptions.items()
            if self.first_day <= day <= self.last_day
        }


# --- loading ------------------------------------------------------------------------------------

ROW_FIELDS = (
    "id", "wbs", "name", "outline_level", "is_summary", "duration_days", "start_date",
    "finish_date", "percent_complete", "is_critical",
)  # fmt: skip


def gantt_data(
    user: User,
    project: Project,
    *,
    baseline: BaselineModel | None = None,
    rows: slice = slice(None),
    zoom: str = DEFAULT_ZOOM,
    today: dt.date | None = None,
    edit_url: str | None = None,
) -> GanttChart:
    """The chart of `project` as `user` may see it, drawing the rows selected by `rows`.

    Only visible tasks appear (clients: client-visible ones), arrows only between them, and
    baseline bars only when the user may see baselines. The date range spans the whole plan,
    so every window of rows shares one time scale. Five queries whatever the plan's size.
    """
    calendar = project.calendar.to_engine()
    if baseline is not None and (
        baseline.project_id != project.pk
        or not access.can(user, "projects.view_baseline", baseline)
    ):
        baseline = None
    planned = {}
    if baseline is not None:
        planned = {
            task_id: (start, finish)
            for task_id, start, finish in BaselineTask.objects.filter(
                baseline=baseline
            ).values_list("task_id", "start_date", "finish_date")
        }
    records = list(
        access.visible(user, Task)
        .filter(project=project)
        .order_by("sort_key")
        .values_list(*ROW_FIELDS)
    )
    finishes = {record[0]: record[7] for record in records}
    raw_links = [
        link
        for link in Dependency.objects.filter(project=project)
        .order_by("id")
        .values_list("predecessor_id", "successor_id", "type", "lag_days")
        if link[0] in finishes and link[1] in finishes
    ]
    milestones = {r[0] for r in records if not r[4] and r[5] == 0 and r[7] is not None}
    # The engine sets a milestone that a finish drives at the end of that day: draw it there.
    day_end = {
        succ
        for pred, succ, kind, lag in raw_links
        if succ in milestones
        and kind in FINISH_SIDE_LINKS
        and finishes[pred] is not None
        and calendar.add_working_days(finishes[pred], lag) == finishes[succ]
    }
    every: list[GanttRow] = []
    for index, (pk, wbs, name, level, summary, duration, start, finish, pct, crit) in enumerate(
        records
    ):
        kind = SUMMARY_KIND if summary else MILESTONE if duration == 0 else TASK
        if kind == SUMMARY_KIND and start and finish:
            duration = calendar.index_on_or_before(finish) - calendar.index_of(start) + 1
        base_start, base_finish = planned.get(pk, (None, None))
        row = GanttRow(
            pk, index, wbs, name, level, kind, start, finish, duration, pct, crit,
            base_start, base_finish, pk in day_end,
        )  # fmt: skip
        every.append(row)
    window = every[rows]
    offset = window[0].index if window else 0
    end = offset + len(window)
    by_id = {row.id: row for row in every}
    links = [
        GanttLink(by_id[pred], by_id[succ], kind, lag)
        for pred, succ, kind, lag in raw_links
        if offset <= max(by_id[pred].index, by_id[succ].index) < end
    ]
    first_day, last_day = _date_range(every, project, zoom)
    return GanttChart(
        rows=window,
        links=links,
        calendar=calendar,
        first_day=first_day,
        last_day=last_day,
        zoom=zoom,
        today=today or timezone.localdate(),
        offset=offset,
        total_rows=len(every),
        baseline=baseline.name if baseline is not None else None,
        edit_url=edit_url,
    )


def _date_range(rows: Sequence[GanttRow], project: Project, zoom: str) -> tuple[dt.date, dt.date]:
    """The plan's span with a margin, snapped to the zoom's units."""
    days = [project.start_date]
    for row in rows:
        days.extend(
            d for d in (row.start, row.finish, row.baseline_start, row.baseline_finish) if d
        )
    low, high = min(days), max(days)
    if zoom == MONTH:
        first = low.replace(day=1)
        last = _month_after(_month_after(high)) - dt.timedelta(days=1)
    else:
        margin_before, margin_after = (1, 7) if zoom == DAY else (7, 21)
        first = _monday(low - dt.timedelta(days=margin_before))
        last = _monday(high + dt.timedelta(days=margin_after)) + dt.timedelta(days=6)
    most = MAX_WIDTH // ZOOMS[zoom]
    if (last - first).days >= most:
        last = first + dt.timedelta(days=most - 1)
    return first, last


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_after(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
