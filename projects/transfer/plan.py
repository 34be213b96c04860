"""The plan in transit: what a file holds, between the file and the database.

Readers turn a CSV, Excel or MSPDI file into a :class:`Plan`; writers turn a :class:`Plan` into
a file. Problems are kept as message ids with parameters (not translated text), so a report
saved by the worker reads in each reader's own language when shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, and where: a row, a task (UID/ID), or the file itself."""

    message: str  # an English msgid marked with gettext_noop, with %(name)s placeholders
    params: dict = field(default_factory=dict)
    row: int | None = None
    uid: int | None = None
    task_id: int | None = None

    def text(self) -> str:
        return _(self.message) % self.params if self.params else _(self.message)

    def place(self) -> str:
        if self.row is not None:
            return _("Row %(row)s") % {"row": self.row}
        if self.uid is not None and self.task_id is not None:
            return _("Task UID %(uid)s (ID %(id)s)") % {"uid": self.uid, "id": self.task_id}
        if self.uid is not None:
            return _("Task UID %(uid)s") % {"uid": self.uid}
        return ""

    def as_json(self) -> dict:
        data: dict = {"message": self.message}
        if self.params:
            data["params"] = self.params
        for key in ("row", "uid", "task_id"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Problem:
        return cls(
            message=data["message"],
            params=data.get("params") or {},
            row=data.get("row"),
            uid=data.get("uid"),
            task_id=data.get("task_id"),
        )


@dataclass(frozen=True)
class Place:
    """Where a task sits in its file: a spreadsheet row, or an MS Project UID and ID."""

    row: int | None = None
    uid: int | None = None
    task_id: int | None = None

    def problem(self, message: str, **params) -> Problem:
        return Problem(message, params, row=self.row, uid=self.uid, task_id=self.task_id)


@dataclass
class PlanLink:
    """A predecessor of the task that holds it, as the file names it (`ref`)."""

    ref: str
    type: str = "FS"
    lag_days: int = 0
    predecessor: int | None = None  # index in Plan.tasks, set by validation


@dataclass
class PlanTask:
    """One row of the plan. Readers fill the planned fields; exports also fill the computed."""

    place: Place
    name: str
    level: int = 1
    ref: str = ""  # what predecessors call it: the ID column, the row's number, or the UID
    wbs: str = ""  # as written in the file
    duration_days: int = 1
    constraint_type: str = "asap"
    constraint_date: dt.date | None = None
    assignee: str = ""  # a username (or, from MS Project, a resource name)
    effort_hours: Decimal = Decimal(0)
    percent_complete: int = 0
    client_visible: bool = False
    description: str = ""
    links: list[PlanLink] = field(default_factory=list)
    # Set by validation: the index of the parent task, and whether it has children.
    parent: int | None = None
    is_summary: bool = False
    # Computed by the scheduler; written by exports, ignored by imports.
    start: dt.date | None = None
    finish: dt.date | None = None
    is_critical: bool = False
    total_float: int | None = None
    # MS Project marks milestones itself; ours are the tasks of no duration.
    marked_milestone: bool | None = None
    # Columns whose cell could not be read (already reported): no second problem about them.
    bad_cells: set[str] = field(default_factory=set)

    @property
    def is_milestone(self) -> bool:
        return not self.is_summary and self.duration_days == 0


@dataclass
class PlanCalendar:
    """Working weekdays (ISO, Monday = 1) and dated exceptions {date: (working, name)}."""

    name: str
    working_weekdays: list[int]
    exceptions: dict[dt.date, tuple[bool, str]] = field(default_factory=dict)


@dataclass
class Plan:
    """Everything a file says about a plan, and everything wrong with it."""

    tasks: list[PlanTask] = field(default_factory=list)
    calendar: PlanCalendar | None = None
    start_date: dt.date | None = None
    name: str = ""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Tasks the reader left out (external tasks): links to them are dropped, not problems.
    skipped_refs: set[str] = field(default_factory=set)

    @property
    def link_count(self) -> int:
        return sum(len(task.links) for task in self.tasks)
