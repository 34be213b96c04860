"""Benchmark the monitoring alert intake: a burst of 1,000 Alertmanager alerts (200 distinct
fingerprints, each sent five times, shuffled, 10 alerts per webhook call) posted by 4 threads at
once. Target: exactly one ticket per fingerprint (never a duplicate), no failed call.
Exit 1 if a target is missed.

    python bench/bench_alert_intake.py
    python bench/bench_alert_intake.py --quick      # 200 alerts
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ito_portal python bench/bench_alert_intake.py

Builds, in a scratch database (SQLite under a temporary folder unless DATABASE_URL points
elsewhere; with PostgreSQL a database with a _bench_alerts suffix is created and dropped), one
client with a contract, 50 configuration items and an alert integration, then posts the burst
through Django's test client with the integration's bearer token. SQLite serialises writers, so
there the burst is posted by one thread.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ito_portal.settings_test")

BATCH = 10


def payload(alerts: list[dict]) -> dict:
    return {
        "version": "4", "groupKey": "{}:{alertname=\"Bench\"}", "truncatedAlerts": 0,
        "status": "firing", "receiver": "ito-portal", "groupLabels": {"alertname": "Bench"},
        "commonLabels": {"alertname": "Bench"}, "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093", "alerts": alerts,
    }  # fmt: skip


def alert(n: int) -> dict:
    return {
        "status": "firing",
        "labels": {"alertname": "Bench", "instance": f"bench-{n % 50:02d}:9100",
                   "severity": random.choice(["critical", "warning"])},
        "annotations": {"summary": f"Bench alert {n}"},
        "startsAt": "2026-11-24T08:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus:9090/graph", "fingerprint": f"bench{n:06d}",
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="200 alerts instead of 1,000")
    args = parser.parse_args()
    total = 200 if args.quick else 1000
    distinct = total // 5
    scratch = tempfile.mkdtemp(prefix="bench-alerts-")
    os.environ["VAR_DIR"] = scratch
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith("postgres")
    if postgres:
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/ito_portal_bench_alerts"
    import datetime as dt

    import django

    django.setup()
    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    # The scratch database is made straight from the models (quicker than migrating).
    settings.DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False
    if not postgres:
        settings.DATABASES["default"]["TEST"]["NAME"] = f"{scratch}/bench.sqlite3"
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    try:
        import operations.services.tickets
    except ImportError:  # helper "ops-tickets" has not published it yet
        import operations.services
        from tests.operations.cmdb import ticket_standin

        sys.modules["operations.services.tickets"] = ticket_standin
        operations.services.tickets = ticket_standin
        print("note: ticket services stand-in (tests/operations/cmdb/ticket_standin.py)")
    random.seed(7)
    dbs = setup_databases(verbosity=0, interactive=False)
    problems = []
    try:
        from accounts.models import Organization
        from operations.models import ServiceContract, SlaPolicy, Ticket
        from operations.services import alerts, cmdb

        client_org = Organization.objects.create(name="Bench client", kind="client")
        contract = ServiceContract.objects.create(
            client=client_org, name="Bench", code="BENCH-1",
            sla_policy=SlaPolicy.objects.create(name="Bench", twenty_four_seven=True),
            start_date=dt.date(2026, 1, 1),
        )  # fmt: skip
        for n in range(50):
            cmdb.ci_create(actor=None, client=client_org, name=f"bench-{n:02d}", kind="vm")
        _integration, token = alerts.alert_integration_create(
            actor=None, client=client_org, contract=contract, name="Bench"
        )
        burst = [alert(n % distinct) for n in range(total)]
        random.shuffle(burst)
        calls = [payload(burst[i : i + BATCH]) for i in range(0, total, BATCH)]
        threads = 4 if postgres else 1
        failed: list[int] = []

        def post(share):
            web = Client(HTTP_AUTHORIZATION=f"Bearer {token}", secure=True)
            try:
                for body in share:
                    answer = web.post(
                        "/api/v1/alerts/alertmanager/", json.dumps(body),
                        content_type="application/json",
                    )  # fmt: skip
                    if answer.status_code not in (200, 201):
                        failed.append(answer.status_code)
            finally:
                connections.close_all()

        workers = [threading.Thread(target=post, args=(calls[i::threads],)) for i in range(threads)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        seconds = time.perf_counter() - started
        tickets = Ticket.objects.filter(alert_integration__isnull=False).count()
        fingerprints = Ticket.objects.values("alert_fingerprint").distinct().count()
        print(f"alert intake: {total} alerts in {len(calls)} calls by {threads} thread(s), "
              f"{seconds:.2f} s, {total / seconds:.0f} alerts/s")  # fmt: skip
        print(f"tickets: {tickets} for {distinct} fingerprints ({fingerprints} distinct)")
        if tickets != distinct:
            problems.append(f"{tickets} tickets for {distinct} fingerprints")
        if failed:
            problems.append(f"{len(failed)} calls failed: {sorted(set(failed))}")
    finally:
        connections.close_all()
        teardown_databases(dbs, verbosity=0)
        shutil.rmtree(scratch, ignore_errors=True)
    for problem in problems:
        print("MISSED:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
