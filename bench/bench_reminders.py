"""Benchmark the hourly reminder scan (due tomorrow, overdue, the managers' overdue summaries)
over many open tasks: seconds, and the number of queries, which must not grow with the tasks.
Exit 1 if a target is missed.

    python bench/bench_reminders.py             # 10,000 and 100,000 open tasks
    python bench/bench_reminders.py --quick     # 10,000 and 20,000, for CI
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ito_portal python bench/bench_reminders.py

Runs `projects.reminders.task_reminders_send`, the function the beat task
(`projects.tasks.task_reminders_send_task`) calls, with the clock fixed at 10:00 on a Tuesday in
Shanghai. Uses a scratch database (SQLite under a temporary folder unless DATABASE_URL points
elsewhere; with PostgreSQL a database named after it with a _bench_reminders suffix is created
and dropped) and the on-disk Celery broker in the same folder, so the delivery task the scan
queues reaches no worker.

Targets: the scan over 100,000 open tasks in under 10 s; the same number of queries at both
sizes; a second run later the same day sends nothing.
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ito_portal.settings")

SCAN_TARGET_S = 10.0
TASKS_PER_PROJECT = 100
PROJECTS_PER_MANAGER = 10
TASKS_PER_PERSON = 100
# Where the people are. At 02:00 UTC it is 10:00 in Shanghai and Singapore, 11:00 in Tokyo
# (working hours) and 02:00 in London (not: their reminders wait for their own morning).
ZONES = [("Asia/Shanghai", 80), ("Asia/Singapore", 8), ("Asia/Tokyo", 7), ("Europe/London", 5)]
# Of the work rows: due tomorrow, overdue, due today; the rest later.
DUE_TOMORROW, OVERDUE, DUE_TODAY = 0.04, 0.10, 0.02


def _now():
    import datetime as dt

    return dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)  # Tuesday, 10:00 in Shanghai


def build(n_tasks: int, *, first: int, rng: random.Random, context: dict) -> dict:
    """Add `n_tasks` open tasks in new projects with new people (numbered from `first`), a
    tenth of them summaries; returns how many should be reminded in working hours."""
    import datetime as dt

    from accounts.models import User
    from projects.choices import ProjectStatus, TaskStatus
    from projects.models import Project, Task

    today = _now().date()
    n_projects = max(1, n_tasks // TASKS_PER_PROJECT)
    n_people = max(1, n_tasks // TASKS_PER_PERSON)
    n_managers = max(1, n_projects // PROJECTS_PER_MANAGER)
    zones = [name for name, weight in ZONES for _ in range(weight)]

    def person(kind: str, index: int) -> User:
        return User(
            username=f"{kind}{first + index:06d}",
            display_name=f"{kind.title()} {first + index:06d}",
            email=f"{kind}{first + index:06d}@bench.example",
            organization=context["vendor"],
            time_zone=rng.choice(zones),
            language=rng.choice(["zh-hans", "zh-hans", "en"]),
        )

    people = User.objects.bulk_create([person("eng", i) for i in range(n_people)], batch_size=2000)
    managers = User.objects.bulk_create(
        [person("pm", i) for i in range(n_managers)], batch_size=2000
    )
    # Mostly active work; some planning (also reminded), some on hold (not reminded).
    statuses = [ProjectStatus.ACTIVE] * 18 + [ProjectStatus.PLANNING, ProjectStatus.ON_HOLD]
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"B{first // TASKS_PER_PROJECT + i:06d}",
                name=f"Bench project {first // TASKS_PER_PROJECT + i}",
                client=context["client"],
                manager=managers[i % n_managers],
                status=rng.choice(statuses),
                start_date=today - dt.timedelta(days=120),
                calendar=context["calendar"],
            )
            for i in range(n_projects)
        ],
        batch_size=2000,
    )
    zone_of = {p.pk: p.time_zone for p in people}
    in_hours = {"Asia/Shanghai", "Asia/Singapore", "Asia/Tokyo"}
    manager_zone = {m.pk: m.time_zone for m in managers}
    reminded = {"due_soon": 0, "overdue": 0, "summaries": 0}
    summarised = set()
    tasks = []
    for i in range(n_tasks):
        project = projects[(i // TASKS_PER_PROJECT) % n_projects]
        row = i % TASKS_PER_PROJECT
        if row % 10 == 0:  # a phase: summaries are never reminded
            tasks.append(
                Task(
                    project=project, name=f"Phase {row // 10 + 1}", is_summary=True,
                    position=row // 10, sort_key=f"{row // 10 + 1:05d}", outline_level=1,
                    start_date=today - dt.timedelta(days=30),
                    finish_date=today + dt.timedelta(days=60),
                )
            )  # fmt: skip
            continue
        draw = rng.random()
        if draw < DUE_TOMORROW:
            finish = today + dt.timedelta(days=1)
        elif draw < DUE_TOMORROW + OVERDUE:
            finish = today - dt.timedelta(days=rng.randint(1, 30))
        elif draw < DUE_TOMORROW + OVERDUE + DUE_TODAY:
            finish = today
        else:
            finish = today + dt.timedelta(days=rng.randint(2, 120))
        assignee = None if rng.random() < 0.05 else people[rng.randrange(n_people)]
        if project.status in (ProjectStatus.ACTIVE, ProjectStatus.PLANNING):
            if assignee is not None and zone_of[assignee.pk] in in_hours:
                if finish == today + dt.timedelta(days=1):
                    reminded["due_soon"] += 1
                elif finish < today:
                    reminded["overdue"] += 1
            if finish < today and manager_zone[project.manager_id] in in_hours:
                summarised.add(project.pk)
        tasks.append(
            Task(
                project=project, name=f"Work item {first + i}", assignee=assignee,
                status=rng.choice([TaskStatus.TODO, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED]),
                position=row % 10, sort_key=f"{row // 10 + 1:05d}.{row % 10:05d}",
                outline_level=2, duration_days=rng.randint(1, 10),
                percent_complete=rng.choice([0, 0, 20, 50, 80]),
                start_date=finish - dt.timedelta(days=7), finish_date=finish,
            )
        )  # fmt: skip
    Task.objects.bulk_create(tasks, batch_size=5000)
    reminded["summaries"] = len(summarised)
    return reminded


def scan(now, *, show: bool = False):
    """Run the scan once: (counts, seconds, queries)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.reminders import task_reminders_send

    # Measure every run cold, as a worker's first run after a start is: the content types
    # notify_many looks up are cached per process after that.
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        counts = task_reminders_send(now=now)
        seconds = time.perf_counter() - started
    if show:
        for query in queries.captured_queries:
            print(f"    {query['sql'][:120]}")
    return counts, seconds, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10,000 and 20,000 tasks (CI)")
    parser.add_argument("--show-queries", action="store_true", help="print each scan's SQL")
    options = parser.parse_args()
    sizes = (10_000, 20_000) if options.quick else (10_000, 100_000)
    scratch = tempfile.mkdtemp(prefix="bench-reminders-")
    os.environ["VAR_DIR"] = scratch
    # The on-disk broker in the scratch folder: the queued delivery task reaches no worker.
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/ito_portal_bench_reminders"
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from accounts.choices import OrganizationKind
    from accounts.models import Organization
    from notifications.models import Notification
    from projects import services

    now = _now()
    rng = random.Random(11)
    results = []
    dbs = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        context = {
            "vendor": Organization.objects.create(name="Bench", kind=OrganizationKind.VENDOR),
            "client": Organization.objects.create(name="Client", kind=OrganizationKind.CLIENT),
            "calendar": services.default_calendar(),
        }
        built, expected = 0, {"due_soon": 0, "overdue": 0, "summaries": 0}
        for size in sizes:
            started = time.perf_counter()
            added = build(size - built, first=built, rng=rng, context=context)
            for key, value in added.items():
                expected[key] += value
            built = size
            build_s = time.perf_counter() - started
            # Each size starts from a day with nothing sent yet.
            Notification.objects.all().delete()
            counts, seconds, queries = scan(now, show=options.show_queries)
            again, again_s, again_queries = scan(
                now + dt.timedelta(hours=3), show=options.show_queries
            )
            results.append(
                {
                    "tasks": size, "build": build_s, "counts": counts, "expected": dict(expected),
                    "seconds": seconds, "queries": queries, "again": again,
                    "again_s": again_s, "again_queries": again_queries,
                    "stored": Notification.objects.count(),
                }
            )  # fmt: skip
    finally:
        teardown_databases(dbs, verbosity=0)
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"database: {connection.vendor}")
    header = (
        f"{'tasks':>8}{'build s':>9}{'due soon':>10}{'overdue':>9}{'summaries':>10}"
        f"{'scan s':>8}{'queries':>9}{'again s':>9}{'again sent':>11}{'again q':>9}"
    )
    print(header)
    for r in results:
        c, a = r["counts"], r["again"]
        print(
            f"{r['tasks']:>8,}{r['build']:>9.1f}{c['due_soon']:>10,}{c['overdue']:>9,}"
            f"{c['summaries']:>10,}{r['seconds']:>8.2f}{r['queries']:>9}{r['again_s']:>9.2f}"
            f"{sum(a.values()):>11}{r['again_queries']:>9}"
        )
    problems = []
    largest = results[-1]
    if largest["seconds"] >= SCAN_TARGET_S:
        problems.append(f"scan of {largest['tasks']:,} tasks took {largest['seconds']:.1f} s")
    if len({r["queries"] for r in results}) != 1:
        problems.append("the number of queries grows with the tasks")
    for r in results:
        if r["counts"] != r["expected"]:
            problems.append(f"at {r['tasks']:,} tasks sent {r['counts']}, expected {r['expected']}")
        if any(r["again"].values()):
            problems.append(f"at {r['tasks']:,} tasks the second run sent {r['again']}")
        if r["stored"] != sum(r["counts"].values()):
            problems.append(f"at {r['tasks']:,} tasks {r['stored']} notifications stored")
    for problem in problems:
        print(f"TARGET MISSED: {problem}")
    if not problems:
        print("targets met")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
