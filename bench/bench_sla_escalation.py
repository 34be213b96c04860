"""Benchmark the SLA escalation scan: 50,000 open tickets, of which 1,000 crossed a threshold
since the last minute (what the every-minute scan meets), then a backlog of 5,000 due (a
worker that was down; reported, not a target). Exit 1 if the minute scan takes 5 s or more, or if the number of queries grows
with the number of due tickets beyond one fixed set per chunk.

    python bench/bench_sla_escalation.py [--quick]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/bench_sla_escalation.py

Scratch database (SQLite in a temporary folder, or a PostgreSQL database with a
_bench_sla suffix), tables created straight from the models (quicker than migrating).
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ito_portal.settings_test")

TARGET_S = 5.0
N_TICKETS = 50_000


def setup(suffix: str):
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix=f"bench-{suffix}-")
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/ito_portal_bench_{suffix}"
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_databases

    settings.DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    return setup_databases(verbosity=0, interactive=False)


def build(n: int, due: int, now, rng: random.Random):
    """Two clients, 50 engineers in 5 groups, n open tickets; `due` of them have a
    threshold at or before `now`, the rest later."""
    import datetime as dt

    from accounts.choices import OrganizationKind
    from accounts.models import Organization, User
    from operations.models import ServiceContract, SupportGroup, Ticket
    from operations.sla import business_clock
    from tests.operations.factories import sla_policy

    vendor = Organization.objects.create(name="Vendor", kind=OrganizationKind.VENDOR)
    engineers = User.objects.bulk_create(
        [User(username=f"eng{i}", organization=vendor) for i in range(50)]
    )
    groups = [SupportGroup.objects.create(name=f"G{i}", lead=engineers[i * 10]) for i in range(5)]
    for i, g in enumerate(groups):
        g.members.add(*engineers[i * 10 : i * 10 + 10])
    policies = [sla_policy(twenty_four_seven=True), sla_policy()]
    contracts = []
    for i in range(2):
        client = Organization.objects.create(name=f"Client {i}", kind=OrganizationKind.CLIENT)
        c = ServiceContract.objects.create(
            client=client, name="Run", code=f"C{i}", sla_policy=policies[i],
            start_date=dt.date(2025, 1, 1), service_manager=engineers[i], default_group=groups[i],
        )  # fmt: skip
        c.support_groups.add(*groups)
        contracts.append(c)
    rows = []
    for i in range(n):
        c = contracts[i % 2]
        g = groups[i % 5]
        rows.append(
            Ticket(
                number=f"INC-{i + 1:06d}",
                title=f"Ticket {i}",
                client_id=c.client_id,
                contract=c,
                impact="medium",
                urgency="medium",
                priority=rng.choice(["P3", "P4"]),
                status="assigned",
                group=g,
                assignee=engineers[(i % 5) * 10 + rng.randrange(10)],
                opened_at=now - dt.timedelta(minutes=rng.randrange(1, 60)),
                next_escalation_at=None,
            )
        )
    Ticket.objects.bulk_create(rows, batch_size=2000)
    # Set next_escalation_at as the services would (computed, not guessed).
    from operations.services.tickets import thresholds

    tickets = list(Ticket.objects.select_related("contract"))
    by_policy = {p.pk: p for p in policies}
    for p in policies:
        business_clock(p)
    for t in tickets:
        moments = thresholds(t, by_policy[t.contract.sla_policy_id])
        t.next_escalation_at = min(moments.values())
    # Make `due` of them cross their response warning right now.
    for t in rng.sample(tickets, due):
        t.opened_at = now - dt.timedelta(days=2)
        t.contract.sla_policy = by_policy[t.contract.sla_policy_id]
        t.next_escalation_at = now - dt.timedelta(seconds=30)
    Ticket.objects.bulk_update(tickets, ["next_escalation_at", "opened_at"], batch_size=2000)


def scan(now):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from operations.escalation import escalate_due

    reverse("dashboard:home")  # a worker's URLconf is loaded once, not on every scan
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        counts = escalate_due(now=now)
        seconds = time.perf_counter() - started
    return seconds, len(ctx.captured_queries), counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5,000 tickets instead of 50,000")
    args = parser.parse_args()
    n = 5_000 if args.quick else N_TICKETS
    dbs = setup("sla")
    import datetime as dt

    from django.test.utils import teardown_databases
    from django.utils import timezone

    from operations.models import Ticket

    problems = []
    try:
        now = timezone.now()
        rng = random.Random(7)
        started = time.perf_counter()
        build(n, n // 50, now, rng)
        print(f"built {n} open tickets in {time.perf_counter() - started:.1f} s")
        seconds, queries, counts = scan(now)
        print(f"scan, {n // 50} due of {n}: {seconds:.2f} s, {queries} queries, {counts}")
        if seconds >= TARGET_S:
            problems.append(f"the minute scan took {seconds:.2f} s")
        idle_s, idle_q, _ = scan(now)
        print(f"scan again (nothing due): {idle_s:.3f} s, {idle_q} queries")
        backlog = list(Ticket.objects.filter(next_escalation_at__isnull=False)[: n // 10])
        for t in backlog:
            t.next_escalation_at = now - dt.timedelta(minutes=1)
            t.opened_at = now - dt.timedelta(days=3)
        Ticket.objects.bulk_update(backlog, ["next_escalation_at", "opened_at"], batch_size=2000)
        big_s, big_q, big = scan(now)
        print(f"backlog scan, {len(backlog)} due: {big_s:.2f} s, {big_q} queries, {big}")
        # Informational: a backlog is worked through in chunks over successive runs.
        chunks = -(-len(backlog) // 5000)
        if big_q > queries * max(chunks, 1) + 10:
            problems.append(f"queries grew with the due tickets: {queries} then {big_q}")
    finally:
        teardown_databases(dbs, verbosity=0)
    for p in problems:
        print("MISSED:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
