"""Demo data for status reports: each active demo project gets a communication plan (the weekly
client report by e-mail, a monthly steering committee, the internal weekly report), last
week's reports published with the manager's words, and this week's drafts waiting for them.

Everything goes through the services (the plan's runs, the snapshots, the dispatches and the
audit trail are the real ones); then last week's times are moved to last Friday evening, and
its delivery is recorded as done (the client contact opened and acknowledged it), since it
happened before. Publishing queues the PDFs for the worker after commit; the seed itself never
starts Chromium.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.choices import ProjectRole
from collaboration.choices import MeetingKind
from ito_portal.core.models import AuditEntry
from projects.choices import ProjectStatus

from . import services
from .choices import Audience, Channel, Frequency, Information, ReportKind, StakeholderGroup
from .models import CommunicationEntry, CommunicationRun, Dispatch, StatusReport

FRIDAY = 4
REPORT_TIME = dt.time(17, 0)
INTERNAL_TIME = dt.time(17, 30)
STEERING_RULE = "FREQ=MONTHLY;BYDAY=-1TH"  # the last Thursday of each month
STEERING_TIME = dt.time(14, 0)

# The manager's words for last week, per project: (client summary, decisions, internal summary).
WORDS = {
    "NH-ERP": (
        "**总体进展**：财务与物料模块配置按计划推进，数据迁移映射规则已与贵方确认。生产模块配置"
        "略有延误，我们已增派一名顾问追赶，集成测试的开始日期暂不受影响。\n\n"
        "**Overall**: finance and materials configuration is on plan, and the migration mapping "
        "rules are agreed with your team. Production configuration is slightly behind; an extra "
        "consultant has joined to catch up, and integration testing should still start on time.",
        "- 请在下周五前确认集成测试的关键用户名单。Please name the key users for integration "
        "testing by next Friday.\n"
        "- 请确认第二轮迁移演练的数据截止日。Please confirm the data cut-off date for migration "
        "rehearsal 2.",
        "生产模块配置落后约三个工作日，处于关键路径上；已从 AMS 团队临时借调一名顾问，本周工时"
        "偏高，集成测试前需关注预算消耗。\n\n"
        "Production configuration runs about three working days late, on the critical path. A "
        "consultant is on loan from the AMS team, so hours are high this week: watch the budget "
        "burn before integration testing.",
    ),
    "NH-AMS": (
        "本周核心应用运行平稳，无 P1 事件；两项变更在周末窗口按计划上线，月度巡检已经开始。\n\n"
        "Core applications ran smoothly this week with no P1 incident; two changes went live in "
        "the weekend window as planned, and the monthly health check has started.",
        "- 请确认 12 月的变更冻结期。Please confirm the December change freeze.",
        "夜班人手紧张：下周有一名工程师休假，需要 PMO 协调替补。备份巡检发现一台存储即将过保。\n\n"
        "The night shift is thin: one engineer is on leave next week and the PMO needs to arrange "
        "cover. The backup check found a storage array about to leave its warranty.",
    ),
}
DEFAULT_WORDS = (
    "本周工作按计划推进，详见下方进度与里程碑。\n\n"
    "The work went to plan this week; the figures and milestones below give the detail.",
    "",
    "无需升级的问题。\n\nNothing to escalate.",
)


def _zone(project) -> ZoneInfo:
    return ZoneInfo(project.manager.time_zone or settings.TIME_ZONE)


def _at(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zone)


def plan_entries(project) -> dict[str, CommunicationEntry]:
    """The project's communication plan, as its manager would set it up."""
    manager = project.manager

    def add(**fields) -> CommunicationEntry:
        return services.communication_entry_create(
            actor=manager, project=project, starts_on=project.start_date, **fields
        )

    return {
        "client": add(
            title="项目周报（客户版）Weekly status report",
            information=Information.WEEKLY_REPORT,
            report_audience=Audience.CLIENT,
            channel=Channel.EMAIL,
            audience_groups=[StakeholderGroup.CLIENT_CONTACTS, StakeholderGroup.CLIENT_VIEWERS],
            frequency=Frequency.WEEKLY,
            weekday=FRIDAY,
            time_of_day=REPORT_TIME,
        ),
        "steering": add(
            title="项目指导委员会 Steering committee",
            information=Information.MEETING,
            meeting_kind=MeetingKind.STEERING,
            meeting_minutes=90,
            audience_groups=[StakeholderGroup.CLIENT_CONTACTS, StakeholderGroup.MANAGEMENT],
            frequency=Frequency.RRULE,
            rrule=STEERING_RULE,
            time_of_day=STEERING_TIME,
        ),
        "internal": add(
            title="项目周报（内部版）Internal weekly report",
            information=Information.WEEKLY_REPORT,
            report_audience=Audience.INTERNAL,
            channel=Channel.PORTAL,
            audience_groups=[StakeholderGroup.TEAM, StakeholderGroup.MANAGEMENT],
            frequency=Frequency.WEEKLY,
            weekday=FRIDAY,
            time_of_day=INTERNAL_TIME,
        ),
    }


def _run(entry: CommunicationEntry, due: dt.datetime, today: dt.date) -> StatusReport | None:
    """The entry's occurrence, run as the worker runs it: the period's draft (and the run)."""
    run = services.communication_entry_run(entry=entry, due_at=due, today=today)
    return run.report


def _backdate(report: StatusReport, *, generated: dt.datetime, published: dt.datetime) -> None:
    """Move a report published just now to last Friday evening, with what it sent."""
    StatusReport.objects.filter(pk=report.pk).update(
        generated_at=generated, published_at=published, created_at=generated, updated_at=published
    )
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StatusReport), object_id=str(report.pk)
    ).order_by("pk")
    first = entries.first()
    if first is not None:
        AuditEntry.objects.filter(pk=first.pk).update(created_at=generated)
        entries.exclude(pk=first.pk).update(created_at=published)
    CommunicationRun.objects.filter(report=report).update(created_at=generated)
    Dispatch.objects.filter(report=report).update(created_at=published, sent_at=published)


def _client_reads(report: StatusReport, when: dt.datetime) -> None:
    """The client contacts opened last week's report and acknowledged it (viewers did not)."""
    contacts = report.project.memberships.filter(role=ProjectRole.CLIENT_CONTACT).values("user")
    read = Dispatch.objects.filter(report=report, recipient__in=contacts)
    for dispatch in read:
        services.dispatch_acknowledge(dispatch=dispatch)
    read.update(opened_at=when, acknowledged_at=when + dt.timedelta(minutes=4))


def seed_project_reports(project, *, today: dt.date) -> dict:
    """One project's plan, last week's published reports and this week's drafts."""
    manager, zone = project.manager, _zone(project)
    entries = plan_entries(project)
    monday = today - dt.timedelta(days=today.weekday())
    last_friday = monday - dt.timedelta(days=7 - FRIDAY)
    client_words, decisions, internal_words = WORDS.get(project.code, DEFAULT_WORDS)
    published = []
    if project.start_date <= last_friday:
        for key, words, time in (
            ("client", client_words, REPORT_TIME),
            ("internal", internal_words, INTERNAL_TIME),
        ):
            due = _at(last_friday, time, zone)
            report = _run(entries[key], due, today)
            services.status_report_update(
                report=report,
                actor=manager,
                summary=words,
                decisions=decisions if report.audience == Audience.CLIENT else "",
            )
            report = services.status_report_publish(report=report, actor=manager)
            _backdate(report, generated=due, published=due + dt.timedelta(minutes=45))
            published.append(report)
        _client_reads(published[0], _at(last_friday + dt.timedelta(days=1), dt.time(9, 12), zone))
    # This week's: run by the plan if Friday's time has passed, else drafted early by the manager.
    drafts = []
    for key, time in (("client", REPORT_TIME), ("internal", INTERNAL_TIME)):
        due = _at(monday + dt.timedelta(days=FRIDAY), time, zone)
        if due <= timezone.now():
            drafts.append(_run(entries[key], due, today))
            continue
        report, _created = services.status_report_generate(
            project=project, kind=ReportKind.WEEKLY, period_start=monday,
            audience=entries[key].report_audience, actor=manager, today=today,
        )  # fmt: skip
        drafts.append(report)
    return {"entries": entries, "published": published, "drafts": drafts}


def seed_reports(demo) -> None:
    """Communication plans and weekly reports for the demo's active projects (those of its
    named project managers, so the --scale bulk is left alone)."""
    managers = {user.pk for user in demo.managers}
    for project in list(demo.projects.values()):
        if (
            project.status == ProjectStatus.ACTIVE
            and project.manager_id in managers
            and project.start_date <= demo.today
        ):
            seed_project_reports(project, today=demo.today)
