"""Benchmark the service desk queue page with 50,000 tickets: the "all" tab and a filtered
page, pages 1 and 200, as the PMO and as an engineer. The number of queries must not depend
on the page (or the number of tickets); exit 1 if it does or a page takes 2 s or more.

    python bench/bench_service_desk_queue.py [--quick]
"""

import argparse
import random
import sys
import time

from bench_sla_escalation import build, setup

TARGET_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5,000 tickets instead of 50,000")
    n = 5_000 if parser.parse_args().quick else 50_000
    dbs = setup("queue")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, teardown_databases
    from django.utils import timezone

    from accounts.models import User

    problems, counts = [], {}
    try:
        build(n, 0, timezone.now(), random.Random(3))
        engineer = User.objects.get(username="eng1")
        pmo = User.objects.create_user(
            "bench-pmo", is_vendor_admin=True, organization=engineer.organization
        )
        for user in (pmo, engineer):
            browser = Client(HTTP_ACCEPT_LANGUAGE="en", secure=True)
            browser.force_login(user)
            for params in ({"tab": "all"}, {"tab": "all", "page": 200},
                           {"tab": "group", "priority": "P3", "page": 3}):  # fmt: skip
                browser.get("/operations/tickets/", params)  # warm
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = browser.get("/operations/tickets/", params)
                    seconds = time.perf_counter() - started
                assert response.status_code == 200, response.status_code
                key = (user.username, params["tab"], params.get("priority"))
                counts.setdefault(key, set()).add(len(ctx.captured_queries))
                print(
                    f"{user.username} {params}: {seconds:.3f} s, {len(ctx.captured_queries)} queries"
                )
                if seconds >= TARGET_S:
                    problems.append(f"{params} took {seconds:.2f} s")
        # The same view for the same person: page 1 and page 200 cost the same.
        for key, seen in counts.items():
            if len(seen) > 1:
                problems.append(f"{key}: the number of queries varies: {sorted(seen)}")
    finally:
        teardown_databases(dbs, verbosity=0)
    for p in problems:
        print("MISSED:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
