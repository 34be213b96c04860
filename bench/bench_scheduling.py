"""Benchmark the scheduling engine on realistic generated plans; exit 1 if a target is missed.

    python bench/bench_scheduling.py            # 10k, 50k, 100k tasks and a 100k-deep chain
    python bench/bench_scheduling.py --quick    # 10k only (for CI)

Plans look like real programmes: parallel workstreams of ~400 rows, ~10% summaries nested up to
four deep, 1.5 links per task (80% FS, then SS, FF, SF), one link in five with a lag of -2..5
days, about a fifth of the links to or from a summary, 5% milestones, a Chinese holiday calendar;
they span five to six years. The chain case is 100,000 tasks in one finish-to-start line (a
recursion stress test; it spans centuries). Time is the best of several runs without tracing;
memory is tracemalloc's peak during one more run (inputs excluded, result included).
"""

import argparse
import gc
import random
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from projects.scheduling import (
    LinkInput,
    TaskInput,
    WorkCalendar,
    compute_schedule,
)

PROJECT_START = date(2026, 1, 5)
# Seconds allowed, per size; 50k is reported against the linear extrapolation.
TIME_TARGETS = {10_000: 1.0, 50_000: 5.0, 100_000: 10.0}
# Peak bytes per task may grow at most this much from 10k to 100k ("linear in size").
MEMORY_GROWTH_TOLERANCE = 1.5


def china_calendar(first_year: int = 2026, years: int = 40) -> WorkCalendar:
    """Weekends off, a Spring Festival and a National Day week off each year, two 调休 Saturdays."""
    exceptions: dict[date, bool] = {}
    for year in range(first_year, first_year + years):
        festival = date(year, 2, 10)
        for k in range(7):
            exceptions[festival + timedelta(days=k)] = False
        for k in range(7):
            exceptions[date(year, 10, 1) + timedelta(days=k)] = False
        exceptions[date(year, 9, 27)] = True
        exceptions[date(year, 10, 11)] = True
    return WorkCalendar(exceptions=exceptions)


def generate_plan(n: int, seed: int = 1) -> tuple[list[TaskInput], list[LinkInput]]:
    """A WBS of ``n`` rows with ``1.5 * n`` dependencies, all pointing forward.

    Rows come in workstreams of about 400 (a top-level summary each) that run in parallel, as
    in a real programme: most links join recent rows of the same workstream; one in twenty is a
    hand-off from an earlier phase of another workstream.
    """
    rng = random.Random(seed)
    tasks: list[TaskInput] = []
    links: list[LinkInput] = []
    open_summaries: list[tuple[int, int]] = []  # (id, children so far)
    finished: list[int] = []  # rows whose subtree is complete: safe predecessors
    stream: list[int] = []  # the same, in the current workstream
    earlier_streams: list[list[int]] = []
    target_links = n * 3 // 2
    for task_id in range(1, n + 1):
        remaining = n - task_id + 1
        if not open_summaries and remaining > 3:
            # A new workstream: its top-level summary row.
            tasks.append(TaskInput(id=task_id, duration=0))
            open_summaries.append((task_id, 0))
            if stream:
                earlier_streams.append(stream)
            stream = []
            continue
        while open_summaries and _closes(open_summaries, remaining, rng):
            closed = open_summaries.pop()[0]
            finished.append(closed)
            stream.append(closed)
        parent = open_summaries[-1][0] if open_summaries else None
        if open_summaries:
            top_id, count = open_summaries[-1]
            open_summaries[-1] = (top_id, count + 1)
        make_summary = 0 < len(open_summaries) < 4 and remaining > 3 and rng.random() < 0.15
        duration = 0 if rng.random() < 0.05 else rng.randint(1, 15)
        tasks.append(TaskInput(id=task_id, duration=duration, parent=parent))
        wanted = 1 if rng.random() < 0.4 else 2
        wanted = min(wanted, target_links - len(links), len(stream) + len(earlier_streams))
        for _ in range(wanted):
            if stream and (rng.random() < 0.95 or not earlier_streams):
                pred = stream[-1 - min(len(stream) - 1, int(rng.expovariate(1 / 80)))]
            elif earlier_streams:
                # Hand-offs between workstreams come from an earlier phase of another one.
                other = rng.choice(earlier_streams)
                pred = other[rng.randrange(min(len(other), max(1, len(stream) * 4 // 5)))]
            else:
                break
            roll = rng.random()
            kind = "FS" if roll < 0.8 else "SS" if roll < 0.9 else "FF" if roll < 0.97 else "SF"
            lag = 0 if rng.random() < 0.8 else rng.randint(-2, 5)
            links.append(LinkInput(pred, task_id, kind, lag))
        if make_summary:
            open_summaries.append((task_id, 0))
        else:
            finished.append(task_id)
            stream.append(task_id)
    return tasks, links


def _closes(open_summaries: list[tuple[int, int]], remaining: int, rng: random.Random) -> bool:
    """Whether the innermost open summary ends before the next row."""
    depth = len(open_summaries)
    children = open_summaries[-1][1]
    if remaining <= depth:  # every summary needs a child before the plan ends
        return True
    if depth == 1:
        return children >= 400  # a workstream is complete
    return children >= 2 and rng.random() < 0.15


def generate_chain(n: int) -> tuple[list[TaskInput], list[LinkInput]]:
    tasks = [TaskInput(id=i, duration=1 + i % 3) for i in range(1, n + 1)]
    links = [LinkInput(i, i + 1) for i in range(1, n)]
    return tasks, links


def measure(tasks: list[TaskInput], links: list[LinkInput], runs: int) -> tuple[float, float, date]:
    """Best wall time over ``runs``, tracemalloc peak (MB) of one more run, and the finish."""
    best = float("inf")
    for _ in range(runs):
        calendar = china_calendar()  # a fresh one: growing its table is part of the work
        gc.collect()
        began = time.perf_counter()
        compute_schedule(tasks, links, calendar, PROJECT_START)
        best = min(best, time.perf_counter() - began)
    calendar = china_calendar()
    gc.collect()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    result = compute_schedule(tasks, links, calendar, PROJECT_START)
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    return best, peak / 1e6, result.finish


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="run only the 10k case")
    args = parser.parse_args()
    cases = (
        [("wbs", 10_000)]
        if args.quick
        else [
            ("wbs", 10_000),
            ("wbs", 50_000),
            ("wbs", 100_000),
            ("chain", 100_000),
        ]
    )
    failures: list[str] = []
    peaks: dict[int, float] = {}
    print(f"{'case':<7}{'tasks':>9}{'links':>9}{'seconds':>9}{'peak MB':>9}  {'finish':<12}target")
    for kind, size in cases:
        tasks, links = generate_plan(size) if kind == "wbs" else generate_chain(size)
        seconds, peak, finish = measure(tasks, links, runs=3 if size <= 10_000 else 2)
        if kind == "wbs":
            peaks[size] = peak
        limit = TIME_TARGETS[size]
        verdict = "ok" if seconds < limit else "MISSED"
        if seconds >= limit:
            failures.append(f"{kind} of {size} tasks took {seconds:.2f}s (target {limit:.0f}s)")
        print(
            f"{kind:<7}{len(tasks):>9,}{len(links):>9,}{seconds:>9.3f}{peak:>9.1f}"
            f"  {finish.isoformat():<12}< {limit:.0f}s {verdict}"
        )
    if 100_000 in peaks:
        growth = (peaks[100_000] / 100_000) / (peaks[10_000] / 10_000)
        print(f"peak memory per task, 100k vs 10k: x{growth:.2f}")
        if growth > MEMORY_GROWTH_TOLERANCE:
            failures.append(f"memory per task grew x{growth:.2f} from 10k to 100k")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
