"""Demo data for the risk register: the ERP project's risks with a reassessment history, a
response in the plan, an unanswered high risk (which turns the project's risk health amber and
sets off the reminder), a client-visible risk, one that occurred and became an issue, and an
opportunity; a few on the other projects for the portfolio view.

Risks go through the services (codes, history, plan tasks, audit), then their history is moved
into the past, as the clients' demo does with its requests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from . import services
from .models import RiskAssessment, RiskCategory


def _category(key: str) -> RiskCategory:
    return RiskCategory.objects.get(key=key)


def seed_risks(demo) -> None:
    today = demo.today
    erp = demo.projects["NH-ERP"]
    manager = erp.manager
    team = list(
        erp.memberships.filter(role="member").select_related("user").order_by("user__username")
    )
    people = [m.user for m in team]

    gateway = services.risk_create(
        actor=manager, project=erp,
        title="支付网关供应商可能延误上线 Payment gateway vendor may miss go-live",
        cause="网关供应商同时承接三个上线项目。The gateway vendor is delivering three go-lives at once.",
        description="接口联调推迟。Interface testing slips.",
        effect="上线日期推迟两周以上。Go-live slips by two weeks or more.",
        category=_category("vendor"), kind="threat", probability=3, impact=4,
        owner=people[0], trigger="联调环境未按期交付 Test environment not delivered on time",
        review_date=today + dt.timedelta(days=7), proximity=today + dt.timedelta(days=45),
        contingency_amount=Decimal("80000"), contingency_days=10,
    )  # fmt: skip
    services.risk_reassess(
        actor=manager, risk=gateway, probability=4, impact=5,
        note="供应商第二次延期 The vendor slipped a second time",
    )  # fmt: skip
    services.risk_update(
        actor=manager, risk=gateway,
        data={"strategy": "mitigate", "response_plan": "签订备用网关供应商并提前联调。Sign a backup "
              "gateway vendor and test the interface early."},
    )  # fmt: skip
    services.risk_action_create(
        actor=manager, risk=gateway, name="确定备用网关供应商 Agree a backup payment vendor",
        assignee=people[0], duration_days=5,
    )  # fmt: skip
    services.risk_reassess(
        actor=manager, risk=gateway, probability=4, impact=5, residual_probability=2,
        residual_impact=3, note="备用供应商已确认 Backup vendor confirmed",
    )  # fmt: skip
    # The history happened over the last weeks.
    for weeks_back, assessment in zip(
        (6, 3, 1), RiskAssessment.objects.filter(risk=gateway).order_by("pk"), strict=False
    ):
        RiskAssessment.objects.filter(pk=assessment.pk).update(
            created_at=timezone.now() - dt.timedelta(weeks=weeks_back)
        )

    services.risk_create(
        actor=manager, project=erp,
        title="核心 DBA 可能离职 Key DBA may leave",
        cause="DBA 已收到竞争对手邀约。The DBA has an offer from a competitor.",
        effect="数据迁移演练无人主导。Nobody leads the migration rehearsals.",
        category=_category("resource"), kind="threat", probability=3, impact=4,
        owner=manager, review_date=today - dt.timedelta(days=2),
    )  # fmt: skip
    services.risk_create(
        actor=manager, project=erp,
        title="客户审批周期长 Client approvals take long",
        cause="客户每份蓝图需三级审批。Each blueprint needs three levels of client approval.",
        effect="实现阶段开始推迟。Realisation starts late.",
        category=_category("schedule"), kind="threat", probability=2, impact=3,
        owner=manager, client_visible=True, strategy="mitigate", status="monitoring",
        response_plan="每周审批例会。A weekly approval meeting.",
        review_date=today + dt.timedelta(days=14),
    )  # fmt: skip
    audit = services.risk_create(
        actor=manager, project=erp,
        title="软件许可审计 Licence audit",
        effect="补缴许可费用。Back-payment of licence fees.",
        category=_category("compliance"), kind="threat", probability=2, impact=3,
        owner=people[-1],
    )  # fmt: skip
    issue = services.risk_occur(
        actor=manager, risk=audit, owner=people[-1], due_date=today + dt.timedelta(days=10),
        impact="需补充 20 个用户许可。20 more user licences are needed.",
    )  # fmt: skip
    services.issue_update(
        actor=manager, issue=issue,
        data={"status": "resolved", "resolution": "已与客户签订补充许可订单。A supplementary "
              "licence order is signed with the client."},
    )  # fmt: skip
    services.risk_create(
        actor=manager, project=erp,
        title="复用三季度报表模块 Reuse the Q3 reporting module",
        effect="节省约 15 人天。Saves about 15 person-days.",
        category=_category("scope"), kind="opportunity", probability=3, impact=3,
        owner=people[0], strategy="exploit", review_date=today + dt.timedelta(days=21),
    )  # fmt: skip

    dcm = demo.projects["DF-DCM"]
    services.risk_create(
        actor=dcm.manager, project=dcm,
        title="割接窗口内数据同步不完整 Data sync incomplete in the cutover window",
        category=_category("technical"), kind="threat", probability=3, impact=5,
        owner=dcm.manager, strategy="mitigate",
        response_plan="每批割接前两次全量演练。Two full rehearsals before each wave.",
        review_date=today + dt.timedelta(days=10),
    )  # fmt: skip
    services.risk_health_refresh(project_ids=[erp.pk, dcm.pk])
