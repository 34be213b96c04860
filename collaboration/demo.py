"""Demo data for collaboration: each active demo project's meetings (a kick-off and weekly
meetings with published minutes, decisions and action items in the plan, and a client review
coming up), document folders with a few small files (one in two versions; some shared with the
client), an organisation-wide and a project announcement, and comments on tasks and
deliverables that mention team members.

Everything is written through the services (audit trail, mentions and their notifications,
action items becoming tasks); what happened before today is then moved into the past, and the
mail of past meetings (their invitations and minutes) is marked as sent, so the worker mails
only the invitation to the meeting still to come. Files are generated here: no network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import CLIENT_ROLES, ProjectRole
from accounts.models import User
from comments import services as comment_services
from ito_portal.core.models import AuditEntry
from notifications.models import Notification
from projects import services as project_services
from projects.choices import ConstraintType, ProjectStatus, TaskStatus
from projects.models import Deliverable, Project, Task

from . import services
from .choices import MeetingKind
from .models import ActionItem, Document, DocumentVersion, Meeting, MeetingAttendee


@dataclass(frozen=True)
class Action:
    """An action item: what, whose (a team index, or "manager" / "client"), due in days after
    the meeting, and whether it is already done."""

    title: str
    owner: int | str
    due_in: int
    done: bool = False


@dataclass(frozen=True)
class MeetingPlan:
    title: str
    location: str
    agenda: str
    minutes: str
    decisions: tuple[str, ...]
    actions: tuple[Action, ...]


ROOM_NH = "宁海集团总部 3 楼会议室 · Ninghai HQ, meeting room 3F"
VIDEO = "https://meeting.example.com/j/{code}"

KICKOFF = {
    "NH-ERP": MeetingPlan(
        "项目启动会 Project kick-off",
        ROOM_NH,
        "1. 项目目标与范围 Goals and scope\n2. 组织与职责 Roles and responsibilities\n"
        "3. 里程碑计划 Milestones\n4. 沟通机制 How we communicate",
        "## 纪要 Minutes\n\n- 双方确认项目范围：财务、采购、库存、生产四个模块。\n  Both sides "
        "confirmed the scope: finance, procurement, inventory and production.\n- 客户指定各模块关键"
        "用户。\n  The client names a key user per module.\n- 周例会每周一 10:00，月度指导委员会。\n"
        "  Weekly meeting on Mondays at 10:00; a steering committee every month.",
        (
            "蓝图阶段采用标准流程优先，差异需经指导委员会批准。Standard processes first in the "
            "blueprint; any deviation needs the steering committee's approval.",
            "项目文档统一存放在门户的项目文档中。Project documents live in the portal's "
            "project documents.",
        ),
        (
            Action("提交关键用户名单 Send the list of key users", "client", 5, done=True),
            Action("搭建开发与测试环境 Set up the development and test systems", 3, 10, done=True),
        ),
    ),
    "NH-AMS": MeetingPlan(
        "运维服务启动会 Service kick-off",
        ROOM_NH,
        "1. 服务范围与 SLA Service scope and SLAs\n2. 交接计划 Transition plan\n"
        "3. 升级路径 Escalation path",
        "## 纪要 Minutes\n\n- 服务范围覆盖 ERP、MES、OA 三套系统。\n  The service covers the ERP, "
        "MES and OA systems.\n- P1 事件 15 分钟响应、4 小时恢复。\n  P1 incidents: answered in 15 "
        "minutes, restored in 4 hours.",
        ("交接期 15 个工作日，期间双方共同值班。A 15-working-day transition with joint on-call.",),
        (
            Action("提供现有运维文档 Hand over the current runbooks", "client", 5, done=True),
            Action("编写值班表 Write the on-call rota", 0, 7, done=True),
        ),
    ),
}

# The last three weekly meetings, oldest first; the newest one's actions are still open.
WEEKLY = {
    "NH-ERP": [
        MeetingPlan(
            "项目周例会 Weekly project meeting",
            VIDEO,
            "1. 上周进展 Last week\n2. 风险与问题 Risks and issues\n3. 本周计划 This week",
            "## 进展 Progress\n\n- 财务与物料配置按计划推进。Finance and materials configuration "
            "on plan.\n- 生产模块配置因二厂 BOM 数据延迟。Production configuration waits for plant "
            "2's bills of materials.",
            (
                "生产模块配置延长两周，由二厂补齐 BOM 数据。Production configuration gets two more "
                "weeks; plant 2 completes its BOMs.",
            ),
            (Action("补齐二厂 BOM 数据 Complete plant 2's BOMs", "client", 7, done=True),),
        ),
        MeetingPlan(
            "项目周例会 Weekly project meeting",
            VIDEO,
            "1. 上周进展 Last week\n2. 接口开发 Interfaces\n3. 迁移演练 Migration rehearsal",
            "## 进展 Progress\n\n- 接口开发完成 60%。Interfaces are 60% done.\n- 第一轮迁移演练"
            "发现 37 条客户主数据重复。Rehearsal 1 found 37 duplicate customer records.",
            (
                "重复主数据由客户业务部门确认后清洗。The business confirms duplicates before they "
                "are cleaned.",
            ),
            (Action("整理重复客户清单 List the duplicate customers", 3, 4, done=True),),
        ),
        MeetingPlan(
            "项目周例会 Weekly project meeting",
            VIDEO,
            "1. 上周进展 Last week\n2. 集成测试准备 Integration test readiness\n"
            "3. 客户评审会准备 The client review",
            "## 进展 Progress\n\n- 集成测试用例已完成 80%。80% of the integration test cases "
            "are written.\n- 报表开发进度落后，需增加资源。Reports are behind; more hands needed.",
            (
                "增加一名工程师支援报表开发两周。One more engineer helps with the reports for two "
                "weeks.",
                "客户评审会上演示采购到付款流程。The client review demonstrates procure-to-pay.",
            ),
            (
                Action("准备采购到付款演示 Prepare the procure-to-pay demo", 2, 1),
                Action("完成集成测试用例 Finish the integration test cases", 1, 4),
                Action("更新风险登记册 Update the risk register", "manager", 2),
            ),
        ),
    ],
    "NH-AMS": [
        MeetingPlan(
            "运维周会 Weekly operations meeting",
            VIDEO,
            "1. 事件回顾 Incidents\n2. 变更计划 Changes\n3. 巡检 Health checks",
            "## 纪要 Minutes\n\n- 本周 P2 事件 2 起，均在 SLA 内解决。Two P2 incidents, both "
            "within SLA.",
            (
                "数据库补丁在周六维护窗口实施。The database patch goes in on Saturday's "
                "maintenance window.",
            ),
            (Action("实施数据库补丁 Apply the database patch", 1, 5, done=True),),
        ),
        MeetingPlan(
            "运维周会 Weekly operations meeting",
            VIDEO,
            "1. 事件回顾 Incidents\n2. 容灾演练准备 DR drill readiness",
            "## 纪要 Minutes\n\n- 无 P1 事件。No P1 incidents.\n- 容灾演练方案初稿完成。The DR "
            "drill plan has a first draft.",
            (
                "容灾演练需客户 IT 经理签字后执行。The DR drill runs once the client's IT manager "
                "signs it off.",
            ),
            (Action("评审容灾演练方案 Review the DR drill plan", "manager", 3, done=True),),
        ),
        MeetingPlan(
            "运维周会 Weekly operations meeting",
            VIDEO,
            "1. 事件回顾 Incidents\n2. 月度服务报告 Monthly service report",
            "## 纪要 Minutes\n\n- 月度可用性 99.95%。Availability 99.95% this month.\n- 磁盘"
            "空间告警增多。More disk-space alerts.",
            ("月度报告增加磁盘容量趋势。The monthly report adds disk capacity trends.",),
            (
                Action("编写月度服务报告 Write the monthly service report", 0, 2),
                Action("清理日志分区 Clean up the log partitions", 1, 3),
            ),
        ),
    ],
}

REVIEW = {
    "NH-ERP": (
        "客户评审会：集成测试准备 Client review: integration test readiness",
        "1. 采购到付款演示 Procure-to-pay demo\n2. 集成测试计划 Integration test plan\n"
        "3. 上线时间表 Go-live timeline",
    ),
    "NH-AMS": (
        "月度服务评审 Monthly service review",
        "1. SLA 达成 SLA results\n2. 事件与问题 Incidents and problems\n3. 改进计划 Improvements",
    ),
}

# (folder, client-visible) and its files: (file name, title, client-visible, content).
FOLDERS = {
    "NH-ERP": [
        ("01 项目管理 Project management", True, [
            ("project-charter.md", "项目章程 Project charter", True, "charter"),
            ("contact-list.csv", "项目联系人 Project contacts", True, "contacts"),
        ]),
        ("02 蓝图设计 Blueprint", True, [
            ("business-blueprint.md", "蓝图设计文档 Business blueprint", True, "blueprint"),
        ]),
        ("03 内部 Internal", False, [
            ("migration-objects.csv", "数据迁移对象清单 Migration objects", False, "migration"),
            ("environments.txt", "系统环境清单 System environments", False, "environments"),
        ]),
    ],
    "NH-AMS": [
        ("运维报告 Service reports", True, [
            ("monthly-health-check.md", "月度巡检报告 Monthly health check", True, "health"),
        ]),
        ("内部 Internal", False, [
            ("on-call-rota.csv", "值班表 On-call rota", False, "rota"),
        ]),
    ],
}  # fmt: skip

CHARTER = """# {name}

## 目标 Goals

- {description}
- 按期上线，关键流程零中断。Go live on time with no break in the key processes.

## 组织 Organisation

| 角色 Role | 姓名 Name |
| --- | --- |
| 项目经理 Project manager | {manager} |
| 客户负责人 Client lead | {client} |

## 里程碑 Milestones

{milestones}
"""

BLUEPRINT_V1 = """# 蓝图设计文档 Business blueprint (草稿 draft)

## 财务 Finance
- 总账、应收、应付、资产。General ledger, receivables, payables, assets.

## 采购与库存 Procurement and inventory
- 采购申请 → 订单 → 收货 → 发票校验。Requisition → order → receipt → invoice check.

## 生产 Production
- 待确认：二厂的 BOM 结构。Open: plant 2's bill-of-materials structure.
"""

BLUEPRINT_V2 = BLUEPRINT_V1.replace("(草稿 draft)", "(签署版 signed)").replace(
    "- 待确认：二厂的 BOM 结构。Open: plant 2's bill-of-materials structure.",
    "- 二厂采用多级 BOM，与一厂一致。Plant 2 uses multi-level BOMs like plant 1.\n\n"
    "## 签署 Sign-off\n- 客户关键用户已签署。Signed by the client's key users.",
)

HEALTH = """# 月度巡检报告 Monthly health check

| 系统 System | 可用性 Availability | 事件 Incidents |
| --- | ---: | ---: |
| ERP | 99.97% | 1 |
| MES | 99.93% | 2 |
| OA | 100% | 0 |

建议：扩容日志分区。Recommendation: enlarge the log partitions.
"""

MIGRATION_CSV = (
    "对象 Object,来源 Source,记录数 Records,负责人 Owner,状态 Status\n"
    "客户主数据 Customers,Legacy ERP,12480,{a},已映射 mapped\n"
    "供应商主数据 Suppliers,Legacy ERP,3150,{a},已映射 mapped\n"
    "物料主数据 Materials,PLM,58200,{b},清洗中 cleansing\n"
    "未清采购订单 Open purchase orders,Legacy ERP,930,{b},待定 open\n"
    "总账余额 GL balances,Legacy ERP,4200,{a},已映射 mapped\n"
)

ENVIRONMENTS = """系统环境清单 System environments

DEV  开发 development   s4dev.ninghai.internal   client 100
QAS  测试 quality       s4qas.ninghai.internal   client 200
PRD  生产 production    s4prd.ninghai.internal   client 300 (上线后 after go-live)

访问申请走客户 IT 服务台。Access is requested through the client's IT service desk.
"""


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=_zone())


def _name(user: User) -> str:
    return user.get_display_name()


@dataclass
class Team:
    project: Project
    manager: User
    members: list[User]
    clients: list[User]

    @property
    def contact(self) -> User | None:
        return next(iter(self.clients), None)

    def owner(self, who: int | str) -> User | None:
        if who == "manager":
            return self.manager
        if who == "client":
            return self.contact
        return self.members[who % len(self.members)] if self.members else self.manager


def _team(project: Project) -> Team:
    memberships = project.memberships.select_related("user").order_by("user__username")
    return Team(
        project=project,
        manager=project.manager,
        members=[m.user for m in memberships if m.role == ProjectRole.MEMBER],
        # The client contact first: they act for the client.
        clients=[
            m.user
            for m in sorted(memberships, key=lambda m: m.role != ProjectRole.CLIENT_CONTACT)
            if m.role in CLIENT_ROLES
        ],
    )


def _backdate_audit(model, pks: list[int], when: dt.datetime) -> None:
    AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).update(created_at=when)


# --- meetings ---------------------------------------------------------------------------------


def _phase_of(project: Project, day: dt.date) -> Task | None:
    """The top-level phase under way on `day`, where the meeting's actions go in the plan."""
    return (
        Task.objects.filter(
            project=project, is_summary=True, outline_level=1, start_date__lte=day,
            finish_date__gte=day,
        )
        .order_by("sort_key")
        .first()
    )  # fmt: skip


def _past_meeting(
    team: Team,
    plan: MeetingPlan,
    *,
    kind: str,
    starts_at: dt.datetime,
    attendees: list[User],
    today: dt.date,
) -> Meeting:
    """A meeting that took place: minutes published after it, decisions, action items in the
    plan (the done ones ticked off), and its mail already sent back then."""
    project, manager = team.project, team.manager
    meeting = services.meeting_create(
        actor=manager, project=project, title=plan.title, kind=kind, starts_at=starts_at,
        duration_minutes=60, attendees=attendees, agenda=plan.agenda,
        location=plan.location.format(code=project.code.lower()),
    )  # fmt: skip
    for text in plan.decisions:
        services.decision_add(actor=manager, meeting=meeting, text=text)
    day = timezone.localtime(starts_at, _zone()).date()
    parent = _phase_of(project, day)
    items = []
    for action in plan.actions:
        owner = team.owner(action.owner)
        due = day + dt.timedelta(days=action.due_in)
        item = services.action_item_add(
            actor=manager, meeting=meeting, title=action.title, owner=owner, due_date=due,
            to_plan=owner is None or not owner.is_client, parent=parent,
        )  # fmt: skip
        items.append(item)
        if item.task_id is not None:
            # As the manager would: the work starts after the meeting and ends by its date;
            # what is still open starts no earlier than today, so the demo's project health
            # stays the story the plans tell.
            start = day + dt.timedelta(days=1)
            data = {
                "constraint_type": ConstraintType.SNET,
                "constraint_date": start if action.done else max(start, today),
                "duration_days": max(1, min(action.due_in, 5)),
            }
            if action.done:
                data["status"] = TaskStatus.DONE
            project_services.task_update(actor=manager, task=item.task, data=data)
        elif action.done:
            services.action_item_set_done(actor=manager, item=item, done=True)
    services.meeting_publish_minutes(actor=manager, meeting=meeting, minutes=plan.minutes)
    # History: written now, it happened then.
    created = starts_at - dt.timedelta(days=3)
    published = meeting.ends_at + dt.timedelta(hours=4)
    Meeting.objects.filter(pk=meeting.pk).update(
        created_at=created, updated_at=published, minutes_published_at=published
    )
    MeetingAttendee.objects.filter(meeting=meeting).update(
        invited_sequence=meeting.sequence, invitation_sent_at=created, minutes_sent_at=published
    )
    Notification.objects.filter(event_key__startswith=f"meeting.invitation:{meeting.pk}:").update(
        created_at=created, read_at=created + dt.timedelta(hours=2)
    )
    ActionItem.objects.filter(pk__in=[i.pk for i in items]).update(created_at=meeting.ends_at)
    ActionItem.objects.filter(pk__in=[i.pk for i in items], done_at__isnull=False).update(
        done_at=meeting.ends_at + dt.timedelta(days=2)
    )
    _backdate_audit(Meeting, [meeting.pk], created)
    _backdate_audit(ActionItem, [i.pk for i in items], meeting.ends_at)
    meeting.refresh_from_db()
    return meeting


def _mondays_before(day: dt.date, count: int) -> list[dt.date]:
    """The `count` Mondays before `day` (not `day` itself), oldest first."""
    last = day - dt.timedelta(days=day.weekday() or 7)
    return [last - dt.timedelta(weeks=back) for back in range(count - 1, -1, -1)]


def seed_meetings(team: Team, today: dt.date) -> list[Meeting]:
    """The kick-off on the first day, the last three weekly meetings, a client review ahead."""
    project, code = team.project, team.project.code
    meetings = []
    everyone = [team.manager, *team.members, *team.clients]
    if code in KICKOFF and project.start_date < today:
        meetings.append(
            _past_meeting(
                team, KICKOFF[code], kind=MeetingKind.KICKOFF,
                starts_at=_at(project.start_date, 10), attendees=everyone, today=today,
            )
        )  # fmt: skip
    for monday, plan in zip(_mondays_before(today, 3), WEEKLY.get(code, []), strict=False):
        if monday <= project.start_date:
            continue
        meetings.append(
            _past_meeting(
                team, plan, kind=MeetingKind.WEEKLY, starts_at=_at(monday, 10),
                attendees=[team.manager, *team.members], today=today,
            )
        )  # fmt: skip
    if code in REVIEW:
        title, agenda = REVIEW[code]
        # Thursday of next week at 14:00: far enough ahead to prepare, soon enough to show.
        day = today + dt.timedelta(days=7 - today.weekday() + 3)
        meetings.append(
            services.meeting_create(
                actor=team.manager, project=project, title=title, kind=MeetingKind.CLIENT_REVIEW,
                starts_at=_at(day, 14), duration_minutes=90, attendees=everyone, agenda=agenda,
                location=ROOM_NH,
            )
        )  # fmt: skip
    return meetings


# --- documents --------------------------------------------------------------------------------


def _content(kind: str, team: Team, today: dt.date) -> bytes:
    project = team.project
    first, second = [*team.members, team.manager, team.manager][:2]
    if kind == "charter":
        milestones = Task.objects.milestones().filter(project=project).order_by("finish_date")
        lines = "\n".join(
            f"- {m.finish_date.isoformat()} {m.name}" for m in milestones[:6] if m.finish_date
        )
        return CHARTER.format(
            name=project.name, description=project.description or project.name,
            manager=_name(team.manager), client=_name(team.contact) if team.contact else "",
            milestones=lines,
        ).encode()  # fmt: skip
    if kind == "contacts":
        rows = ["姓名 Name,组织 Organisation,角色 Role,邮箱 E-mail"]
        for person in [team.manager, *team.members, *team.clients]:
            rows.append(
                f"{_name(person)},{person.organization.name},"
                f"{'客户 client' if person.is_client else '供应商 vendor'},{person.email}"
            )
        return ("\ufeff" + "\n".join(rows) + "\n").encode()  # BOM: Excel reads it as UTF-8
    if kind == "migration":
        return ("\ufeff" + MIGRATION_CSV.format(a=_name(first), b=_name(second))).encode()
    if kind == "environments":
        return ENVIRONMENTS.encode()
    if kind == "blueprint":
        return BLUEPRINT_V1.encode()
    if kind == "health":
        return HEALTH.encode()
    if kind == "rota":
        rows = ["日期 Date,值班 On call,备岗 Backup"]
        people = team.members or [team.manager]
        for offset in range(14):
            day = today + dt.timedelta(days=offset)
            on_call = people[offset % len(people)]
            backup = people[(offset + 1) % len(people)]
            rows.append(f"{day.isoformat()},{_name(on_call)},{_name(backup)}")
        return ("\ufeff" + "\n".join(rows) + "\n").encode()
    raise ValueError(kind)


def seed_documents(team: Team, today: dt.date) -> list[Document]:
    """Folders and files; the blueprint gets a second, signed version from the manager."""
    project = team.project
    author = team.members[0] if team.members else team.manager
    documents = []
    for folder_name, shared, files in FOLDERS.get(project.code, []):
        folder = services.folder_create(
            actor=team.manager, project=project, name=folder_name, client_visible=shared
        )
        for file_name, title, visible, kind in files:
            document = services.document_upload(
                actor=author, project=project, name=title, folder=folder, client_visible=visible,
                file=SimpleUploadedFile(file_name, _content(kind, team, today)),
            )  # fmt: skip
            documents.append(document)
            uploaded = _at(today - dt.timedelta(days=30 if kind == "blueprint" else 12), 16)
            if kind == "blueprint":
                services.document_add_version(
                    actor=team.manager, document=document,
                    file=SimpleUploadedFile(file_name, BLUEPRINT_V2.encode()),
                    note="客户评审意见已纳入并签署 Client comments incorporated; signed",
                )  # fmt: skip
                DocumentVersion.objects.filter(document=document, number=2).update(
                    uploaded_at=_at(today - dt.timedelta(days=9), 11)
                )
            DocumentVersion.objects.filter(document=document, number=1).update(uploaded_at=uploaded)
            Document.objects.filter(pk=document.pk).update(created_at=uploaded)
            _backdate_audit(Document, [document.pk], uploaded)
    return documents


# --- announcements ----------------------------------------------------------------------------


def seed_announcements(demo, teams: list[Team]) -> None:
    """One for everyone from the PMO (pinned, shared with clients) and one per active project."""
    hotline = services.announcement_create(
        actor=demo.pmo,
        title="服务台热线升级为 7×24 小时 The service desk now answers around the clock",
        body="自本月起，服务台热线 400-800-1234 全天候接听，P1 事件请直接致电。\n\nFrom this "
        "month the service desk (400-800-1234) answers day and night; call it directly for P1 "
        "incidents.",
        client_visible=True,
        pinned=True,
    )
    _announced(hotline, days_ago=6)
    texts = {
        "NH-ERP": (
            "集成测试环境周六维护 The integration test system is down on Saturday",
            "本周六 9:00–13:00 测试环境（QAS）升级补丁，期间无法登录。\n\nThis Saturday from "
            "9:00 to 13:00 the test system (QAS) gets its patches; nobody can log in meanwhile.",
            True,
        ),
        "NH-AMS": (
            "值班表已更新 The on-call rota is updated",
            "下两周的值班表见“内部”文件夹。\n\nThe next two weeks' rota is in the Internal folder.",
            False,
        ),
    }
    for team in teams:
        if team.project.code not in texts:
            continue
        title, body, shared = texts[team.project.code]
        announcement = services.announcement_create(
            actor=team.manager, project=team.project, title=title, body=body,
            client_visible=shared,
        )  # fmt: skip
        _announced(announcement, days_ago=1)


def _announced(announcement, *, days_ago: int) -> None:
    when = timezone.now() - dt.timedelta(days=days_ago, hours=2)
    type(announcement).objects.filter(pk=announcement.pk).update(
        published_at=when, created_at=when, updated_at=when
    )
    _backdate_audit(type(announcement), [announcement.pk], when)


# --- comments ---------------------------------------------------------------------------------


def _task(project: Project, name_starts: str) -> Task | None:
    return Task.objects.filter(project=project, name__startswith=name_starts).first()


def _deliverable(project: Project, name_starts: str) -> Deliverable | None:
    return Deliverable.objects.filter(project=project, name__startswith=name_starts).first()


def seed_comments(team: Team) -> list:
    """A few threads on tasks and deliverables, mentioning team members (so they are told)."""
    project, pm = team.project, team.manager
    members = team.members or [pm]
    first, second = members[0], members[1 % len(members)]
    last = members[-1]
    contact = team.contact
    threads = []
    if project.code == "NH-ERP":
        threads = [
            (_task(project, "生产模块配置"), [
                (first, f"@{pm.username} 二厂 BOM 数据还缺 40%，配置预计再延长一周。\n\nPlant 2's "
                 "BOMs are 40% short; configuration needs another week.", False),
                (pm, f"@{first.username} 收到，我在周例会上和客户确认时间。Noted: I will agree "
                 "the date with the client at the weekly meeting.", False),
            ]),
            (_task(project, "接口与报表开发"), [
                (pm, f"@{last.username} 报表进度落后，@{second.username} 本周起支援两周。\n\n"
                 "The reports are behind; starting this week there is help for two weeks.",
                 False),
            ]),
            (_deliverable(project, "集成测试报告"), [
                (contact, f"@{pm.username} 报告里请附上缺陷清单和复测结果。Please attach the "
                 "defect list and the retest results to the report.", True),
                (pm, f"@{contact.username if contact else pm.username} 好的，缺陷清单会按严重"
                 f"级别汇总，@{second.username} 负责整理。Will do: defects summarised by "
                 "severity.", True),
            ]),
            (_deliverable(project, "关键用户培训材料"), [
                (contact, "培训材料已收到，我们本周内完成审阅。Materials received; we review "
                 "them this week.", True),
            ]),
        ]  # fmt: skip
    elif project.code == "NH-AMS":
        threads = [
            (_task(project, "容灾演练"), [
                (pm, f"@{first.username} 演练方案请在周五前发我审阅。Send me the drill plan for "
                 "review by Friday.", False),
                (first, f"@{pm.username} 初稿已完成，待客户 IT 经理签字。The first draft is "
                 "done, waiting for the client's IT manager to sign it.", False),
            ]),
        ]  # fmt: skip
    comments = []
    hours = len([c for _target, thread in threads for c in thread]) * 5
    for target, thread in threads:
        if target is None:
            continue
        for author, body, to_client in thread:
            if author is None:
                continue
            comment = comment_services.comment_create(
                actor=author, target=target, body=body, visible_to_client=to_client
            )
            when = timezone.now() - dt.timedelta(hours=hours)
            hours -= 5
            type(comment).objects.filter(pk=comment.pk).update(created_at=when, updated_at=when)
            Notification.objects.filter(event_key=f"comment.mention:{comment.pk}").update(
                created_at=when
            )
            comments.append(comment)
    return comments


# --- all of it --------------------------------------------------------------------------------


def seed_collaboration(demo) -> None:
    """Meetings, documents, announcements and comments of the active demo projects."""
    # Minutes are published only for meetings that have taken place by the real clock.
    today = min(demo.today, timezone.localdate())
    teams = [
        _team(project)
        for project in demo.projects.values()
        if project.status == ProjectStatus.ACTIVE and project.code in KICKOFF
    ]
    for team in teams:
        seed_meetings(team, today)
        seed_documents(team, today)
        seed_comments(team)
    if demo.pmo is not None:
        seed_announcements(demo, teams)
