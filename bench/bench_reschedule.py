"""Benchmark rescheduling a stored project: load from the database, run the engine, roll up,
write only what moved. Exit 1 if a target is missed.

    DATABASE_URL=postgres://... python bench/bench_reschedule.py [--tasks 10000]

Uses a scratch database (SQLite under a temporary folder unless DATABASE_URL points elsewhere;
with PostgreSQL a database named after it with a _bench suffix is created and dropped).
Targets: a first full schedule of 10,000 tasks and ~13,000 links (every row written) in under
5 s, and a one-task change (the service path: update, reschedule, write the rows that moved)
in under 2 s.
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

FULL_TARGET_S = 5.0
CHANGE_TARGET_S = 2.0


def build(n_tasks: int):
    import datetime as dt

    from accounts.choices import OrganizationKind
    from accounts.models import Organization, User
    from projects import services, wbs
    from projects.models import Dependency, Task

    rng = random.Random(7)
    vendor = Organization.objects.create(name="Bench vendor", kind=OrganizationKind.VENDOR)
    client = Organization.objects.create(name="Bench client", kind=OrganizationKind.CLIENT)
    manager = User.objects.create(username="bench.pm", organization=vendor)
    project = services.project_create(
        actor=None, code="BENCH", name="Bench", client=client, manager=manager,
        start_date=dt.date(2026, 1, 5),
    )  # fmt: skip
    # Workstreams of ~400 rows: one summary per 10 rows, most links finish-to-start backwards.
    tasks, parent = [], None
    for i in range(n_tasks):
        if i % 10 == 0:
            parent = Task(project=project, name=f"Phase {i // 10}", position=i // 10)
            tasks.append(parent)
            continue
        tasks.append(
            Task(
                project=project,
                parent=parent,
                name=f"Task {i}",
                position=i % 10,
                duration_days=rng.randint(0, 8),
            )
        )
    # Parents must exist before children reference them.
    Task.objects.bulk_create([t for t in tasks if t.parent is None], batch_size=2000)
    Task.objects.bulk_create([t for t in tasks if t.parent is not None], batch_size=2000)
    leaves = [t for t in tasks if t.parent is not None]
    links, seen = [], set()
    stream = 400
    for index, task in enumerate(leaves):
        base = (index // stream) * stream
        for _ in range(2 if rng.random() < 0.5 else 1):
            if index - base < 2:
                break
            pred = leaves[rng.randint(base, index - 1)]
            if (pred.pk, task.pk) in seen or pred.parent_id == task.pk:
                continue
            seen.add((pred.pk, task.pk))
            links.append(Dependency(project=project, predecessor=pred, successor=task,
                                    type="FS" if rng.random() < 0.85 else "SS",
                                    lag_days=rng.choice([0, 0, 0, 1, 2, -1])))  # fmt: skip
    Dependency.objects.bulk_create(links, batch_size=2000)
    wbs.renumber(project.pk)
    return project, leaves, len(links)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    options = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-reschedule-")
    os.environ["VAR_DIR"] = scratch
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/ito_portal_bench"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from projects import services
    from projects.scheduler import project_reschedule

    dbs = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        project, leaves, n_links = build(options.tasks)
        built = time.perf_counter() - started
        started = time.perf_counter()
        result = project_reschedule(project)
        full = time.perf_counter() - started
        task = leaves[len(leaves) // 3]
        task.refresh_from_db()
        started = time.perf_counter()
        services.task_update(actor=None, task=task, data={"duration_days": task.duration_days + 3})
        change = time.perf_counter() - started
        print(f"database: {connection.vendor}")
        print(f"{'case':<32}{'tasks':>8}{'links':>8}{'seconds':>10}")
        print(f"{'build (bulk insert)':<32}{options.tasks:>8}{n_links:>8}{built:>10.2f}")
        print(f"{'first schedule (all rows)':<32}{options.tasks:>8}{n_links:>8}{full:>10.2f}")
        print(f"{'one task changed (service)':<32}{options.tasks:>8}{n_links:>8}{change:>10.2f}")
        print(f"rows written on first schedule: {result.changed_tasks}")
    finally:
        teardown_databases(dbs, verbosity=0)
    ok = full < FULL_TARGET_S and change < CHANGE_TARGET_S
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
