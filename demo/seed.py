"""A believable ITO vendor, its clients and their projects, for trying the portal.

`seed()` runs each app's part in order (accounts and projects first; later modules add
theirs to SEEDERS). The base data goes through the services, so the audit trail and the
invariants are the real ones; `--scale N` adds N times more data with bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import OrganizationKind, ProjectRole
from accounts.models import Membership, Organization, User
from clients.demo import seed_clients
from collaboration.demo import seed_collaboration
from demo.plans import seed_plans
from improvement.demo import seed_improvement
from knowledge.demo import seed_knowledge
from operations.demo import seed_operations
from operations.demo_change import seed_changes
from operations.demo_cmdb import seed_cmdb
from performance.demo import seed_kpis
from projects import services as project_services
from projects.choices import ProjectStatus
from projects.models import Dependency, Project, Task
from projects.scheduler import project_reschedule
from projects.wbs import renumber
from quality.demo import seed_checklists, seed_quality
from quality.demo_acceptance import seed_testing_and_acceptance
from reports.demo import seed_reports
from resources.demo import seed_bookings, seed_budgets, seed_earned_value, seed_resources
from risks.demo import seed_risks
from training.demo import seed_training


@dataclass
class Demo:
    """What the seeders build, so later seeders can use earlier ones' objects."""

    today: dt.date
    scale: int
    password: str
    vendor: Organization | None = None
    pmo: User | None = None
    managers: list[User] = field(default_factory=list)
    engineers: list[User] = field(default_factory=list)
    clients: dict[str, Organization] = field(default_factory=dict)
    client_people: dict[str, list[tuple[User, str]]] = field(default_factory=dict)  # (user, role)
    projects: dict[str, Project] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, who, role)


VENDOR_NAME = "恒云科技 Hengyun Tech"
PEOPLE = {
    "pmo": ("周敏", "Zhou Min"),
    "pm.li": ("李娜", "Li Na"),
    "pm.wang": ("王强", "Wang Qiang"),
    "eng.chen": ("陈杰", "Chen Jie"),
    "eng.liu": ("刘洋", "Liu Yang"),
    "eng.zhang": ("张伟", "Zhang Wei"),
    "eng.yang": ("杨静", "Yang Jing"),
    "eng.huang": ("黄磊", "Huang Lei"),
    "eng.zhao": ("赵敏", "Zhao Min"),
    "eng.wu": ("吴昊", "Wu Hao"),
    "eng.xu": ("徐丽", "Xu Li"),
}
CLIENTS = {
    "ninghai": (
        "宁海制造集团 Ninghai Manufacturing",
        [
            ("nh.sun", "孙丽", "Sun Li", "client_contact"),
            ("nh.ma", "马涛", "Ma Tao", "client_viewer"),
        ],
    ),
    "dongfang": (
        "东方物流 Dongfang Logistics",
        [
            ("df.guo", "郭峰", "Guo Feng", "client_contact"),
            ("df.he", "何雪", "He Xue", "client_viewer"),
        ],
    ),
}


def _user(demo: Demo, username: str, organization: Organization, role_label: str, **extra) -> User:
    chinese, english = extra.pop("names")
    user = account_services.user_create(
        actor=None,
        username=username,
        email=f"{username}@{'hengyun.example' if organization.is_vendor else 'client.example'}",
        display_name=f"{chinese} {english}",
        organization=organization,
        password=demo.password,
        **extra,
    )
    demo.logins.append((username, user.display_name, role_label))
    return user


def seed_people(demo: Demo) -> None:
    """The vendor with its PMO, two project managers and eight engineers; two clients."""
    demo.vendor = account_services.organization_create(
        actor=None, name=VENDOR_NAME, kind=OrganizationKind.VENDOR,
        description="IT 外包服务商：项目交付与运维 · IT outsourcing: delivery and operations",
    )  # fmt: skip
    demo.pmo = _user(
        demo, "pmo", demo.vendor, "PMO administrator", names=PEOPLE["pmo"],
        is_vendor_admin=True, is_staff=True, is_superuser=True,
    )  # fmt: skip
    demo.managers = [
        _user(demo, u, demo.vendor, "Project manager", names=PEOPLE[u])
        for u in ("pm.li", "pm.wang")
    ]
    demo.engineers = [
        _user(demo, u, demo.vendor, "Engineer", names=PEOPLE[u])
        for u in PEOPLE
        if u.startswith("eng.")
    ]
    for key, (name, people) in CLIENTS.items():
        organization = account_services.organization_create(
            actor=demo.pmo, name=name, kind=OrganizationKind.CLIENT
        )
        demo.clients[key] = organization
        demo.client_people[key] = []
        for username, chinese, english, role in people:
            label = "Client contact" if role == "client_contact" else "Client viewer"
            user = _user(demo, username, organization, label, names=(chinese, english))
            demo.client_people[key].append((user, role))


def seed_projects(demo: Demo) -> None:
    """Four projects in different states, each with its team and client people."""
    today = demo.today
    plans = [
        ("NH-ERP", "ERP 系统上线（SAP S/4HANA）", "ninghai", 0, ProjectStatus.ACTIVE,
         today - dt.timedelta(days=75), today + dt.timedelta(days=150), [0, 1, 2, 3],
         "为宁海制造集团上线 SAP S/4HANA：财务、采购、生产与仓储模块，含数据迁移与用户培训。"),
        ("DF-DCM", "数据中心迁移上云", "dongfang", 1, ProjectStatus.PLANNING,
         today + dt.timedelta(days=20), today + dt.timedelta(days=200), [4, 5, 6],
         "将东方物流两个机房的 120 台服务器迁移至混合云，分三批割接，零数据丢失。"),
        ("NH-AMS", "应用运维服务 2026–2027", "ninghai", 1, ProjectStatus.ACTIVE,
         today - dt.timedelta(days=200), today + dt.timedelta(days=165), [6, 7],
         "宁海制造集团核心应用的 7×24 运维：事件与请求处理、变更、备份与巡检。"),
        ("DF-WMS", "仓储管理系统升级", "dongfang", 0, ProjectStatus.CLOSED,
         today - dt.timedelta(days=300), today - dt.timedelta(days=40), [1, 2],
         "WMS 从 v4 升级至 v6，已验收关闭。"),
    ]  # fmt: skip
    for code, name, client_key, pm_index, status, start, end, team, description in plans:
        project = project_services.project_create(
            actor=demo.pmo, code=code, name=name, client=demo.clients[client_key],
            manager=demo.managers[pm_index], start_date=start, end_date=end, status=status,
            description=description,
        )  # fmt: skip
        for index in team:
            account_services.membership_add(
                actor=demo.managers[pm_index], project=project, user=demo.engineers[index],
                role=ProjectRole.MEMBER,
            )  # fmt: skip
        for person, role in demo.client_people[client_key]:
            account_services.membership_add(
                actor=demo.managers[pm_index], project=project, user=person, role=role
            )
        demo.projects[code] = project


def _bulk_user(username: str, name: str, organization: Organization, password: str) -> User:
    domain = "hengyun.example" if organization.is_vendor else "client.example"
    return User(
        username=username,
        display_name=name,
        password=password,
        organization=organization,
        email=f"{username}@{domain}",
    )


def seed_scale(demo: Demo) -> None:
    """With --scale N > 1: (N - 1) times the base data again, in bulk, for benchmarks."""
    extra = demo.scale - 1
    if extra <= 0:
        return
    rng = random.Random(2026)
    password = make_password(demo.password)
    clients = Organization.objects.bulk_create(
        Organization(name=f"Client {i:05d}", kind=OrganizationKind.CLIENT) for i in range(2 * extra)
    )
    vendor_users = User.objects.bulk_create(
        _bulk_user(f"bulk.eng{i:05d}", f"Engineer {i:05d}", demo.vendor, password)
        for i in range(10 * extra)
    )
    client_users = User.objects.bulk_create(
        _bulk_user(f"bulk.client{i:05d}", f"Contact {i:05d}", clients[i // 2], password)
        for i in range(4 * extra)
    )
    statuses = list(ProjectStatus.values)
    calendar = project_services.default_calendar()
    projects = Project.objects.bulk_create(
        Project(
            code=f"BULK-{i:05d}",
            name=f"Project {i:05d}",
            client=clients[i // 2],
            manager=vendor_users[(i * 5) % len(vendor_users)],
            status=rng.choice(statuses),
            start_date=demo.today - dt.timedelta(days=rng.randint(0, 300)),
            calendar=calendar,
            created_by=demo.pmo,
        )
        for i in range(4 * extra)
    )
    memberships = []
    for i, project in enumerate(projects):
        memberships.append(
            Membership(project=project, user=project.manager, role=ProjectRole.MANAGER)
        )
        for member in rng.sample(vendor_users, k=min(4, len(vendor_users))):
            if member.pk != project.manager_id:
                memberships.append(
                    Membership(project=project, user=member, role=ProjectRole.MEMBER)
                )
        for offset, role in ((0, ProjectRole.CLIENT_CONTACT), (1, ProjectRole.CLIENT_VIEWER)):
            person = client_users[(i // 2) * 2 + offset]
            memberships.append(Membership(project=project, user=person, role=role))
    Membership.objects.bulk_create(memberships, batch_size=2000)
    _bulk_plans(projects, vendor_users, rng)
    demo.engineers.extend(vendor_users)
    demo.projects.update({p.code: p for p in projects})


def _bulk_plans(projects, people, rng, phases: int = 4, per_phase: int = 5) -> None:
    """A plan per generated project: phases of linked work ending in a milestone."""
    summaries = Task.objects.bulk_create(
        Task(project=p, name=f"Phase {k + 1}", position=k) for p in projects for k in range(phases)
    )
    work, links = [], []
    for summary in summaries:
        for k in range(per_phase):
            work.append(
                Task(
                    project_id=summary.project_id,
                    parent=summary,
                    position=k,
                    name=f"Work {summary.name[-1]}.{k + 1}" if k < per_phase - 1 else "Gate",
                    duration_days=rng.randint(2, 10) if k < per_phase - 1 else 0,
                    assignee=rng.choice(people) if k < per_phase - 1 else None,
                    effort_hours=rng.randint(8, 80),
                )
            )
    Task.objects.bulk_create(work, batch_size=2000)
    for earlier, later in pairwise(work):
        if earlier.project_id == later.project_id:
            links.append(
                Dependency(project_id=later.project_id, predecessor=earlier, successor=later)
            )
    Dependency.objects.bulk_create(links, batch_size=2000)
    for project in projects:
        renumber(project.pk)
        project_reschedule(project)


SEEDERS: list[Callable[[Demo], None]] = [
    seed_people, seed_projects, seed_resources, seed_checklists, seed_plans, seed_bookings,
    seed_budgets, seed_earned_value, seed_risks, seed_quality, seed_clients, seed_testing_and_acceptance,
    seed_collaboration, seed_reports, seed_operations, seed_cmdb, seed_changes, seed_knowledge,
    seed_training, seed_improvement, seed_kpis, seed_scale,
]  # fmt: skip


def seed(*, scale: int = 1, today: dt.date | None = None) -> Demo:
    """Build the demo data in one transaction: all of it, or nothing."""
    demo = Demo(
        today=today or timezone.localdate(),
        scale=scale,
        password=settings.PORTAL_DEMO_PASSWORD,
    )
    with transaction.atomic():
        for seeder in SEEDERS:
            seeder(demo)
    return demo
