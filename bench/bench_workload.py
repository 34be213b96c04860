"""Benchmark the workload: 500 resources × 26 weeks over 20,000 tasks, and the heatmap page.
Exit 1 if a target is missed.

    python bench/bench_workload.py
    python bench/bench_workload.py --quick      # the same sizes (they are the target), for CI
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ito_portal python bench/bench_workload.py

Builds, in a scratch database (SQLite under a temporary folder unless DATABASE_URL points
elsewhere; with PostgreSQL a database with a _bench_workload suffix is created and dropped):
500 resources in 10 teams, 200 projects of 100 tasks (a tenth summaries) with scheduled dates
set directly, one allocation per work task (80% at 100 units, the rest at 50 units or explicit
hours), 300 project bookings and 400 absences. Then times

- `resources.workload.compute` for all 500 resources over 26 weeks (target < 1 s), and the
  selector the API and the heatmap call (`workload_for`) as the PMO and as a project manager,
  whose cells are cut down to the tasks they may see;
- the heatmap page (/resources/workload/, 50 resources × 13 weeks) through Django's test client,
  pages 1 and 5: the number of queries must be the same.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ito_portal.settings_test")

COMPUTE_TARGET_S = 1.0
N_RESOURCES, N_PROJECTS, TASKS_PER_PROJECT, WEEKS = 500, 200, 100, 26


def build(rng: random.Random, start):
    import datetime as dt
    from decimal import Decimal

    from accounts.choices import OrganizationKind, ProjectRole
    from accounts.models import Membership, Organization, User
    from projects.choices import ProjectStatus
    from projects.models import Project, Task
    from projects.services import default_calendar
    from resources.models import Absence, Allocation, Resource, Team

    vendor = Organization.objects.create(name="Bench", kind=OrganizationKind.VENDOR)
    client = Organization.objects.create(name="Client", kind=OrganizationKind.CLIENT)
    calendar = default_calendar()
    pmo = User.objects.create_user("pmo", password="bench", organization=vendor)
    pmo.is_vendor_admin = True
    pmo.save(update_fields=["is_vendor_admin"])
    managers = User.objects.bulk_create(
        [User(username=f"pm{i:03d}", organization=vendor) for i in range(20)]
    )
    teams = Team.objects.bulk_create([Team(name=f"Team {i}") for i in range(10)])
    resources = Resource.objects.bulk_create(
        [
            Resource(
                name=f"Resource {i:03d}",
                team=teams[i % len(teams)],
                daily_capacity_hours=Decimal(rng.choice([8, 8, 8, 6, 4])),
            )
            for i in range(N_RESOURCES)
        ]
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"W{i:04d}", name=f"Workload project {i}", client=client,
                manager=managers[i % len(managers)], status=ProjectStatus.ACTIVE,
                start_date=start - dt.timedelta(days=60), calendar=calendar,
            )
            for i in range(N_PROJECTS)
        ]
    )  # fmt: skip
    Membership.objects.bulk_create(
        [Membership(project=p, user=p.manager, role=ProjectRole.MANAGER) for p in projects]
    )
    tasks = []
    for p, project in enumerate(projects):
        for row in range(TASKS_PER_PROJECT):
            first = start + dt.timedelta(days=rng.randint(-30, 7 * WEEKS))
            days = rng.randint(1, 15)
            tasks.append(
                Task(
                    project=project, name=f"Task {p}.{row}", is_summary=row % 10 == 0,
                    position=row, sort_key=f"{row:05d}", outline_level=1 + (row % 10 != 0),
                    duration_days=days, start_date=first,
                    finish_date=first + dt.timedelta(days=days + days // 5 * 2),
                )
            )  # fmt: skip
    tasks = Task.objects.bulk_create(tasks, batch_size=5000)
    allocations = []
    for task in tasks:
        if task.is_summary:
            continue
        draw = rng.random()
        allocations.append(
            Allocation(
                resource=resources[rng.randrange(N_RESOURCES)], project_id=task.project_id,
                task=task, units_percent=Decimal(100 if draw < 0.8 else 50),
                hours=Decimal(rng.randint(4, 60)) if draw > 0.95 else None,
            )
        )  # fmt: skip
    for _ in range(300):
        first = start + dt.timedelta(days=rng.randint(0, 7 * WEEKS))
        allocations.append(
            Allocation(
                resource=resources[rng.randrange(N_RESOURCES)],
                project=projects[rng.randrange(N_PROJECTS)], units_percent=Decimal(20),
                start_date=first, end_date=first + dt.timedelta(days=rng.randint(5, 60)),
            )
        )  # fmt: skip
    Allocation.objects.bulk_create(allocations, batch_size=5000)
    absences = []
    for _ in range(400):
        first = start + dt.timedelta(days=rng.randint(0, 7 * WEEKS))
        absences.append(
            Absence(
                resource=resources[rng.randrange(N_RESOURCES)], start_date=first,
                end_date=first + dt.timedelta(days=rng.randint(0, 9)),
            )
        )  # fmt: skip
    Absence.objects.bulk_create(absences)
    return {"pmo": pmo, "manager": managers[0], "tasks": len(tasks), "allocs": len(allocations)}


def timed(function, runs=3):
    """(best seconds, queries of the last run, result)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best, result, queries = None, None, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = function()
            seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
        queries = len(captured)
    return best, queries, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="same sizes (they are the target)")
    parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-workload-")
    os.environ["VAR_DIR"] = scratch
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/ito_portal_bench_workload"
    import datetime as dt

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    from resources import selectors, workload
    from resources.models import Resource

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    start = dt.date(2026, 11, 2)  # a Monday
    end = start + dt.timedelta(weeks=WEEKS, days=-1)
    rng = random.Random(7)
    lines, problems = [], []
    dbs = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        built = build(rng, start)
        build_s = time.perf_counter() - started
        resources = list(Resource.objects.all())

        compute_s, compute_q, result = timed(
            lambda: workload.compute(resources, start, end, granularity=workload.WEEK)
        )
        over = sum(cell.over_allocated for cell in result.cells.values())
        lines.append(("compute, 500 × 26 weeks", compute_s, compute_q))
        if compute_s >= COMPUTE_TARGET_S:
            problems.append(f"compute took {compute_s:.2f} s")
        day_s, day_q, _ = timed(
            lambda: workload.compute(resources, start, end, granularity=workload.DAY)
        )
        lines.append(("compute, 500 × 182 days", day_s, day_q))
        for who in ("pmo", "manager"):
            user = built[who]
            seconds, queries, _ = timed(
                lambda user=user: selectors.workload_for(user, start, end, workload.WEEK)
            )
            lines.append((f"workload_for as {who} (API)", seconds, queries))
            if seconds >= COMPUTE_TARGET_S:
                problems.append(f"workload_for as {who} took {seconds:.2f} s")

        browser = Client(HTTP_ACCEPT_LANGUAGE="en", secure=True)
        browser.force_login(built["manager"])
        page_queries = []
        for page in (1, 5):

            def get(page=page):
                response = browser.get(
                    "/resources/workload/", {"start": start.isoformat(), "page": page}
                )
                assert response.status_code == 200, response.status_code
                return response

            seconds, queries, _ = timed(get)
            page_queries.append(queries)
            lines.append((f"heatmap page {page} (50 × 13 weeks)", seconds, queries))
        if len(set(page_queries)) != 1:
            problems.append(f"heatmap pages ran {page_queries} queries")
    finally:
        teardown_databases(dbs, verbosity=0)
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"database: {connection.vendor}")
    print(
        f"built {N_RESOURCES} resources, {built['tasks']:,} tasks, {built['allocs']:,} "
        f"allocations in {build_s:.1f} s; {over:,} over-allocated weeks"
    )
    print(f"{'case':<38}{'seconds':>9}{'queries':>9}")
    for name, seconds, queries in lines:
        print(f"{name:<38}{seconds:>9.3f}{queries:>9}")
    for problem in problems:
        print(f"TARGET MISSED: {problem}")
    if not problems:
        print("targets met")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
