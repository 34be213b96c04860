"""Benchmark the Gantt chart on a 5,000-task plan; exit 1 if a target is missed.

    DATABASE_URL=postgres://... python bench/bench_gantt.py [--tasks 5000]

Builds a plan of `--tasks` rows (a summary per ten rows, 5% milestones) with 1.5 links per task
of all four types and a baseline, in a scratch database (SQLite under a temporary folder unless
DATABASE_URL points elsewhere; with PostgreSQL a database with a _bench suffix). Then times,
best of five:

- the loader and renderer for the whole chart (what a PDF report draws) and for the first
  window of rows (what the page draws);
- the page's first response, the next window's fragment and a drag (the POST that reschedules
  the project and re-draws the chart), through Django's test client as the project manager,
  with the number of queries each runs.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ito_portal.settings_test")

# Seconds allowed on one core of the development container.
TARGETS = {
    "first window (load + render)": 0.25,
    "page, first response": 0.3,
    "next window (fragment)": 0.25,
    "drag (reschedule + redraw)": 1.0,
    "full chart (load + render)": 1.5,
}
RUNS = 5


def build(n_tasks: int):
    from accounts.choices import OrganizationKind
    from accounts.models import Organization, User
    from projects import services, wbs
    from projects.models import Dependency, Task
    from projects.scheduler import project_reschedule

    rng = random.Random(11)
    vendor = Organization.objects.create(name="Bench vendor", kind=OrganizationKind.VENDOR)
    client = Organization.objects.create(name="Bench client", kind=OrganizationKind.CLIENT)
    manager = User.objects.create(username="bench.pm", organization=vendor)
    project = services.project_create(
        actor=None, code="BENCH", name="Bench", client=client, manager=manager,
        start_date=dt.date(2026, 1, 5),
    )  # fmt: skip
    tasks, parent = [], None
    for i in range(n_tasks):
        if i % 10 == 0:
            parent = Task(project=project, name=f"Phase {i // 10} 阶段", position=i // 10)
            tasks.append(parent)
            continue
        duration = 0 if rng.random() < 0.05 else rng.randint(1, 12)
        tasks.append(
            Task(project=project, parent=parent, name=f"Task {i} 任务", position=i % 10,
                 duration_days=duration, percent_complete=rng.choice([0, 0, 25, 50, 100]))
        )  # fmt: skip
    Task.objects.bulk_create([t for t in tasks if t.parent is None], batch_size=2000)
    Task.objects.bulk_create([t for t in tasks if t.parent is not None], batch_size=2000)
    leaves = [t for t in tasks if t.parent is not None]
    links, seen = [], set()
    wanted = n_tasks * 3 // 2
    stream = 400
    while len(links) < wanted:
        index = rng.randrange(2, len(leaves))
        base = (index // stream) * stream
        if index - base < 2:
            continue
        # Mostly a recent task of the same workstream, sometimes one far above (other windows).
        back = int(rng.expovariate(1 / 12)) + 1 if rng.random() < 0.9 else rng.randrange(index)
        pred = leaves[max(base if back < stream else 0, index - back)]
        task = leaves[index]
        if pred.pk == task.pk or (pred.pk, task.pk) in seen:
            continue
        seen.add((pred.pk, task.pk))
        roll = rng.random()
        kind = "FS" if roll < 0.8 else "SS" if roll < 0.9 else "FF" if roll < 0.97 else "SF"
        links.append(Dependency(project=project, predecessor=pred, successor=task, type=kind,
                                lag_days=rng.choice([0, 0, 0, 0, 1, 2, -1])))  # fmt: skip
    Dependency.objects.bulk_create(links, batch_size=2000)
    wbs.renumber(project.pk)
    project_reschedule(project)
    services.baseline_save(actor=None, project=project, name="Contract")
    project.refresh_from_db()
    return project, manager, leaves, len(links)


def best_of(function, runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5_000)
    options = parser.parse_args()
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-gantt-")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/ito_portal_bench"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import (
        CaptureQueriesContext,
        setup_databases,
        setup_test_environment,
        teardown_databases,
    )
    from django.urls import reverse
    from django.utils import translation

    from projects import gantt
    from projects.models import Project

    setup_test_environment()
    dbs = setup_databases(verbosity=0, interactive=False)
    results: list[tuple[str, float, int | None, str]] = []
    try:
        project, manager, leaves, n_links = build(options.tasks)
        project = Project.objects.select_related("calendar", "baseline").get(pk=project.pk)
        translation.activate("en")

        def chart(rows):
            data = gantt.gantt_data(manager, project, baseline=project.baseline, rows=rows)
            return data, gantt.render(data)

        seconds = best_of(lambda: chart(slice(0, gantt.WINDOW)))
        results.append(("first window (load + render)", seconds, None, ""))
        full = {}

        def draw_full():
            data = gantt.gantt_data(manager, project, baseline=project.baseline)
            full["svg"] = gantt.render_svg(data)

        seconds = best_of(draw_full, runs=3)
        size = f"{len(full['svg']) / 1e6:.1f} MB of SVG"
        results.append(("full chart (load + render)", seconds, None, size))

        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(manager)
        page = reverse("projects:project_gantt", kwargs={"project_id": project.pk})
        client.get(page)  # warm the session and the template cache

        def timed_request(method, path, data=None, **headers):
            queries = CaptureQueriesContext(connection)
            with queries:
                response = getattr(client, method)(path, data or {}, **headers)
            assert response.status_code == 200, (path, response.status_code)
            return response, len(queries.captured_queries)

        counts = {}

        def first_response():
            response, counts["page"] = timed_request("get", page)
            counts["page_bytes"] = len(response.content)

        seconds = best_of(first_response)
        results.append(
            ("page, first response", seconds, counts["page"],
             f"{counts['page_bytes'] / 1e3:.0f} kB of HTML")
        )  # fmt: skip

        def next_window():
            _, counts["more"] = timed_request(
                "get", page, {"offset": gantt.WINDOW}, HTTP_HX_REQUEST="true"
            )

        seconds = best_of(next_window)
        results.append(("next window (fragment)", seconds, counts["more"], ""))
        task = leaves[len(leaves) // 3]
        edit = reverse("projects:task_gantt", kwargs={"project_id": project.pk, "task_id": task.pk})
        shift = iter(range(1, 100))

        def drag():
            task.refresh_from_db()
            new_start = task.start_date + dt.timedelta(days=next(shift))
            _, counts["drag"] = timed_request(
                "post", edit, {"start": new_start.isoformat(), "rows": gantt.WINDOW},
                HTTP_HX_REQUEST="true",
            )  # fmt: skip

        seconds = best_of(drag, runs=3)
        results.append(("drag (reschedule + redraw)", seconds, counts["drag"], ""))
    finally:
        teardown_databases(dbs, verbosity=0)

    print(f"database: {connection.vendor}; {options.tasks:,} tasks, {n_links:,} links")
    print(f"{'case':<32}{'seconds':>9}{'queries':>9}  {'target':<9}note")
    missed = []
    for name, seconds, queries, note in results:
        limit = TARGETS[name]
        verdict = "ok" if seconds < limit else "MISSED"
        if seconds >= limit:
            missed.append(name)
        shown = "" if queries is None else str(queries)
        print(f"{name:<32}{seconds:>9.3f}{shown:>9}  < {limit:<5} {verdict:<7}{note}")
    print("targets met" if not missed else f"TARGETS MISSED: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
