"""Demo data for the client relationship: the demo clients' requests with the vendor's answers,
and months of answered satisfaction surveys (with a dip and its recovery), so the client's
portal and the vendor's results have a history to show.

Requests and answers go through the services (numbering, audit trail, notifications), then
their dates are moved into the past; survey history is written as rows (it happened before).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.choices import ProjectRole
from ito_portal.core.models import AuditEntry
from projects import services as project_services
from projects.choices import DeliverableStatus, ProjectStatus, TaskStatus
from projects.models import Task

from . import services
from .choices import SurveyTrigger
from .models import ClientRequest, Survey, SurveyResponse

# (project, days ago filed, need, details, priority, [(status, answer, days ago)])
REQUESTS = [
    ("NH-ERP", 41, "月度库存周转报表 Monthly inventory turnover report",
     "财务部每月初需要按仓库的库存周转天数。\nFinance needs stock turnover days per warehouse at "
     "the start of each month.", "high",
     [("under_review", "", 39),
      ("in_progress", "已纳入第二批报表开发，预计 12 月中交付。Included in the second batch of "
       "reports; expected mid-December.", 33)]),
    ("NH-ERP", 26, "增加一场关键用户培训 One more key-user training session",
     "生产计划模块的关键用户希望在上线前再培训一次。\nThe production planning key users would like "
     "one more session before go-live.", "normal",
     [("accepted", "已安排在集成测试之后，具体日期将在周例会上确认。Scheduled after integration "
       "testing; the date is confirmed at the weekly meeting.", 24)]),
    ("NH-ERP", 18, "供应商门户单点登录 Single sign-on for the supplier portal",
     "", "low",
     [("declined", "不在本期合同范围内，建议在二期以变更申请的方式评估。Outside this phase's "
       "scope; we suggest assessing it as a phase-2 change request.", 15)]),
    ("NH-ERP", 2, "采购审批流增加金额阈值 Amount threshold in purchase approvals",
     "超过 50 万元的采购订单需要增加总经理审批。\nPurchase orders above CNY 500,000 need the "
     "general manager's approval.", "high", []),
    ("NH-AMS", 64, "夜间值班电话升级 Night-time on-call escalation",
     "夜间 P1 事件 15 分钟内无人接听时，升级到值班经理。\nEscalate night-time P1 incidents to the "
     "duty manager when unanswered for 15 minutes.", "urgent",
     [("accepted", "同意，本周内更新值班流程。Agreed; the on-call procedure changes this week.", 62),
      ("done", "已上线：升级规则自 10 月起生效。Live: the escalation rule applies since October.",
       55)]),
    ("NH-AMS", 6, "月度巡检报告增加磁盘趋势 Disk trends in the monthly health check",
     "", "normal", [("under_review", "", 5)]),
    ("DF-DCM", 9, "迁移窗口避开双十一 Keep migration windows clear of Singles' Day",
     "11 月 1 日至 11 月 15 日为业务高峰，不安排割接。\nNo cutover between 1 and 15 November: "
     "peak season.", "high",
     [("accepted", "已调整第二批割接到 11 月下旬。Wave 2 cutover moved to late November.", 7)]),
]  # fmt: skip

# Monthly answers per project, oldest first: (quality, timeliness, communication,
# responsiveness, nps, comment). The last entry is last month.
MONTHLY = {
    "NH-AMS": [
        (4, 4, 4, 5, 8, ""),
        (4, 3, 4, 4, 8, ""),
        (3, 2, 3, 2, 5, "夜间故障响应太慢。Night-time incidents took too long to answer."),
        (4, 3, 4, 4, 7, "升级流程改进明显。The new escalation helps."),
        (4, 4, 5, 4, 9, ""),
        (5, 4, 5, 5, 9, "运维报告清晰及时。Clear, timely operations reports."),
    ],
    "NH-ERP": [
        (4, 4, 4, 4, 8, ""),
        (4, 3, 5, 4, 8, "生产模块配置有延误，但沟通及时。Production setup slipped, but we were told early."),
    ],
    "DF-WMS": [
        (3, 3, 4, 3, 6, "测试环境不稳定。The test environment was unstable."),
        (4, 3, 4, 4, 7, ""),
        (4, 4, 4, 4, 8, ""),
        (5, 4, 5, 4, 9, ""),
        (5, 5, 5, 5, 10, "升级顺利上线。A smooth upgrade."),
    ],
}  # fmt: skip


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=_zone())


def _months_before(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` months before today's month, oldest first."""
    firsts = []
    day = today.replace(day=1)
    for _ in range(count):
        day = (day - dt.timedelta(days=1)).replace(day=1)
        firsts.append(day)
    return list(reversed(firsts))


def _contact(project):
    return (
        project.memberships.filter(role=ProjectRole.CLIENT_CONTACT)
        .select_related("user")
        .first()
        .user
    )


def _backdate(request: ClientRequest, filed: dt.datetime, steps: list[dt.datetime]) -> None:
    """Move a request and its audit entries into the past (they were made just now)."""
    entries = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ClientRequest), object_id=str(request.pk)
        ).order_by("pk")
    )
    for entry, when in zip(entries, [filed, *steps], strict=False):
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)
    last = steps[-1] if steps else filed
    request.refresh_from_db()
    ClientRequest.objects.filter(pk=request.pk).update(
        created_at=filed,
        updated_at=last,
        responded_at=last if request.response else None,
        closed_at=last if request.closed_at else None,
    )


def seed_requests(demo) -> None:
    now = timezone.now()
    for code, days, title, description, priority, steps in REQUESTS:
        project = demo.projects.get(code)
        if project is None or project.status == ProjectStatus.CLOSED:
            continue
        request = services.client_request_create(
            actor=_contact(project), project=project, title=title, description=description,
            priority=priority,
        )  # fmt: skip
        for status, answer, _days in steps:
            services.client_request_respond(
                actor=project.manager, request=request, status=status, response=answer or None
            )
        _backdate(
            request,
            now - dt.timedelta(days=days),
            [now - dt.timedelta(days=d, hours=-3) for _s, _a, d in steps],
        )


def _answer(survey: Survey, person, scores, when: dt.datetime) -> None:
    quality, timeliness, communication, responsiveness, nps, comment = scores
    response = SurveyResponse.objects.create(
        survey=survey, respondent=person, quality=quality, timeliness=timeliness,
        communication=communication, responsiveness=responsiveness, nps=nps, comment=comment,
    )  # fmt: skip
    SurveyResponse.objects.filter(pk=response.pk).update(created_at=when)


def seed_surveys(demo) -> None:
    """Monthly surveys answered by each client's contact; milestone surveys for the
    client-visible milestones already reached (the latest one still open, for the portal)."""
    today = demo.today
    for code, answers in MONTHLY.items():
        project = demo.projects.get(code)
        if project is None:
            continue
        contact = _contact(project)
        last_day = (
            today.replace(day=1) - dt.timedelta(days=1)
            if project.status != ProjectStatus.CLOSED
            else project.end_date
        )
        months = [
            first
            for first in _months_before(last_day + dt.timedelta(days=1), len(answers))
            if first >= project.start_date.replace(day=1)
        ]
        for first, scores in zip(months, answers[len(answers) - len(months) :], strict=True):
            period_end = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            sent = _at(period_end + dt.timedelta(days=1), 9)
            survey = Survey.objects.create(
                project=project, trigger=SurveyTrigger.PERIODIC, period_start=first,
                period_end=period_end, sent_at=sent,
                due_date=period_end + dt.timedelta(days=1 + services.SURVEY_ANSWER_DAYS),
                recipient_count=1,
            )  # fmt: skip
            _answer(survey, contact, scores, sent + dt.timedelta(days=2, hours=5))
    for code in ("NH-ERP", "NH-AMS"):
        project = demo.projects.get(code)
        if project is None:
            continue
        reached = list(
            Task.objects.milestones()
            .filter(project=project, client_visible=True, status=TaskStatus.DONE)
            .order_by("finish_date", "sort_key")
        )
        contact = _contact(project)
        for index, milestone in enumerate(reached):
            if index == len(reached) - 1 and code == "NH-ERP":
                # The latest milestone's survey is out now, waiting for the client.
                services.survey_send(
                    project=project, trigger=SurveyTrigger.MILESTONE,
                    period_start=milestone.finish_date, period_end=milestone.finish_date,
                    milestone=milestone,
                )  # fmt: skip
                continue
            sent = _at(milestone.finish_date + dt.timedelta(days=1), 9)
            survey = Survey.objects.create(
                project=project, trigger=SurveyTrigger.MILESTONE,
                period_start=milestone.finish_date, period_end=milestone.finish_date,
                milestone=milestone, milestone_name=milestone.name, sent_at=sent,
                due_date=milestone.finish_date + dt.timedelta(days=15), recipient_count=1,
            )  # fmt: skip
            _answer(survey, contact, (5, 4, 5, 4, 9, ""), sent + dt.timedelta(days=1))


def seed_acceptance(demo) -> None:
    """One deliverable submitted for the client's acceptance, so their home has one to act on."""
    project = demo.projects.get("NH-ERP")
    if project is None:
        return
    project_services.deliverable_create(
        actor=project.manager, project=project,
        name="关键用户培训材料 Key-user training materials",
        description="财务、采购、库存、生产四个模块的培训讲义与练习。\nHandouts and exercises for "
        "the four modules.",
        status=DeliverableStatus.SUBMITTED, due_date=demo.today + dt.timedelta(days=5),
        acceptance_criteria="每个模块一套讲义与练习\nOne handout and exercise set per module",
    )  # fmt: skip


def seed_clients(demo) -> None:
    """The clients' requests, surveys and one deliverable waiting for acceptance."""
    seed_acceptance(demo)
    seed_requests(demo)
    seed_surveys(demo)
