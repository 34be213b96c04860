"""The Gantt snapshot of a report: the plan's chart drawn by projects.gantt, cut to the
audience and to a size a reader takes in on paper.

The chart is loaded as the system sees it (every task), then the client version keeps only
client-visible rows (and the arrows between them) and the internal version adds the reference
baseline's bars. A large plan keeps its upper levels; the rows are drawn in pages of
`ROWS_PER_PAGE`, each a self-contained SVG with its own time scale, so a printed page never
cuts a chart in half. It is drawn once per language when the report is generated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.utils import translation

from accounts.models import User
from projects import gantt
from projects.models import Project, Task

from .choices import Audience

MAX_ROWS = 60
ROWS_PER_PAGE = 20
WEEK_ZOOM_MAX_DAYS = 90  # longer plans are drawn by month to fit a landscape page


def _system_reader() -> User:
    """An unsaved vendor administrator: loads the whole plan; the audience cut comes after."""
    return User(username="reports.system", is_vendor_admin=True, is_active=True)


def _keep(rows: list[gantt.GanttRow]) -> list[gantt.GanttRow]:
    """All rows of a small plan; of a large one its two upper levels, else phases and
    milestones; never more than MAX_ROWS."""
    if len(rows) <= MAX_ROWS:
        return rows
    upper = [r for r in rows if r.level <= 2]
    if len(upper) <= MAX_ROWS:
        return upper
    return [r for r in rows if r.level == 1 or r.kind == gantt.MILESTONE][:MAX_ROWS]


def _cut(chart: gantt.GanttChart, keep_ids: set[int] | None) -> list[gantt.GanttChart]:
    rows = [r for r in chart.rows if keep_ids is None or r.id in keep_ids]
    rows = _keep(rows)
    renumbered = [dataclasses.replace(row, index=n) for n, row in enumerate(rows)]
    by_id = {row.id: row for row in renumbered}
    links = [
        dataclasses.replace(
            link, predecessor=by_id[link.predecessor.id], successor=by_id[link.successor.id]
        )
        for link in chart.links
        if link.predecessor.id in by_id and link.successor.id in by_id
    ]
    pages = []
    for offset in range(0, len(renumbered), ROWS_PER_PAGE):
        window = renumbered[offset : offset + ROWS_PER_PAGE]
        end = offset + len(window)
        pages.append(
            dataclasses.replace(
                chart,
                rows=window,
                links=[
                    link
                    for link in links
                    if offset <= max(link.predecessor.index, link.successor.index) < end
                ],
                offset=offset,
                total_rows=len(renumbered),
                edit_url=None,
            )
        )
    return pages


def gantt_snapshot(*, project: Project, audience: str, today: dt.date) -> dict[str, list[str]]:
    """{language: [SVG per page of rows]} of the plan as `audience` may see it."""
    first = project.scheduled_start or project.start_date
    last = project.scheduled_finish or project.end_date or first
    zoom = gantt.WEEK if (last - first).days <= WEEK_ZOOM_MAX_DAYS else gantt.MONTH
    baseline = project.baseline if audience == Audience.INTERNAL else None
    chart = gantt.gantt_data(_system_reader(), project, baseline=baseline, zoom=zoom, today=today)
    keep_ids = None
    if audience == Audience.CLIENT:
        keep_ids = set(
            Task.objects.filter(project=project, client_visible=True).values_list("pk", flat=True)
        )
    pages = _cut(chart, keep_ids)
    drawn = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            drawn[language] = [gantt.render_svg(page) for page in pages]
    return drawn
