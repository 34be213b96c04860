"""Benchmark knowledge search: 50,000 articles of mixed Chinese and English, median query time
under 200 ms (exit 1 if missed), median and p95 printed.

    python bench/bench_knowledge_search.py
    python bench/bench_knowledge_search.py --quick      # 5,000 articles, for CI
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ito_portal python bench/bench_knowledge_search.py

Builds, in a scratch database (SQLite under a temporary folder unless DATABASE_URL points
elsewhere; with PostgreSQL a database with a _bench_knowledge suffix is created and dropped):
20 projects each with a knowledge space, and articles bulk-inserted with bodies of 3–8
paragraphs drawn from a pool of realistic bilingual operations text (their search words
computed once per paragraph with jieba, as the service does per article); a fifth are
organisation-wide. Then times each query of a set (Chinese words inside longer sentences,
English words, prefixes, mixed queries) as a project engineer (the permission filter applies)
and as the PMO: the first result page of 20 with highlighted snippets, as the search page and
`/api/v1/articles/search/` fetch it.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ito_portal.settings_test")

TARGET_MS = 200.0
PARAGRAPHS = [
    "每季度进行一次数据库备份恢复演练，验证 RPO 与 RTO 是否达标。",
    "Restore the nightly backup to the staging server and time the restore.",
    "VPN 证书每年三月到期，需提前一个月在防火墙上替换证书。",
    "Renew the VPN certificate on the firewall a month before it expires.",
    "夜间批处理失败时，检查 SM37 作业日志并重跑失败的步骤。",
    "When the nightly batch fails, check the job log and rerun the failed step.",
    "磁盘空间告警：清理 /var/log 下三十天前的日志文件。",
    "Disk space alert: clear log files older than thirty days under /var/log.",
    "物料主数据迁移前，校验物料编码唯一、计量单位齐全。",
    "Before migrating master data, check that material codes are unique.",
    "生产变更需提交变更申请并通过变更咨询委员会审批后在维护窗口执行。",
    "Production changes need an approved change request and a maintenance window.",
    "发票过账报错时，维护税码后重试；若仍失败，联系财务顾问。",
    "If invoice posting fails, maintain the tax code and retry, then call the finance consultant.",
    "新员工入职需安装 VPN 客户端、Git 与开发工具，并申请代码仓库权限。",
    "Onboarding: install the VPN client, Git and the IDE, and request repository access.",
    "接口监控看板展示订单、库存与发货接口的错误数量和处理时长。",
    "The interface dashboard shows errors and latency of the order, stock and shipping interfaces.",
    "负载均衡器健康检查失败时，先确认应用端口，再检查安全组规则。",
    "When load balancer health checks fail, confirm the application port, then the security group.",
    "Kubernetes pod 重启频繁，通常是内存限制过低导致 OOMKilled。",
    "Pods restarting often are usually OOMKilled because the memory limit is too low.",
    "打印队列卡住时，重启输出设备并清空假脱机请求。",
    "Print queue stuck: restart the output device and clear the spool requests.",
    "割接前冻结库存事务，完成备份后再开始升级，最后盘点核对。",
    "Before the cut-over, freeze stock movements, back up, upgrade, then reconcile the inventory.",
    "账号被锁定可在自助门户解锁，或致电服务台。",
    "Locked accounts can be unlocked in the self-service portal or by the service desk.",
    "性能测试显示报表查询在月末高峰期超过十秒，需要增加索引。",
    "Performance tests show month-end report queries take over ten seconds: add an index.",
]
TITLES = [
    "数据库备份恢复演练", "VPN certificate renewal", "夜间批处理失败处理", "Disk space alert",
    "物料主数据迁移校验", "Production change procedure", "发票过账报错", "Onboarding guide",
    "接口监控看板说明", "Load balancer health checks", "Pod 频繁重启排查", "Print queue stuck",
    "WMS 割接清单", "账号解锁常见问题", "月末报表性能优化",
]  # fmt: skip
QUERIES = [
    "备份", "数据库备份", "证书", "VPN", "backup restore", "restore", "批处理 失败", "cert",
    "磁盘 log", "割接", "index", "health check", "内存", "OOM", "账号 解锁", "invoice tax",
]  # fmt: skip


def build(rng: random.Random, n_articles: int) -> dict:
    from accounts.choices import OrganizationKind, ProjectRole
    from accounts.models import Membership, Organization, User
    from knowledge import search
    from knowledge.models import Article, Space
    from projects.models import Project
    from projects.services import default_calendar

    vendor = Organization.objects.create(name="Bench", kind=OrganizationKind.VENDOR)
    client = Organization.objects.create(name="Client", kind=OrganizationKind.CLIENT)
    pmo = User.objects.create_user("pmo", password="bench", organization=vendor)
    pmo.is_vendor_admin = True
    pmo.save(update_fields=["is_vendor_admin"])
    engineer = User.objects.create_user("eng", password="bench", organization=vendor)
    calendar = default_calendar()
    import datetime as dt

    projects = Project.objects.bulk_create(
        [
            Project(code=f"K{i:03d}", name=f"Project {i}", client=client, manager=pmo,
                    start_date=dt.date(2026, 1, 1), calendar=calendar)
            for i in range(20)
        ]
    )  # fmt: skip
    Membership.objects.bulk_create(
        [Membership(project=p, user=engineer, role=ProjectRole.MEMBER) for p in projects[:3]]
    )
    spaces = Space.objects.bulk_create([Space(name=f"Space {p.code}", project=p) for p in projects])
    tokens = [search.tokens_for_index(p) for p in PARAGRAPHS]
    title_tokens = [search.tokens_for_index(t) for t in TITLES]
    batch = []
    for i in range(n_articles):
        picks = rng.sample(range(len(PARAGRAPHS)), rng.randint(3, 8))
        t = rng.randrange(len(TITLES))
        batch.append(
            Article(
                title=f"{TITLES[t]} {i}", body="\n\n".join(PARAGRAPHS[p] for p in picks),
                search_title=f"{title_tokens[t]} {i}",
                search_text=" ".join(tokens[p] for p in picks),
                space=None if i % 5 == 0 else spaces[i % len(spaces)], owner=pmo, version=1,
            )
        )  # fmt: skip
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    search.index(Article.objects.all())
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE knowledge_article")
    return {"pmo": pmo, "engineer": engineer}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5,000 articles instead of 50,000")
    args = parser.parse_args()
    n_articles = 5_000 if args.quick else 50_000
    scratch = tempfile.mkdtemp(prefix="bench-knowledge-")
    os.environ["VAR_DIR"] = scratch
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/ito_portal_bench_knowledge"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from knowledge import search, selectors

    rng = random.Random(8)
    dbs = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    timings: dict[str, list[float]] = {"engineer": [], "pmo": []}
    try:
        started = time.perf_counter()
        users = build(rng, n_articles)
        build_s = time.perf_counter() - started
        for _round in range(3):
            for query in QUERIES:
                for who in timings:
                    t0 = time.perf_counter()
                    page = list(selectors.article_list(users[who], q=query)[:20])
                    search.hits(page, query)
                    timings[who].append((time.perf_counter() - t0) * 1000)
        found = {q: selectors.article_list(users["pmo"], q=q).count() for q in QUERIES[:4]}
    finally:
        teardown_databases(dbs, verbosity=0)
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"database: {connection.vendor}; {n_articles:,} articles built in {build_s:.1f} s")
    print("matches (PMO): " + ", ".join(f"{q!r}: {n:,}" for q, n in found.items()))
    every = [ms for values in timings.values() for ms in values]
    for who, values in timings.items():
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        print(f"{who:>8}: median {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms")
    median = statistics.median(every)
    print(f"   all: median {median:6.1f} ms (target < {TARGET_MS:.0f} ms)")
    if median >= TARGET_MS:
        print("TARGET MISSED")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
