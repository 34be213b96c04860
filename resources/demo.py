"""Demo data for resources and cost: the vendor's pool with skills, rates and leave, bookings
that overload two people next month, and budgets in which one project runs over.

`seed_resources` runs before the plans are built, so assigning a task books its assignee the
real way (through the planning hook); `seed_budgets` runs after them, when there are approved
timesheets to cost and progress to earn.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from projects.choices import TimesheetStatus
from projects.models import Project, Task, TimeEntry, WeekSubmission
from projects.scheduler import project_reschedule

from . import services
from .choices import AbsenceKind, BudgetCategory, ResourceKind
from .models import EarnedValueSnapshot, Resource, Skill, Team

TEAMS = {
    "delivery": ("应用交付部 Application Delivery", "pm.li"),
    "infra": ("基础设施与运维部 Infrastructure & Operations", "pm.wang"),
    "data": ("数据与集成组 Data & Integration", None),
}
SKILLS = [
    ("SAP FI/CO", "ERP"),
    ("SAP MM/PP", "ERP"),
    ("ABAP", "ERP"),
    ("Java", "开发 Development"),
    ("Python", "开发 Development"),
    ("Oracle DBA", "数据 Data"),
    ("数据迁移 Data migration", "数据 Data"),
    ("Linux 运维 Linux administration", "运维 Operations"),
    ("网络 Networking", "运维 Operations"),
    ("VMware / 云迁移 Cloud migration", "运维 Operations"),
    ("Kubernetes", "运维 Operations"),
    ("测试 Testing", "质量 Quality"),
    ("项目管理 Project management", "管理 Management"),
]
# username: (team, hourly rate from the start of the year, raise from July or None, skills)
PEOPLE = {
    "pm.li": ("delivery", 520, 560, {"项目管理 Project management": 5, "SAP FI/CO": 3}),
    "pm.wang": ("infra", 500, None, {"项目管理 Project management": 4, "网络 Networking": 3}),
    "eng.chen": ("delivery", 380, 420, {"SAP FI/CO": 4, "ABAP": 3}),
    "eng.liu": ("delivery", 360, None, {"SAP MM/PP": 4, "ABAP": 2, "测试 Testing": 3}),
    "eng.zhang": ("data", 340, 360, {"数据迁移 Data migration": 4, "Oracle DBA": 3, "Python": 3}),
    "eng.yang": ("delivery", 300, None, {"测试 Testing": 4, "Java": 2}),
    "eng.huang": (
        "infra", 360, None,
        {"VMware / 云迁移 Cloud migration": 5, "Linux 运维 Linux administration": 4},
    ),
    "eng.zhao": ("infra", 320, None, {"网络 Networking": 4, "Linux 运维 Linux administration": 3}),
    "eng.wu": (
        "infra", 340, 360,
        {"Linux 运维 Linux administration": 4, "Kubernetes": 3, "Oracle DBA": 2},
    ),
    "eng.xu": ("data", 310, None, {"Python": 4, "Java": 3, "数据迁移 Data migration": 2}),
}  # fmt: skip
HOURS_A_DAY = Decimal("7.5")
THINGS = [
    # (kind, name, team, hours a day, rate)
    (ResourceKind.ENVIRONMENT, "SIT 集成测试环境 SIT test environment", "delivery", 24, 40),
    (ResourceKind.LICENCE, "Oracle 数据库许可 Oracle Database licence", "data", 24, 25),
    (ResourceKind.EQUIPMENT, "数据迁移一体机 Migration appliance", "infra", 24, 60),
    (ResourceKind.SUBCONTRACTOR, "博测外包测试团队 Boce outsourced testers", "delivery", 16, 220),
]


def seed_resources(demo) -> None:
    """Teams, the skill catalogue, a resource for every vendor person and four things."""
    year_start = dt.date(demo.today.year, 1, 1)
    raise_from = dt.date(demo.today.year, 7, 1)
    people = {user.username: user for user in [*demo.managers, *demo.engineers]}
    teams = {
        key: Team.objects.create(
            name=name, lead=people.get(lead) if lead else None, created_by=demo.pmo
        )
        for key, (name, lead) in TEAMS.items()
    }
    skills = {
        name: Skill.objects.create(name=name, category=category, created_by=demo.pmo)
        for name, category in SKILLS
    }
    for username, (team, rate, raised, levels) in PEOPLE.items():
        user = people[username]
        resource = services.resource_create(
            actor=demo.pmo,
            kind=ResourceKind.PERSON,
            name=user.display_name,
            user=user,
            team=teams[team],
            skills={skills[name]: level for name, level in levels.items()},
            rate=Decimal(rate),
            rate_from=year_start,
        )
        if raised:
            services.rate_set(
                actor=demo.pmo, resource=resource, rate=Decimal(raised), effective_from=raise_from
            )
    for kind, name, team, capacity, rate in THINGS:
        services.resource_create(
            actor=demo.pmo,
            kind=kind,
            name=name,
            team=teams[team],
            daily_capacity_hours=Decimal(capacity),
            rate=Decimal(rate),
            rate_from=year_start,
        )
    _absences(demo, people)


def _monday_in(today: dt.date, weeks: int) -> dt.date:
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks)


def _absences(demo, people) -> None:
    today = demo.today
    plan = [
        ("eng.chen", AbsenceKind.LEAVE, 2, 4, "年假 Annual leave"),
        ("eng.zhang", AbsenceKind.TRAINING, 3, 2, "Oracle 19c 认证培训 Oracle 19c certification"),
        ("eng.wu", AbsenceKind.LEAVE, 5, 5, "婚假 Marriage leave"),
    ]
    for username, kind, weeks_ahead, days, note in plan:
        start = _monday_in(today, weeks_ahead)
        services.absence_create(
            actor=demo.pmo,
            resource=people[username].resource,
            kind=kind,
            start_date=start,
            end_date=start + dt.timedelta(days=days - 1),
            note=note,
        )


def seed_bookings(demo) -> None:
    """Project bookings ahead of the tasks; two of them overload people next month."""
    resources = {r.user.username: r for r in Resource.objects.filter(user__isnull=False)}
    things = {r.kind: r for r in Resource.objects.filter(user__isnull=True)}
    today = demo.today
    erp, dcm, ams = (demo.projects[code] for code in ("NH-ERP", "DF-DCM", "NH-AMS"))
    bookings = [
        # The data-centre move needs its cloud expert before its plan is detailed...
        (dcm, resources["eng.huang"], 2, 10, Decimal(60), "迁移评估 Migration assessment"),
        # ...and the ERP's SAP consultant is asked to help the operations team at the same time.
        (ams, resources["eng.chen"], 1, 6, Decimal(50), "月结支持 Month-end support"),
        (erp, things[ResourceKind.ENVIRONMENT], 0, 12, Decimal(100), "SIT 测试 SIT testing"),
        (erp, things[ResourceKind.SUBCONTRACTOR], 3, 6, Decimal(100), "回归测试 Regression tests"),
    ]
    for project, resource, weeks_ahead, weeks, units, note in bookings:
        start = _monday_in(today, weeks_ahead)
        services.allocation_create(
            actor=project.manager,
            resource=resource,
            project=project,
            start_date=start,
            end_date=start + dt.timedelta(weeks=weeks, days=-3),
            units_percent=units,
            note=note,
        )


# (category, description, planned, committed, actual, days ago incurred)
BUDGETS = {
    "NH-ERP": [
        (BudgetCategory.LABOUR, "实施顾问与开发 Consultants and developers", 980000, 0, 0, None),
        (BudgetCategory.SOFTWARE, "SAP 用户许可 SAP user licences", 360000, 360000, 360000, 60),
        (BudgetCategory.HARDWARE, "应用服务器 Application servers", 180000, 180000, 180000, 40),
        (BudgetCategory.SERVICES, "数据清洗外包 Data cleansing", 90000, 90000, 142000, 12),
        (BudgetCategory.TRAVEL, "现场差旅 On-site travel", 40000, 0, 58000, 5),
        (BudgetCategory.OTHER, "培训场地 Training rooms", 15000, 8000, 0, None),
    ],
    "NH-AMS": [
        (BudgetCategory.LABOUR, "驻场与远程运维 On-site and remote operations", 700000, 0, 0, None),
        (BudgetCategory.SOFTWARE, "监控平台订阅 Monitoring subscription", 48000, 48000, 48000, 150),
        (BudgetCategory.SERVICES, "二线厂商支持 Vendor second-line support", 80000, 80000, 52000, 30),
    ],
    "DF-DCM": [
        (BudgetCategory.LABOUR, "迁移工程师 Migration engineers", 1450000, 0, 0, None),
        (BudgetCategory.HARDWARE, "云专线 Cloud interconnect", 260000, 260000, 0, None),
        (BudgetCategory.SERVICES, "迁移工具订阅 Migration tooling", 120000, 60000, 0, None),
        (BudgetCategory.TRAVEL, "机房差旅 Data-centre travel", 60000, 0, 0, None),
    ],
}  # fmt: skip


def seed_budgets(demo) -> None:
    """Budget lines per project; NH-ERP spends faster than it earns (over budget)."""
    for code, lines in BUDGETS.items():
        project: Project = demo.projects[code]
        for category, description, planned, committed, actual, days_ago in lines:
            services.budget_line_create(
                actor=project.manager,
                project=project,
                category=category,
                description=description,
                planned_amount=Decimal(planned),
                committed_amount=Decimal(committed),
                actual_amount=Decimal(actual),
                incurred_on=demo.today - dt.timedelta(days=days_ago) if days_ago else None,
            )


def seed_earned_value(demo) -> None:
    """Weekly earned-value history for the running projects, as the nightly job would have
    recorded it (progress at today's pace), then tonight's snapshot and cost health."""
    from . import costs

    today = demo.today
    running = [demo.projects[code] for code in ("NH-ERP", "NH-AMS")]
    for project in running:
        _past_timesheets(project, today)
    loaded = costs.load(running)
    rows = []
    for project in running:
        project_costs = loaded[project.pk]
        now = project_costs.earned_value(today)
        pace = (now.ev / now.pv) if now.pv else Decimal(1)
        day = today - dt.timedelta(weeks=1)
        while day > project.start_date:
            figures = project_costs.earned_value(day)
            # Progress was closer to plan early on and slipped since.
            weeks_back = (today - day).days / 7
            drift = min(Decimal("0.15"), Decimal(str(weeks_back)) * Decimal("0.01"))
            ev = min(figures.pv * min(pace + drift, Decimal(1)), now.ev)
            rows.append(
                EarnedValueSnapshot(
                    project=project, date=day, bac=figures.bac, pv=figures.pv,
                    ev=ev.quantize(Decimal("0.01")), ac=figures.ac,
                )
            )  # fmt: skip
            day -= dt.timedelta(weeks=1)
    EarnedValueSnapshot.objects.bulk_create(rows)
    costs.snapshot_earned_value(day=today)


def _past_timesheets(project: Project, today: dt.date) -> None:
    """Approved weeks from the project's start until the weeks the plans seeder logged by hand
    (rows, as the clients' survey history: it happened before). Each person books `HOURS_A_DAY`
    shared among the tasks they had that day."""
    first_logged = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=3)
    tasks = list(
        Task.objects.filter(project=project, is_summary=False, assignee__isnull=False)
        .exclude(duration_days=0)
        .values("pk", "assignee_id", "start_date", "finish_date")
    )
    entries, weeks = [], set()
    day = project.start_date
    while day < first_logged:
        if day.weekday() < 5:
            by_person: dict[int, list[int]] = {}
            for task in tasks:
                if task["start_date"] <= day <= task["finish_date"]:
                    by_person.setdefault(task["assignee_id"], []).append(task["pk"])
            for person, ids in by_person.items():
                share = (HOURS_A_DAY / len(ids)).quantize(Decimal("0.25"))
                entries += [
                    TimeEntry(user_id=person, project=project, task_id=pk, date=day, hours=share)
                    for pk in ids
                ]
                weeks.add((person, day - dt.timedelta(days=day.weekday())))
        day += dt.timedelta(days=1)
    TimeEntry.objects.bulk_create(entries, batch_size=2000, ignore_conflicts=True)
    now = timezone.now()
    WeekSubmission.objects.bulk_create(
        [
            WeekSubmission(
                user_id=person,
                project=project,
                week_start=week,
                status=TimesheetStatus.APPROVED,
                submitted_at=now,
                decided_by=project.manager,
                decided_at=now,
            )
            for person, week in sorted(weeks)
        ],
        ignore_conflicts=True,
    )
    project_reschedule(project)  # actual hours of the tasks
