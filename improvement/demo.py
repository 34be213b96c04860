"""Demo data for continuous improvement: ten proposals across every PDCA stage, with votes,
actions and comments; one standardised with its measured result, one rejected with a reason,
one from a client's contact. Proposals go through the services, then their dates are moved
into the past months so the board's monthly chart has a history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from . import services
from .choices import MOVES, Reach, Status
from .models import ImprovementProposal, StatusChange

PATH = (Status.ACCEPTED, Status.PLAN, Status.DO, Status.CHECK, Status.STANDARDISED)


def _advance(proposal, actor, to, *, owner=None, actions=(), result=None):
    for status in PATH:
        if proposal.status == to:
            return
        if status not in MOVES[proposal.status]:
            continue
        if status == Status.DO:
            for title, who, days, done in actions:
                action = services.action_create(
                    actor=actor, proposal=proposal, title=title, owner=who,
                    due_date=timezone.localdate() + dt.timedelta(days=days),
                )  # fmt: skip
                if done:
                    services.action_set_done(actor=actor, action=action, done=True)
        if status in (Status.CHECK, Status.STANDARDISED) and result and not proposal.has_result:
            services.proposal_record_result(actor=actor, proposal=proposal, **result)
        services.proposal_transition(
            actor=actor, proposal=proposal, status=status,
            owner=owner if status == Status.ACCEPTED else None,
        )  # fmt: skip


def seed_improvement(demo) -> None:
    pmo, managers, engineers = demo.pmo, demo.managers, demo.engineers
    li, wang = managers[0], managers[1 % len(managers)]
    chen, liu, zhang, yang = (engineers + engineers)[:4]
    wu, xu = engineers[6 % len(engineers)], engineers[7 % len(engineers)]  # the NH-AMS team
    erp, ams, dcm = demo.projects["NH-ERP"], demo.projects["NH-AMS"], demo.projects["DF-DCM"]
    sun = demo.client_people["ninghai"][0][0]
    df_contact = demo.client_people["dongfang"][0][0]
    everyone = [pmo, *managers, *engineers]

    def propose(author, title, problem, proposal, **fields):
        return services.proposal_create(
            actor=author, title=title, problem=problem, proposal=proposal, **fields
        )

    release = propose(
        chen, "自动生成发布说明 Generate release notes automatically",
        "每次发布手工整理发布说明需要约半天，且常遗漏变更。Release notes take half a day by hand "
        "and often miss changes.",
        "从合并请求和工单编号自动生成发布说明草稿，由负责人审核。Draft them from merged pull "
        "requests and ticket numbers; the owner reviews.",
        expected_benefit="每次发布节省 3 小时以上。3+ hours saved per release.",
        category="tooling", impact="high", effort="S",
    )  # fmt: skip
    _advance(
        release, pmo, Status.STANDARDISED, owner=chen,
        actions=[("编写生成脚本 Write the generator", chen, -40, True),
                 ("在 NH-ERP 试点 Pilot on NH-ERP", liu, -25, True)],
        result={"metric": "每次发布整理时间 Hours per release", "before": Decimal(4),
                "after": Decimal("0.5"), "unit": "h",
                "notes": "试点 6 次发布的平均值。Average of six pilot releases."},
    )  # fmt: skip
    rota = propose(
        xu, "值班表放进门户 On-call rota in the portal",
        "值班表在电子表格里，交接时常找不到当班人。The rota lives in a spreadsheet.",
        "在运维项目中维护值班表，告警直接通知当班工程师。Keep it in the portal; alerts reach "
        "whoever is on call.",
        category="service", impact="medium", effort="M", reach=Reach.PROJECT, project=ams,
        client_visible=True,
    )  # fmt: skip
    _advance(
        rota, wang, Status.CHECK, owner=xu,
        actions=[("导入现有值班表 Import the current rota", xu, -10, True)],
        result={"metric": "告警响应时间 MTTA", "before": Decimal(18), "after": Decimal(7),
                "unit": "min"},
    )  # fmt: skip
    drill = propose(
        wu, "每季度数据库备份恢复演练 Quarterly restore drill",
        "备份从未完整恢复验证过。Backups were never restored end to end.",
        "每季度在隔离环境恢复一次生产备份并记录耗时。Restore a production backup every quarter.",
        category="quality", impact="high", effort="M", reach=Reach.PROJECT, project=ams,
    )  # fmt: skip
    _advance(
        drill, wang, Status.DO, owner=wu,
        actions=[("准备隔离环境 Prepare the sandbox", wu, -3, True),
                 ("首次演练 First drill", wu, 12, False)],
    )  # fmt: skip
    review = propose(
        liu, "代码评审清单 A code review checklist",
        "评审意见因人而异，安全问题常被漏掉。Reviews vary; security issues slip through.",
        "统一的评审清单，合并前勾选。One checklist ticked before merging.",
        category="quality", impact="medium", effort="S",
    )  # fmt: skip
    _advance(review, pmo, Status.PLAN, owner=li)
    services.action_create(
        actor=li, proposal=review, title="起草清单 Draft the checklist", owner=liu,
        due_date=demo.today + dt.timedelta(days=14),
    )  # fmt: skip
    impact_template = propose(
        li, "需求变更影响分析模板 Change impact template",
        "变更评估遗漏对接口和测试的影响。Change assessments miss interfaces and tests.",
        "变更申请附带影响分析模板。Every change request carries an impact template.",
        category="process", impact="medium", effort="S", reach=Reach.PROJECT, project=erp,
    )  # fmt: skip
    _advance(impact_template, pmo, Status.ACCEPTED, owner=li)
    pdf = propose(
        sun, "周报附 PDF 版本 Weekly report as a PDF",
        "我们需要把周报转发给管理层，目前只能截图。We forward the weekly report as screenshots.",
        "每份周报自动附上 PDF。Attach a PDF to every weekly report.",
        category="service", impact="low", effort="S", reach=Reach.CLIENT,
    )  # fmt: skip
    ai = propose(
        wang, "AI 辅助工单分类 AI-assisted ticket triage",
        "一线工程师花大量时间给工单分类。First-line engineers spend hours triaging tickets.",
        "用历史工单训练分类模型，建议类别和优先级。Suggest category and priority from history.",
        category="innovation", impact="high", effort="XL",
    )  # fmt: skip
    rehearsal = propose(
        manager_of(dcm, wang), "每批割接前彩排 Rehearse every cut-over",
        "割接步骤只在文档中，未实际演练。Cut-over steps exist only on paper.",
        "每批迁移前在预生产环境完整彩排一次。Rehearse each batch in pre-production.",
        category="process", impact="high", effort="L", reach=Reach.PROJECT, project=dcm,
    )  # fmt: skip
    tool = propose(
        zhang, "换用另一套项目管理工具 Switch to another PM tool",
        "甘特图不够灵活。The Gantt chart is not flexible enough.",
        "采购另一套商业工具。Buy another commercial tool.",
        category="tooling", impact="low", effort="XL",
    )  # fmt: skip
    services.proposal_transition(
        actor=pmo, proposal=tool, status=Status.REJECTED,
        reason="门户已覆盖所需功能，甘特图改进已列入计划。The portal covers it; the Gantt "
        "improvements are planned.",
    )  # fmt: skip
    faq = propose(
        df_contact, "知识库 FAQ 中英双语 Bilingual FAQ",
        "我们的海外同事看不懂中文 FAQ。Our overseas colleagues cannot read the FAQ.",
        "常用 FAQ 提供中英文版本。Publish the common FAQs in both languages.",
        category="service", impact="medium", effort="M", reach=Reach.CLIENT,
    )  # fmt: skip
    _advance(faq, pmo, Status.PLAN, owner=yang)

    votes = {
        release: everyone[:7], rota: [*everyone[:3], sun], drill: everyone[:4],
        review: everyone[1:4], pdf: [sun, *everyone[:2]], ai: everyone[:6],
        rehearsal: everyone[2:4], faq: [df_contact, pmo], impact_template: everyone[:2],
    }  # fmt: skip
    for proposal, people in votes.items():
        for person in people:
            if proposal.status not in (Status.STANDARDISED, Status.REJECTED):
                services.proposal_vote(actor=person, proposal=proposal)
    for person in everyone[:7]:  # the standardised one was voted on before it was decided
        release.votes.get_or_create(user=person)
    services.comment_add(
        actor=wang, proposal=rota, body="MTTA 从 18 分钟降到 7 分钟，下个月再观察一次。"
    )
    services.comment_add(actor=sun, proposal=pdf, body="管理层每周一早上需要。Needed Monday 9am.")
    services.comment_add(
        actor=li, proposal=ai, body="先评估数据质量。Check the data quality first.", internal=True
    )

    # History: spread the proposals over the past months, oldest first.
    order = [release, tool, rota, review, drill, impact_template, faq, ai, pdf, rehearsal]
    now = timezone.now()
    for index, proposal in enumerate(order):
        created = now - dt.timedelta(days=(len(order) - index) * 17)
        ImprovementProposal.objects.filter(pk=proposal.pk).update(created_at=created)
        changes = list(StatusChange.objects.filter(proposal=proposal).order_by("id"))
        for step, change in enumerate(changes):
            when = created + dt.timedelta(days=step * 3)
            StatusChange.objects.filter(pk=change.pk).update(created_at=min(when, now))
        if changes:
            ImprovementProposal.objects.filter(pk=proposal.pk).update(
                status_changed_at=min(created + dt.timedelta(days=(len(changes) - 1) * 3), now)
            )


def manager_of(project, fallback):
    return project.manager or fallback
