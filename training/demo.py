"""Demo training: requirements that leave gaps, a plan with past sessions (attendance, scores,
feedback, confirmed and pending level changes) and upcoming ones. Through the services, so the
audit trail and notifications are the real ones."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from resources.models import Resource, Skill, Team

from . import services
from .choices import AttendanceStatus, SessionKind
from .models import SkillLevelChange

TEAM_REQUIREMENTS = [
    # (team name starts with, skill, level)
    ("应用交付部", "SAP FI/CO", 3),
    ("应用交付部", "测试 Testing", 3),
    ("基础设施与运维部", "Kubernetes", 3),
    ("基础设施与运维部", "Linux 运维 Linux administration", 4),
    ("数据与集成组", "Python", 3),
    ("数据与集成组", "Oracle DBA", 3),
]
PROJECT_REQUIREMENTS = [
    ("DF-DCM", "VMware / 云迁移 Cloud migration", 4),
    ("DF-DCM", "Kubernetes", 4),
    ("NH-ERP", "数据迁移 Data migration", 4),
    ("NH-AMS", "ABAP", 3),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed_training(demo) -> None:
    """Requirements, a manual need, and the year's plan with six sessions."""
    today, pmo = demo.today, demo.pmo
    skills = {s.name: s for s in Skill.objects.all()}
    teams = {t.name.split(" ")[0]: t for t in Team.objects.all()}
    people = {
        r.user.username: r
        for r in Resource.objects.filter(user__isnull=False).select_related("user")
    }
    users = {u.username: u for u in [*demo.managers, *demo.engineers]}
    for team, skill, level in TEAM_REQUIREMENTS:
        if team in teams and skill in skills:
            services.requirement_create(
                actor=pmo, skill=skills[skill], level=level, team=teams[team]
            )
    for code, skill, level in PROJECT_REQUIREMENTS:
        if code in demo.projects and skill in skills:
            services.requirement_create(
                actor=pmo, skill=skills[skill], level=level, project=demo.projects[code],
                note="客户要求 Client requirement",
            )  # fmt: skip
    services.need_create(
        actor=users["pm.li"], resource=people["eng.yang"], skill=skills["Java"], target_level=3,
        reason="转向自动化测试 Moving to test automation",
    )  # fmt: skip

    plan = services.plan_create(
        actor=pmo,
        name="2026 年度技能提升计划 Skills plan",
        start_date=today - dt.timedelta(days=120),
        end_date=today + dt.timedelta(days=120),
        owner=users["pm.wang"],
        goals=(
            "缩小云原生与数据迁移的技能差距 Close the cloud-native and data-migration gaps.\n"
            "每位工程师每季度至少 16 小时培训 16 training hours per engineer per quarter."
        ),
    )

    def session(days: int, hours: tuple[int, int], **data):
        day = today + dt.timedelta(days=days)
        return services.session_create(
            actor=pmo, plan=plan, starts_at=_at(day, hours[0]), ends_at=_at(day, hours[1]), **data
        )

    def run(s, rows, *, confirm=(), reject=()):
        """Register, then record each person's result and feedback; decide their changes."""
        for username, status, score, rating, comment in rows:
            resource = people[username]
            services.attendance_invite(actor=pmo, session=s, resources=[resource])
            attendance = s.attendances.get(resource=resource)
            services.attendance_register(actor=pmo, session=s, resource=resource)
            services.attendance_update(
                actor=pmo, attendance=attendance, data={"status": status, "score": score}
            )
            if rating:
                services.feedback_submit(
                    actor=resource.user, attendance=attendance, rating=rating, comment=comment
                )
        for change in SkillLevelChange.objects.filter(attendance__session=s):
            username = change.resource.user.username
            if username in confirm:
                services.change_confirm(actor=users["pm.wang"], change=change)
                # The history chart reads when it was decided: the week after the session.
                SkillLevelChange.objects.filter(pk=change.pk).update(
                    decided_at=s.ends_at + dt.timedelta(days=7)
                )
            elif username in reject:
                services.change_reject(actor=users["pm.wang"], change=change)

    kubernetes = session(
        -100, (9, 17), kind=SessionKind.INTERNAL, topic="Kubernetes 入门 Kubernetes basics",
        skill=skills["Kubernetes"], target_level=3, trainer=users["eng.huang"],
        location="上海办公室 3F 培训室 Shanghai office, training room", capacity=8,
        materials="/knowledge/\nhttps://kubernetes.io/docs/tutorials/",
    )  # fmt: skip
    A, N = AttendanceStatus.ATTENDED, AttendanceStatus.NO_SHOW
    run(
        kubernetes,
        [
            ("eng.zhao", A, 82, 5, "实操很多，很有帮助 Lots of hands-on, very useful"),
            ("eng.zhang", A, 74, 4, "节奏稍快 A little fast"),
            ("pm.wang", N, None, None, ""),
        ],
        confirm=("eng.zhao", "eng.zhang"),
    )
    migration = session(
        -60, (14, 18), kind=SessionKind.MENTORING, topic="数据迁移实战辅导 Data migration mentoring",
        skill=skills["数据迁移 Data migration"], target_level=4, trainer=users["eng.zhang"],
        online=True, capacity=3,
    )  # fmt: skip
    run(
        migration,
        [
            ("eng.xu", A, 90, 5, "导师非常耐心 A patient mentor"),
            ("eng.chen", A, 68, 3, "希望有更多案例 More real cases please"),
        ],
        confirm=("eng.xu",),
        reject=("eng.chen",),
    )
    certification = session(
        -20, (9, 18), kind=SessionKind.CERTIFICATION,
        topic="CKA 认证考试 Certified Kubernetes Administrator", skill=skills["Kubernetes"],
        target_level=4, trainer_name="Linux 基金会 Linux Foundation", online=True, capacity=4,
    )  # fmt: skip
    run(
        certification,
        [
            ("eng.wu", A, 86, 4, "考试难度适中 A fair exam"),
            ("eng.huang", A, 93, None, ""),
        ],
        confirm=("eng.huang",),
    )  # eng.wu's 3 → 4 waits for a manager's confirmation
    upcoming_testing = session(
        1, (14, 17), kind=SessionKind.INTERNAL, topic="Playwright 自动化测试 Test automation",
        skill=skills["测试 Testing"], target_level=4, trainer=users["eng.yang"],
        location="上海办公室 5F 会议室 Shanghai office, room 5F", capacity=4,
        materials="/knowledge/",
    )  # fmt: skip
    services.attendance_invite(
        actor=pmo, session=upcoming_testing,
        resources=[people[u] for u in ("eng.liu", "eng.chen", "eng.xu")],
    )  # fmt: skip
    for username in ("eng.liu", "eng.chen"):
        services.attendance_register(actor=pmo, session=upcoming_testing, resource=people[username])
    upcoming_sap = session(
        12, (9, 17), kind=SessionKind.EXTERNAL, topic="SAP S/4HANA 财务 S/4HANA Finance",
        skill=skills["SAP FI/CO"], target_level=4, trainer_name="SAP 培训中心 SAP Education",
        location="SAP 上海 SAP Shanghai", capacity=2,
    )  # fmt: skip
    for username in ("eng.chen", "pm.li"):
        services.attendance_register(actor=pmo, session=upcoming_sap, resource=people[username])
    session(
        30, (10, 12), kind=SessionKind.INTERNAL, topic="Oracle 19c 备份恢复 Backup and recovery",
        skill=skills["Oracle DBA"], target_level=3, trainer=users["eng.zhang"], online=True,
        capacity=10,
    )  # fmt: skip
