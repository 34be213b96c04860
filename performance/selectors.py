"""Reads for the KPI dashboards, the API and reviews; each starts from what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from accounts import access
from accounts.models import Organization
from projects.models import Project
from resources.models import Resource, Team

from . import kpis, services
from .choices import ScopeKind
from .kpis import KpiData
from .models import KpiSnapshot, ProjectReview
from .permissions import managed_project_ids

TABLE_KPIS = ("spi", "cpi", "milestones_on_time", "first_pass_yield", "defect_density", "csat")
HISTORY_DAYS = 185


def dashboard_projects(user):
    """Open projects on the user's dashboards: all for the PMO, the ones they manage else."""
    projects = Project.objects.open().select_related("client").order_by("code")
    return projects if user.is_pmo else projects.filter(pk__in=managed_project_ids(user))


def sparkline(values: list, width: int = 120, height: int = 28) -> str:
    """SVG polyline points of a series, scaled to the box (empty for fewer than 2 values)."""
    values = [float(v) for v in values if v is not None]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = width / (len(values) - 1)
    return " ".join(
        f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}"
        for i, v in enumerate(values)
    )


def history(*, kind: str, ids, keys, since: dt.date) -> dict:
    """{(kpi, scope id): [(date, value)]} from the snapshots, in one query."""
    out: dict = defaultdict(list)
    for kpi, scope_id, day, value in (
        KpiSnapshot.objects.filter(
            scope_kind=kind, scope_id__in=list(ids), kpi__in=list(keys), date__gte=since
        )
        .order_by("date")
        .values_list("kpi", "scope_id", "date", "value")
    ):
        out[(kpi, scope_id)].append((day, value))
    return out


def _tiles(rows, series: dict, scope_id: int) -> list[dict]:
    for row in rows:
        points = series.get((row["kpi"].key, scope_id), [])
        row["spark"] = sparkline([v for _d, v in points])
    return rows


def monthly(points: list) -> list:
    """The last value of each month."""
    by_month: dict = {}
    for day, value in points:
        by_month[day.replace(day=1)] = value
    return sorted(by_month.items())


def percent_keys(keys) -> list[str]:
    """The KPIs in % (and NPS, −100…100) share one axis; indices and hours would flatten
    them."""
    return [k for k in keys if kpis.KPIS[k].unit == "%" or k == "nps"]


def trend_chart(series: dict, keys, scope_id: int) -> dict:
    """Chart.js data: month labels and one series per KPI (None where not measured)."""
    per_kpi = {key: dict(monthly(series.get((key, scope_id), []))) for key in keys}
    months = sorted({m for values in per_kpi.values() for m in values})
    return {
        "labels": [m.strftime("%Y-%m") for m in months],
        "series": [
            {
                "key": key,
                "label": str(kpis.KPIS[key].label),
                "values": [
                    None if per_kpi[key].get(m) is None else float(per_kpi[key][m]) for m in months
                ],
            }
            for key in keys
            if per_kpi[key]
        ],
    }


def portfolio_dashboard(*, user, day: dt.date | None = None) -> dict:
    """Tiles over the user's projects (PMO: with people KPIs and sparklines from the portfolio
    snapshots) and a projects × key KPIs table, all computed live in a fixed number of queries."""
    day = day or timezone.localdate()
    projects = list(dashboard_projects(user))
    resources = list(Resource.objects.active()) if user.is_pmo else []
    data = KpiData(day, projects, resources)
    targets = services.Targets()
    scope = services.portfolio_scope(projects, resources)
    rows = services.kpi_values(data, scope, targets)
    if not user.is_pmo:
        rows = [r for r in rows if r["kpi"].scopes != kpis.PEOPLE]
    keys = [r["kpi"].key for r in rows]
    series = (
        history(kind=ScopeKind.PORTFOLIO, ids=[0], keys=keys, since=day - dt.timedelta(90))
        if user.is_pmo
        else {}
    )
    table_keys = [k for k in TABLE_KPIS if kpis.get(k)]
    table = [
        {
            "project": project,
            "cells": services.kpi_values(
                data, services.project_scope(project), targets, keys=table_keys
            ),
        }
        for project in projects
    ]
    return {
        "day": day,
        "tiles": _tiles(rows, series, 0),
        "table": table,
        "table_kpis": [kpis.KPIS[k] for k in table_keys],
        "counts": services.status_counts(rows),
        "trend": trend_chart(
            history(kind=ScopeKind.PORTFOLIO, ids=[0], keys=keys, since=day - dt.timedelta(365)),
            percent_keys(keys),
            0,
        )
        if user.is_pmo
        else {"labels": [], "series": []},
    }


def clients_for(user):
    """Clients with open projects on the user's dashboards."""
    ids = dashboard_projects(user).values("client_id")
    return Organization.objects.filter(pk__in=ids).order_by("name")


def client_dashboard(
    *, user, client: Organization, day: dt.date | None = None, internal=True
) -> dict:
    """The account view for a quarterly business review: the client's delivery KPIs, service
    and satisfaction, per project, and monthly trends. `internal=False` leaves cost out (the
    PDF handed to the client)."""
    day = day or timezone.localdate()
    projects = list(dashboard_projects(user).filter(client=client))
    data = KpiData(day, projects)
    targets = services.Targets()
    scope = services.client_scope(client, projects)
    rows = [
        r for r in services.kpi_values(data, scope, targets) if internal or not r["kpi"].internal
    ]
    keys = [r["kpi"].key for r in rows]
    series = history(
        kind=ScopeKind.CLIENT, ids=[client.pk], keys=keys, since=day - dt.timedelta(365)
    )
    table_keys = [k for k in TABLE_KPIS if kpis.get(k) and (internal or not kpis.KPIS[k].internal)]
    return {
        "day": day,
        "client": client,
        "tiles": _tiles(rows, series, client.pk),
        "projects": [
            {
                "project": p,
                "cells": services.kpi_values(
                    data, services.project_scope(p), targets, keys=table_keys
                ),
            }
            for p in projects
        ],
        "table_kpis": [kpis.KPIS[k] for k in table_keys],
        "trend": trend_chart(series, percent_keys(keys), client.pk),
        "counts": services.status_counts(rows),
    }


def team_dashboard(*, team: Team, day: dt.date | None = None) -> dict:
    """A team's people KPIs, per person, with their trends."""
    day = day or timezone.localdate()
    resources = list(Resource.objects.active().filter(team=team).order_by("name"))
    data = KpiData(day, [], resources)
    targets = services.Targets()
    rows = services.kpi_values(data, services.team_scope(team, resources), targets)
    keys = [r["kpi"].key for r in rows]
    series = history(kind=ScopeKind.TEAM, ids=[team.pk], keys=keys, since=day - dt.timedelta(365))
    people = []
    for resource in resources:
        scope = kpis.ScopeRef(ScopeKind.TEAM, team.pk, resource_ids=(resource.pk,))
        people.append({"resource": resource, "cells": services.kpi_values(data, scope, targets)})
    return {
        "day": day,
        "team": team,
        "tiles": _tiles(rows, series, team.pk),
        "people": people,
        "people_kpis": [r["kpi"] for r in rows],
        "trend": trend_chart(series, percent_keys(keys), team.pk),
    }


def current_values(*, user, scope: str, day: dt.date | None = None) -> list[dict]:
    """The API's KPI definitions with their current values for `scope` ("project:12")."""
    kind, obj = parse_scope(user, scope)
    day = day or timezone.localdate()
    if kind == ScopeKind.PROJECT:
        data, ref = KpiData(day, [obj]), services.project_scope(obj)
    elif kind == ScopeKind.CLIENT:
        projects = list(dashboard_projects(user).filter(client=obj))
        data, ref = KpiData(day, projects), services.client_scope(obj, projects)
    elif kind == ScopeKind.TEAM:
        resources = list(Resource.objects.active().filter(team=obj))
        data, ref = KpiData(day, [], resources), services.team_scope(obj, resources)
    else:
        projects = list(dashboard_projects(user))
        resources = list(Resource.objects.active())
        data, ref = KpiData(day, projects, resources), services.portfolio_scope(projects, resources)
    return services.kpi_values(data, ref)


class ScopeError(ValueError):
    pass


def parse_scope(user, scope: str):
    """("project", Project) for "project:12" if the user may see its KPIs; ScopeError for a
    malformed scope, Http404 for one the user may not see."""
    from django.http import Http404

    from .permissions import sees_client

    kind, _sep, raw = (scope or "").partition(":")
    if kind == ScopeKind.PORTFOLIO and not raw:
        if not user.is_pmo:
            raise Http404
        return kind, None
    if kind not in ScopeKind.values or not raw.isdigit():
        raise ScopeError(scope)
    pk = int(raw)
    if kind == ScopeKind.PROJECT:
        if not (user.is_pmo or pk in managed_project_ids(user)):
            raise Http404
        return kind, access.get_visible_or_404(user, Project, pk=pk)
    if kind == ScopeKind.CLIENT:
        if not sees_client(user, pk):
            raise Http404
        return kind, Organization.objects.get(pk=pk)
    if not user.is_pmo:
        raise Http404
    try:
        return kind, Team.objects.get(pk=pk)
    except Team.DoesNotExist:
        raise Http404 from None


def review_list(*, user, project):
    return (
        access.visible(user, ProjectReview)
        .filter(project=project)
        .select_related("reviewer", "milestone")
        .order_by("-date", "-pk")
    )


def review_figures(review: ProjectReview) -> list[dict]:
    """The frozen figures with their KPI definitions (labels in the active language)."""
    out = []
    for row in review.figures:
        kpi = kpis.KPIS.get(row["kpi"])
        if kpi is not None:
            out.append({**row, "kpi": kpi})
    return out
