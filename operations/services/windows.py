"""Maintenance windows and change freezes, and the one question changes ask of them: may
work happen in this interval?

Rules (decided for issue 7):
- A client without any agreed window (for the change's contract or for all its contracts)
  is not restricted by windows; once one is agreed, a change must lie wholly inside one
  occurrence of a window.
- A change that overlaps any freeze of its client is refused, windows or not.
- Weekly windows repeat at the same local wall-clock time in settings.TIME_ZONE, so an
  occurrence is exact across DST changes in zones that have them.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Organization
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..choices import WindowKind
from ..models import MaintenanceWindow, ServiceContract

WEEK = datetime.timedelta(days=7)


def _tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def occurrences(
    window: MaintenanceWindow, start: datetime.datetime, end: datetime.datetime
) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
    """The (start, end) occurrences of `window` that overlap [start, end)."""
    if not window.weekly:
        if window.starts_at < end and window.ends_at > start:
            yield window.starts_at, window.ends_at
        return
    tz = _tz()
    first_start = window.starts_at.astimezone(tz)
    first_end = window.ends_at.astimezone(tz)
    # Aware datetime + timedelta keeps the wall-clock time: the same local hour every week.
    k = max(0, (start - window.ends_at).days // 7 - 1)
    while True:
        occ_start = first_start + k * WEEK
        if occ_start >= end:
            return
        if window.repeat_until is not None and occ_start.date() > window.repeat_until:
            return
        occ_end = first_end + k * WEEK
        if occ_end > start:
            yield occ_start, occ_end
        k += 1


def windows_overlapping(
    client_ids: Iterable[int] | None, start: datetime.datetime, end: datetime.datetime
):
    """Windows and freezes (of those clients; all when None) that may have an occurrence in
    [start, end): one query."""
    queryset = MaintenanceWindow.objects.filter(starts_at__lt=end).filter(
        Q(ends_at__gt=start)
        | Q(weekly=True, repeat_until__isnull=True)
        | Q(weekly=True, repeat_until__gte=(start - WEEK).date())
    )
    if client_ids is not None:
        queryset = queryset.filter(client_id__in=list(client_ids))
    return queryset


@dataclass
class IntervalVerdict:
    """Whether changes may happen in an interval, and why not."""

    has_windows: bool = False
    inside_window: MaintenanceWindow | None = None
    freezes: list[MaintenanceWindow] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.freezes and (self.inside_window is not None or not self.has_windows)

    @property
    def reasons(self) -> list[str]:
        found = [
            _("The change overlaps the change freeze “%(title)s”.") % {"title": w.title}
            for w in self.freezes
        ]
        if self.has_windows and self.inside_window is None:
            found.append(_("The change is not inside an agreed maintenance window."))
        return found


def interval_check(
    *,
    client: Organization,
    contract: ServiceContract | None,
    start: datetime.datetime,
    end: datetime.datetime,
) -> IntervalVerdict:
    """May changes of `client` (under `contract`) happen from `start` to `end`?"""
    verdict = IntervalVerdict()
    candidates = MaintenanceWindow.objects.filter(client=client)
    if contract is not None:
        candidates = candidates.filter(Q(contract__isnull=True) | Q(contract=contract))
    candidates = list(candidates)
    verdict.has_windows = any(w.kind == WindowKind.WINDOW for w in candidates)
    for window in candidates:
        spans = list(occurrences(window, start, end))
        if window.kind == WindowKind.FREEZE:
            if spans:
                verdict.freezes.append(window)
        elif verdict.inside_window is None and any(s <= start and end <= e for s, e in spans):
            verdict.inside_window = window
    return verdict


def _validate(data: dict) -> None:
    errors: dict[str, list[str]] = {}
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = [_("The end must be after the start.")]
    if data.get("weekly") and starts and ends and ends - starts > WEEK:
        errors["ends_at"] = [_("A weekly window cannot last longer than a week.")]
    until = data.get("repeat_until")
    if until and not data.get("weekly"):
        errors["repeat_until"] = [_("Only a weekly window repeats.")]
    elif until and starts and until < starts.astimezone(_tz()).date():
        errors["repeat_until"] = [_("Repeat until a day after the first occurrence.")]
    contract, client = data.get("contract"), data.get("client")
    if contract is not None and client is not None and contract.client_id != client.pk:
        errors["contract"] = [_("The contract belongs to another client.")]
    if errors:
        raise DomainError(errors=errors)


FIELDS = ("client", "contract", "title", "kind", "starts_at", "ends_at", "weekly", "repeat_until")


@transaction.atomic
def window_create(
    *,
    actor,
    client: Organization,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    kind: str = WindowKind.WINDOW,
    contract: ServiceContract | None = None,
    weekly: bool = False,
    repeat_until: datetime.date | None = None,
) -> MaintenanceWindow:
    """Agree a maintenance window (or announce a freeze) with a client."""
    data = {
        "client": client, "contract": contract, "title": title, "kind": kind,
        "starts_at": starts_at, "ends_at": ends_at, "weekly": weekly,
        "repeat_until": repeat_until,
    }  # fmt: skip
    _validate(data)
    window = MaintenanceWindow.objects.create(created_by=actor, **data)
    audit.record(
        actor=actor, obj=window, action=AuditAction.CREATE, changes=audit.snapshot(window, FIELDS)
    )
    return window


@transaction.atomic
def window_update(*, actor, window: MaintenanceWindow, data: dict) -> MaintenanceWindow:
    """Move or rename a window; its client stays."""
    data = {k: v for k, v in data.items() if k in FIELDS and k != "client"}
    _validate({**{f: getattr(window, f) for f in FIELDS}, **data})
    audit.save_changes(instance=window, actor=actor, data=data)
    return window


@transaction.atomic
def window_delete(*, actor, window: MaintenanceWindow) -> None:
    audit.record(actor=actor, obj=window, action=AuditAction.DELETE)
    window.delete()
