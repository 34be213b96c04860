"""Realistic plans for the demo projects: an ERP roll-out, a data-centre migration and an
application maintenance contract, with deliverables, progress, a baseline and timesheets.

A plan is a list of rows: (level, key, name, working days, predecessors, assignee index,
effort hours, client-visible). Predecessors are "key" (FS) or "key:SS+2" style.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ito_portal.core.errors import DomainError
from projects import services
from projects.choices import DeliverableStatus, TaskStatus
from projects.models import Project, Task

ERP = [
    (1, "prep", "项目准备 Project preparation", 0, [], None, 0, True),
    (2, "kickoff", "项目启动会 Kick-off meeting", 1, [], 0, 16, True),
    (2, "charter", "项目章程与计划 Charter and plan", 4, ["kickoff"], 0, 40, True),
    (2, "env", "开发与测试环境搭建 Dev and test environments", 6, ["kickoff"], 3, 60, False),
    (2, "m_prep", "准备阶段完成 Preparation done", 0, ["charter", "env"], None, 0, True),
    (1, "blueprint", "蓝图设计 Blueprint", 0, [], None, 0, True),
    (2, "fi_ws", "财务流程调研 Finance workshops", 8, ["m_prep"], 1, 96, True),
    (2, "mm_ws", "采购与库存调研 Procurement and inventory workshops", 8, ["m_prep"], 2, 96, True),
    (2, "pp_ws", "生产计划调研 Production planning workshops", 10, ["m_prep"], 0, 120, True),
    (
        2,
        "bbp",
        "蓝图设计文档 Business blueprint document",
        6,
        ["fi_ws", "mm_ws", "pp_ws"],
        1,
        80,
        True,
    ),
    (2, "bbp_sign", "蓝图签署 Blueprint sign-off", 0, ["bbp"], None, 0, True),
    (1, "realise", "系统实现 Realisation", 0, [], None, 0, True),
    (2, "config_fi", "财务模块配置 Finance configuration", 15, ["bbp_sign"], 1, 180, False),
    (2, "config_mm", "物料管理配置 Materials configuration", 15, ["bbp_sign"], 2, 180, False),
    (2, "config_pp", "生产模块配置 Production configuration", 18, ["bbp_sign"], 0, 200, False),
    (2, "dev", "接口与报表开发 Interfaces and reports", 20, ["bbp_sign:SS+5"], 3, 320, False),
    (2, "migration", "数据迁移 Data migration", 0, [], None, 0, True),
    (3, "mig_rules", "迁移规则与映射 Mapping rules", 5, ["bbp_sign"], 3, 50, False),
    (
        3,
        "mig_1",
        "第一轮迁移演练 Migration rehearsal 1",
        5,
        ["mig_rules", "config_fi"],
        3,
        60,
        False,
    ),
    (3, "mig_2", "第二轮迁移演练 Migration rehearsal 2", 5, ["mig_1"], 3, 60, False),
    (1, "test", "测试 Testing", 0, [], None, 0, True),
    (
        2,
        "sit",
        "集成测试 Integration testing",
        15,
        ["config_fi", "config_mm", "config_pp", "dev"],
        2,
        240,
        True,
    ),
    (2, "uat", "用户验收测试 User acceptance testing", 10, ["sit", "mig_2"], 1, 160, True),
    (2, "uat_sign", "UAT 签署 UAT sign-off", 0, ["uat"], None, 0, True),
    (1, "golive", "上线 Go-live", 0, [], None, 0, True),
    (2, "training", "最终用户培训 End-user training", 8, ["uat:SS+3"], 0, 90, True),
    (2, "cutover", "切换与上线 Cutover", 3, ["uat_sign", "training"], 3, 72, True),
    (2, "m_live", "系统上线 System live", 0, ["cutover"], None, 0, True),
    (2, "hypercare", "上线支持 Hypercare", 20, ["m_live"], 2, 160, True),
]

DCM = [
    (1, "assess", "现状评估 Assessment", 0, [], None, 0, True),
    (2, "inventory", "资产清点 Asset inventory (120 servers)", 8, [], 0, 64, True),
    (
        2,
        "dependency",
        "应用依赖分析 Application dependency mapping",
        10,
        ["inventory:SS+3"],
        1,
        80,
        False,
    ),
    (2, "design", "目标架构设计 Target architecture", 8, ["dependency"], 0, 64, True),
    (2, "m_design", "架构评审通过 Architecture approved", 0, ["design"], None, 0, True),
    (1, "landing", "云平台准备 Landing zone", 0, [], None, 0, True),
    (2, "network", "专线与网络 Network and leased lines", 15, ["m_design"], 1, 90, False),
    (2, "security", "安全基线 Security baseline", 8, ["m_design"], 2, 64, False),
    (2, "backup", "备份方案 Backup design", 5, ["security"], 2, 40, True),
    (1, "waves", "分批迁移 Migration waves", 0, [], None, 0, True),
    (
        2,
        "wave1",
        "第一批：非核心系统 Wave 1: non-core systems",
        10,
        ["network", "backup"],
        0,
        160,
        True,
    ),
    (2, "wave2", "第二批：仓储与运输 Wave 2: WMS and TMS", 12, ["wave1"], 1, 200, True),
    (2, "wave3", "第三批：核心数据库 Wave 3: core databases", 10, ["wave2"], 2, 200, True),
    (2, "m_waves", "迁移完成 Migration complete", 0, ["wave3"], None, 0, True),
    (1, "close", "收尾 Closure", 0, [], None, 0, True),
    (2, "decom", "旧机房下线 Decommission the old rooms", 10, ["m_waves"], 0, 80, True),
    (2, "handover", "运维交接 Handover to operations", 3, ["m_waves"], 1, 24, True),
]

AMS = [
    (1, "transition", "服务交接 Service transition", 0, [], None, 0, True),
    (2, "kt", "知识转移 Knowledge transfer", 15, [], 0, 120, True),
    (2, "runbooks", "运维手册 Runbooks", 10, ["kt:SS+5"], 1, 80, True),
    (2, "m_transition", "交接完成 Transition complete", 0, ["kt", "runbooks"], None, 0, True),
    (1, "operate", "持续运维 Steady-state operations", 0, [], None, 0, True),
    (2, "q1", "第一季度服务 Q1 service", 60, ["m_transition"], 0, 480, True),
    (2, "q1_review", "第一季度服务评审 Q1 service review", 0, ["q1"], None, 0, True),
    (2, "q2", "第二季度服务 Q2 service", 60, ["q1"], 1, 480, True),
    (2, "q2_review", "第二季度服务评审 Q2 service review", 0, ["q2"], None, 0, True),
    (2, "q3", "第三季度服务 Q3 service", 60, ["q2"], 0, 480, True),
    (2, "q3_review", "第三季度服务评审 Q3 service review", 0, ["q3"], None, 0, True),
    (2, "q4", "第四季度服务 Q4 service", 60, ["q3"], 1, 480, True),
    (2, "q4_review", "年度服务评审 Annual service review", 0, ["q4"], None, 0, True),
    (2, "patch", "年度补丁升级 Yearly patch upgrade", 5, ["q1:SS+20"], 1, 40, True),
    (2, "dr_drill", "容灾演练 Disaster-recovery drill", 2, ["patch"], 0, 24, True),
]

DELIVERABLES = {
    "NH-ERP": [
        ("蓝图设计文档 Business blueprint", "bbp", DeliverableStatus.ACCEPTED,
         "覆盖财务、采购、库存、生产四个模块的流程与配置决策\nAll four modules' processes signed by the key users"),
        ("集成测试报告 Integration test report", "sit", DeliverableStatus.IN_PROGRESS,
         "所有一级缺陷关闭；通过率 ≥ 95%\nNo open severity-1 defects; pass rate at least 95%"),
        ("上线切换方案 Cutover plan", "cutover", DeliverableStatus.PLANNED,
         "包含回退方案与切换时间窗\nIncludes the rollback plan and the cutover window"),
    ],
    "DF-DCM": [
        ("目标架构设计 Target architecture", "design", DeliverableStatus.IN_PROGRESS,
         "经客户架构委员会评审通过\nApproved by the client's architecture board"),
        ("迁移完成报告 Migration completion report", "wave3", DeliverableStatus.PLANNED,
         "120 台服务器迁移完成，数据零丢失\n120 servers moved with zero data loss"),
    ],
    "NH-AMS": [
        ("运维手册 Runbooks", "runbooks", DeliverableStatus.ACCEPTED, "覆盖全部核心应用\nCovers every core application"),
    ],
}  # fmt: skip

PLANS = {"NH-ERP": ERP, "DF-DCM": DCM, "NH-AMS": AMS}


def _link_spec(spec: str) -> tuple[str, str, int]:
    key, _, rest = spec.partition(":")
    if not rest:
        return key, "FS", 0
    kind, lag = rest[:2], rest[2:]
    return key, kind, int(lag or 0)


def build_plan(project: Project, rows, team: list) -> dict[str, Task]:
    """Create the WBS rows through the services; returns the tasks by key."""
    tasks: dict[str, Task] = {}
    parents: list[Task | None] = [None]
    manager = project.manager
    for index, (level, key, name, days, _preds, who, effort, visible) in enumerate(rows):
        del parents[level:]
        parent = parents[-1] if parents else None
        has_children = index + 1 < len(rows) and rows[index + 1][0] > level
        fields = {"client_visible": visible}
        if not has_children:
            fields.update(duration_days=days, effort_hours=Decimal(effort))
            if who is not None and team:
                fields["assignee"] = team[who % len(team)]
        task = services.task_create(
            actor=manager, project=project, name=name, parent=parent, **fields
        )
        tasks[key] = task
        parents.append(task)
    for _level, key, _name, _days, preds, *_rest in rows:
        for spec in preds:
            pred, kind, lag = _link_spec(spec)
            services.dependency_create(
                actor=manager,
                predecessor=tasks[pred],
                successor=tasks[key],
                type=kind,
                lag_days=lag,
            )
    return tasks


def record_progress(
    project: Project, today: dt.date, *, slow: set[str] = frozenset(), tasks=None
) -> None:
    """Mark work done as the calendar says it should be, except the `slow` tasks (late)."""
    keys = {t.pk: k for k, t in (tasks or {}).items()}
    for task in Task.objects.filter(project=project, is_summary=False).order_by("sort_key"):
        if task.finish_date is None or task.start_date is None:
            continue
        if task.finish_date < today and keys.get(task.pk) not in slow:
            data = {"status": TaskStatus.DONE}
        elif task.start_date <= today:
            span = max((task.finish_date - task.start_date).days, 1)
            done = min(95, max(5, int(100 * (today - task.start_date).days / span)))
            if keys.get(task.pk) in slow:
                done = max(5, done // 3)
            data = {"percent_complete": done}
        else:
            continue
        services.task_update(actor=project.manager, task=task, data=data)


def log_time(project: Project, today: dt.date, weeks: int = 3) -> None:
    """Timesheets for the team's recent weeks: older weeks approved, last week submitted.
    Each person books 7.5 hours a working day, shared among the tasks they had that day."""
    monday = today - dt.timedelta(days=today.weekday())
    leaves = list(
        Task.objects.filter(project=project, is_summary=False, assignee__isnull=False)
        .exclude(duration_days=0)
        .select_related("assignee")
    )
    for back in range(weeks, 0, -1):
        week = monday - dt.timedelta(weeks=back)
        for offset in range(5):
            day = week + dt.timedelta(days=offset)
            if day > today:
                continue
            by_person: dict = {}
            for task in leaves:
                if task.start_date and task.start_date <= day <= task.finish_date:
                    by_person.setdefault(task.assignee, []).append(task)
            for person, tasks in by_person.items():
                share = (Decimal("7.5") / len(tasks)).quantize(Decimal("0.25"))
                for task in tasks:
                    services.time_entry_log(actor=person, task=task, date=day, hours=share)
        for user in {t.assignee for t in leaves}:
            try:
                submissions = services.week_submit(actor=user, week_start=week)
            except DomainError:
                continue  # nothing logged that week
            if back > 1:
                for submission in submissions:
                    if submission.project_id == project.pk:
                        services.week_approve(actor=project.manager, submission=submission)


def seed_plans(demo) -> None:
    """WBS plans, deliverables, a baseline with a slip, progress and timesheets."""
    today = demo.today
    teams = {code: [] for code in PLANS}
    for code in PLANS:
        project = demo.projects[code]
        teams[code] = [
            m.user
            for m in project.memberships.filter(role="member")
            .select_related("user")
            .order_by("user__username")
        ]
    for code, rows in PLANS.items():
        project = demo.projects[code]
        tasks = build_plan(project, rows, teams[code])
        for name, task_key, status, criteria in DELIVERABLES.get(code, []):
            deliverable = services.deliverable_create(
                actor=project.manager, project=project, name=name, status=status,
                due_date=Task.objects.get(pk=tasks[task_key].pk).finish_date,
                acceptance_criteria=criteria,
            )  # fmt: skip
            services.task_update(
                actor=project.manager, task=tasks[task_key], data={"deliverable": deliverable}
            )
        services.baseline_save(
            actor=project.manager, project=project, name="签约基线 Contract baseline"
        )
        if code == "NH-ERP":
            # Realisation overran: production configuration took longer than signed.
            services.task_update(
                actor=project.manager, task=tasks["config_pp"], data={"duration_days": 30}
            )
            record_progress(project, today, slow={"dev", "mig_1", "mig_2"}, tasks=tasks)
            log_time(project, today)
        elif code == "NH-AMS":
            record_progress(project, today, tasks=tasks)
            log_time(project, today, weeks=2)
