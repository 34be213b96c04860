"""Benchmark resource leveling of a stored project: load the plan, the allocations and the other
projects' load, run the engine, turn the result into dates. Exit 1 if the target is missed.

    python bench/bench_leveling.py [--quick] [--tasks 2000] [--resources 50]
    DATABASE_URL=postgres://... python bench/bench_leveling.py

Builds, in a scratch database (SQLite under a temporary folder unless DATABASE_URL points
elsewhere; with PostgreSQL a database with a _bench suffix), a project of 2,000 work tasks
(plus a summary every ten rows) in workstreams of 200 with ~1.5 finish-to-start or
start-to-start links per task, each task booked on one or two of 50 people (100% or 50%), so
most people are double-booked somewhere; a second project of 500 tasks books the same people
as background load, and a tenth of them have a week of leave. Then times
`resources.leveling.service.leveling_suggest` within float and beyond float (best of three;
one run with --quick). Target: under 5 s.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ito_portal.settings")

TARGET_S = 5.0


def _project(code, client, manager, n_tasks, rng, stream):
    import datetime as dt

    from projects import services, wbs
    from projects.models import Dependency, Task

    project = services.project_create(
        actor=None, code=code, name=code, client=client, manager=manager,
        start_date=dt.date(2026, 1, 5),
    )  # fmt: skip
    tasks, parent, leaves = [], None, []
    row = 0
    while len(leaves) < n_tasks:
        if row % 10 == 0:
            parent = Task(project=project, name=f"Phase {row // 10}", position=row // 10)
            tasks.append(parent)
        else:
            leaf = Task(
                project=project, parent=parent, name=f"Task {row}", position=row % 10,
                duration_days=rng.randint(1, 8), priority=rng.choice(
                    ["low", "normal", "normal", "high", "urgent"]),
            )  # fmt: skip
            tasks.append(leaf)
            leaves.append(leaf)
        row += 1
    Task.objects.bulk_create([t for t in tasks if t.parent is None], batch_size=2000)
    for t in tasks:
        if t.parent is not None:
            t.parent_id = t.parent.pk
    Task.objects.bulk_create([t for t in tasks if t.parent is not None], batch_size=2000)
    links, seen = [], set()
    for index, task in enumerate(leaves):
        base = (index // stream) * stream
        for _ in range(2 if rng.random() < 0.5 else 1):
            if index - base < 2:
                break
            pred = leaves[rng.randint(max(base, index - 20), index - 1)]
            if (pred.pk, task.pk) in seen:
                continue
            seen.add((pred.pk, task.pk))
            links.append(Dependency(project=project, predecessor=pred, successor=task,
                                    type="FS" if rng.random() < 0.85 else "SS",
                                    lag_days=rng.choice([0, 0, 0, 1, 2])))  # fmt: skip
    Dependency.objects.bulk_create(links, batch_size=2000)
    wbs.renumber(project.pk)
    return project, leaves, len(links)


def build(n_tasks: int, n_resources: int):
    import datetime as dt
    from decimal import Decimal

    from accounts.choices import OrganizationKind
    from accounts.models import Organization, User
    from projects.scheduler import project_reschedule
    from resources.models import Absence, Allocation, Resource

    rng = random.Random(11)
    vendor = Organization.objects.create(name="Bench vendor", kind=OrganizationKind.VENDOR)
    client = Organization.objects.create(name="Bench client", kind=OrganizationKind.CLIENT)
    manager = User.objects.create(username="bench.pm", organization=vendor)
    people = Resource.objects.bulk_create(
        [Resource(name=f"Engineer {i:02d}", daily_capacity_hours=Decimal(8)) for i in range(n_resources)]
    )  # fmt: skip
    project, leaves, n_links = _project("LEVEL", client, manager, n_tasks, rng, 200)
    other, other_leaves, _ = _project("OTHER", client, manager, n_tasks // 4, rng, 100)
    bookings = []
    for proj, rows in ((project, leaves), (other, other_leaves)):
        for task in rows:
            for person in rng.sample(people, 2 if rng.random() < 0.3 else 1):
                bookings.append(Allocation(
                    resource=person, project=proj, task=task,
                    units_percent=Decimal(rng.choice([100, 100, 50])),
                ))  # fmt: skip
    Allocation.objects.bulk_create(bookings, batch_size=2000)
    weeks = [dt.timedelta(weeks=rng.randint(0, 20)) for _ in range(n_resources // 10)]
    Absence.objects.bulk_create(
        [
            Absence(
                resource=person,
                start_date=dt.date(2026, 3, 2) + week,
                end_date=dt.date(2026, 3, 6) + week,
            )
            for person, week in zip(people, weeks, strict=False)
        ]
    )
    project_reschedule(project)
    project_reschedule(other)
    project.refresh_from_db()
    return project, n_links, len(bookings)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=2_000)
    parser.add_argument("--resources", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="one run per case")
    options = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-leveling-")
    os.environ["VAR_DIR"] = scratch
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/ito_portal_bench"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from resources.leveling.service import leveling_suggest

    runs = 1 if options.quick else 3
    dbs = setup_databases(verbosity=0, interactive=False)
    results = []
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        project, n_links, n_bookings = build(options.tasks, options.resources)
        built = time.perf_counter() - started
        print(f"database: {connection.vendor}")
        print(
            f"built in {built:.1f} s: {options.tasks} tasks, {n_links} links, "
            f"{options.resources} resources, {n_bookings} allocations (both projects)"
        )
        print(
            f"{'case':<24}{'seconds':>10}{'moves':>8}{'beyond':>8}{'unresolved':>12}{'finish +d':>11}"
        )
        for label, allow in (("within float", False), ("beyond float allowed", True)):
            best = None
            for _ in range(runs):
                started = time.perf_counter()
                suggestion = leveling_suggest(project=project, allow_beyond_float=allow)
                elapsed = time.perf_counter() - started
                best = elapsed if best is None else min(best, elapsed)
            beyond = sum(1 for m in suggestion.moves if not m.within_float)
            results.append(best)
            print(
                f"{label:<24}{best:>10.2f}{len(suggestion.moves):>8}{beyond:>8}"
                f"{len(suggestion.unresolved):>12}{suggestion.finish_delay:>11}"
            )
    finally:
        teardown_databases(dbs, verbosity=0)
    ok = all(r < TARGET_S for r in results)
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
