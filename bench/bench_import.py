"""Benchmark plan import and export: 10,000 tasks and 15,000 links through CSV, Excel and
MS Project XML. Exit 1 if a target is missed.

    DATABASE_URL=postgres://... python bench/bench_import.py [--tasks 10000]

Uses a scratch database (SQLite under a temporary folder unless DATABASE_URL points elsewhere;
with PostgreSQL a database named after it with a _bench suffix is created and dropped).
Times, for a generated CSV: reading, checking (tree, links, loops, team), and the whole import
as the worker runs it (read, check, bulk insert, renumber, reschedule, audit); then the three
exports of the imported plan, the MS Project XML and Excel files read back, and an import that
replaces the whole plan.
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

READ_CHECK_TARGET_S = 3.0  # read + check 10,000 rows
IMPORT_TARGET_S = 15.0  # the whole import, saved and scheduled
EXPORT_TARGET_S = 5.0  # each export format (Excel is the slowest: openpyxl)


def generate_csv(n_tasks: int, n_links: int, assignee: str) -> bytes:
    """Workstreams of ~400 rows, a summary every ten rows, links backwards within a stream
    (80% FS, then SS, FF, SF; one in five with a lag or lead)."""
    rng = random.Random(7)
    rows = ["ID,WBS,Name,Duration,Predecessors,Assignee,Effort (hours)"]
    leaves: list[int] = []
    stream = 400
    wbs_top = 0
    links_left = n_links
    n_leaves = n_tasks - (n_tasks + 9) // 10
    # The chance of a second predecessor (a little more: a stream's first rows have none).
    extra = max(n_links - n_leaves, 0) / max(n_leaves, 1) + 0.005
    for i in range(1, n_tasks + 1):
        if (i - 1) % 10 == 0:
            wbs_top += 1
            rows.append(f"{i},{wbs_top},Phase {wbs_top},,,,")
            child = 0
            continue
        child += 1
        base = ((i - 1) // stream) * stream
        candidates = [t for t in leaves[-12:] if t > base]
        links = []
        wanted = 2 if rng.random() < extra else 1
        for pred in rng.sample(candidates, min(wanted, len(candidates), links_left)):
            kind = rng.choices(["FS", "SS", "FF", "SF"], [80, 10, 7, 3])[0]
            lag = rng.choice([0, 0, 0, 0, 1, 2, -1])
            links.append(f"{pred}{kind}{lag:+d}d" if lag else f"{pred}{kind}")
        links_left -= len(links)
        duration = rng.choice([0, 1, 2, 3, 5, 8]) if rng.random() > 0.05 else 0
        person = assignee if i % 3 == 0 else ""
        rows.append(
            f'{i},{wbs_top}.{child},Task {i},{duration}d,"{", ".join(links)}",{person},'
            f"{duration * 8}"
        )
        leaves.append(i)
    return ("\n".join(rows) + "\n").encode()


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--links", type=int, default=15_000)
    options = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-import-")
    os.environ["VAR_DIR"] = scratch
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/ito_portal_bench"
    import django

    django.setup()
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from accounts.choices import OrganizationKind, ProjectRole
    from accounts.models import Membership, Organization, User
    from projects import services, transfer
    from projects.services import transfer as transfer_service

    dbs = setup_databases(verbosity=0, interactive=False)
    results: list[tuple[str, float, str]] = []
    try:
        vendor = Organization.objects.create(name="Bench vendor", kind=OrganizationKind.VENDOR)
        client = Organization.objects.create(name="Bench client", kind=OrganizationKind.CLIENT)
        manager = User.objects.create(username="bench.pm", organization=vendor)
        dev = User.objects.create(username="bench.dev", organization=vendor)

        def new_project(code):
            project = services.project_create(
                actor=None,
                code=code,
                name=code,
                client=client,
                manager=manager,
                start_date=dt.date(2026, 1, 5),
            )
            Membership.objects.create(project=project, user=dev, role=ProjectRole.MEMBER)
            return project

        data = generate_csv(options.tasks, options.links, dev.username)
        plan, read = timed(lambda: transfer.read_plan(data, "csv"))
        _, check = timed(
            lambda: transfer.validate(plan, team={"bench.dev": dev.pk}, strict_assignees=True)
        )
        assert not plan.problems, plan.problems[:3]
        n_tasks, n_links = len(plan.tasks), plan.link_count
        results.append(("CSV read", read, f"{len(data) / 1e6:.1f} MB"))
        results.append(("CSV check (tree, links, loops, team)", check, ""))

        transfer_service.BACKGROUND_FROM_TASKS = 10**9  # run in this process, as the worker does
        project = new_project("BENCH-1")
        record, whole = timed(
            lambda: services.plan_import_start(
                actor=manager,
                project=project,
                file=SimpleUploadedFile("plan.csv", data),
                format="csv",
            )
        )
        assert record.status == "done", record.report
        results.append(("CSV import: read, check, save, schedule", whole, ""))

        exports = {}
        for format in ("csv", "xlsx", "mspdi"):
            file, seconds = timed(
                lambda f=format: b"".join(
                    services.plan_export(user=manager, project=project, format=f).chunks
                )
            )
            exports[format] = file
            results.append((f"export {format}", seconds, f"{len(file) / 1e6:.1f} MB"))

        for format in ("xlsx", "mspdi"):
            back, seconds = timed(lambda f=format: transfer.read_plan(exports[f], f))
            _, check = timed(lambda b=back: transfer.validate(b, team={"bench.dev": dev.pk}))
            assert not back.problems, back.problems[:3]
            results.append((f"{format} read + check", seconds + check, ""))

        copy = new_project("BENCH-2")
        record, whole = timed(
            lambda: services.plan_import_start(
                actor=manager,
                project=copy,
                file=SimpleUploadedFile("plan.xml", exports["mspdi"]),
                format="mspdi",
            )
        )
        assert record.status == "done", record.report
        results.append(("MSPDI import: read, check, save, schedule", whole, ""))

        record, whole = timed(
            lambda: services.plan_import_start(
                actor=manager,
                project=project,
                file=SimpleUploadedFile("plan.csv", data),
                format="csv",
                replace=True,
            )
        )
        assert record.status == "done", record.report
        results.append(("CSV import replacing the plan", whole, ""))
    finally:
        teardown_databases(dbs, verbosity=0)
    print(f"database: {connection.vendor}; plan: {n_tasks} tasks, {n_links} links")
    print(f"{'case':<44}{'seconds':>9}  size")
    for name, seconds, size in results:
        print(f"{name:<44}{seconds:>9.2f}  {size}")
    timings = {name: seconds for name, seconds, _ in results}
    ok = (
        timings["CSV read"] + timings["CSV check (tree, links, loops, team)"] < READ_CHECK_TARGET_S
        and timings["CSV import: read, check, save, schedule"] < IMPORT_TARGET_S
        and all(timings[f"export {f}"] < EXPORT_TARGET_S for f in ("csv", "xlsx", "mspdi"))
    )
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
