"""Demo data for quality control: the vendor's checklist library (bilingual, realistic) and a
short story on NH-ERP: a data migration verification fails one check, the non-conformity is
analysed, its corrective and preventive actions are done and one is verified effective, and a
production defect waits on the board.

`seed_checklists` needs only the PMO; `seed_quality` runs after the plans are built.
"""

from __future__ import annotations

import datetime as dt

from accounts.choices import ProjectRole
from accounts.models import Membership

from . import services
from .models import ChecklistCategory
from .services import ItemSpec

CHECKLISTS = [
    (
        "代码评审 Code review",
        ChecklistCategory.CODE_REVIEW,
        "每次合并前 Before every merge to the main branch.",
        [
            ("代码已通过同行评审 Code peer-reviewed", "至少一名评审人批准 At least one approval"),
            ("单元测试通过且覆盖率≥80% Unit tests pass, coverage ≥ 80%", "CI 报告 CI report"),
            ("静态扫描无阻断问题 Static analysis: no blocker issues", "SonarQube 质量门 gate"),
            ("无硬编码密码或密钥 No hard-coded passwords or keys", ""),
            ("异常与日志处理规范 Errors handled and logged per the guideline", ""),
            ("数据库变更有回滚脚本 Database changes have rollback scripts", ""),
            ("接口变更已更新文档 API changes documented", "OpenAPI / 接口说明"),
        ],
    ),
    (
        "安全加固 Security hardening",
        ChecklistCategory.SECURITY,
        "服务器与中间件上线前 Servers and middleware before go-live (等保 2.0 baseline).",
        [
            ("禁用 root 远程登录 SSH root login disabled", "sshd_config PermitRootLogin no"),
            ("默认账户已删除或改密 Default accounts removed or re-keyed", ""),
            ("仅开放必要端口 Only required ports open", "nmap 扫描结果 scan attached"),
            ("TLS 1.2 及以上 TLS 1.2+ only, weak ciphers off", ""),
            ("操作系统补丁为最新 OS patches current", "最近 30 天 within 30 days"),
            ("审计日志开启并外发 Audit logging on and shipped", "保留 180 天 kept 180 days"),
            ("漏洞扫描无高危 Vulnerability scan: no high findings", ""),
            ("备份已加密 Backups encrypted", ""),
        ],
    ),
    (
        "上线准备 Go-live readiness",
        ChecklistCategory.GO_LIVE,
        "切换前一天 The day before cut-over.",
        [
            ("用户验收测试已签字 UAT signed off by the client", ""),
            ("回退方案已演练 Rollback plan rehearsed", "记录演练时长 Record the duration"),
            ("监控与告警已配置 Monitoring and alerts configured", ""),
            ("运维手册已交付 Runbook handed over to operations", ""),
            ("关键用户已培训 Key users trained", ""),
            ("切换窗口已获批准 Cut-over window approved (change ticket)", ""),
            ("支持值班表已发布 Hypercare rota published", ""),
        ],
    ),
    (
        "数据迁移验证 Data migration verification",
        ChecklistCategory.DATA_MIGRATION,
        "每轮迁移演练和正式迁移后 After every mock and the final migration.",
        [
            ("记录数与源系统一致 Record counts match the source", "按对象逐表核对 per object"),
            ("金额合计一致 Amount totals reconcile", "总账科目余额 GL balances"),
            ("主数据抽样核对 Master data sample check (50 records)", ""),
            ("未结单据已迁移 Open documents migrated", "采购订单、销售订单 POs, SOs"),
            ("编码映射完整 Code mappings complete", "无未映射值 no unmapped values"),
            ("迁移日志无错误 Migration log without errors", ""),
            ("业务用户已确认 Business users confirmed the results", ""),
        ],
    ),
]


def seed_checklists(demo) -> None:
    """The vendor's checklist library; the go-live checklist has a second version."""
    for name, category, description, items in CHECKLISTS:
        template = services.template_create(
            actor=demo.pmo,
            name=name,
            category=category,
            description=description,
            items=[ItemSpec(text, guidance) for text, guidance in items],
        )
        if category == ChecklistCategory.GO_LIVE:
            revised = [ItemSpec(text, guidance) for text, guidance in items]
            revised.append(ItemSpec("数据迁移验证已通过 Data migration verification passed"))
            services.template_revise(
                actor=demo.pmo,
                template=template,
                items=revised,
                note="加入数据迁移 Added migration",
            )


def _engineer(project):
    membership = (
        Membership.objects.filter(project=project, role=ProjectRole.MEMBER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else project.manager


def seed_quality(demo) -> None:
    """NH-ERP: plan, criteria, a failed migration check → non-conformity → CAPA → verified."""
    from .models import ChecklistTemplate

    project = demo.projects["NH-ERP"]
    manager = project.manager
    engineer = _engineer(project)
    today = demo.today
    services.plan_update(
        actor=manager,
        project=project,
        data={
            "standards": "ISO 9001:2015\nGB/T 25000.51-2016 软件产品质量 Software product quality\n"
            "客户 SAP 开发规范 v3 Client SAP development standard v3",
            "objectives": "- 上线后 30 天内无 P1 缺陷 No P1 defect in the first 30 days\n"
            "- 迁移数据差异为 0 Zero reconciliation differences\n"
            "- UAT 一次通过率 ≥ 90% UAT first-pass rate ≥ 90%",
        },
    )
    deliverables = list(project.deliverables.order_by("due_date", "pk"))
    if not deliverables:
        return
    target = next((d for d in deliverables if "迁移" in d.name or "igration" in d.name), None)
    target = target or deliverables[0]
    for text, measure in (
        ("迁移记录数与源系统一致 Migrated record counts match the source", "100%"),
        ("总账余额差异 GL balance differences", "0"),
        ("业务关键用户签字确认 Signed off by the key users", ""),
    ):
        services.criterion_add(actor=manager, deliverable=target, text=text, target=measure)

    template = ChecklistTemplate.objects.get(category=ChecklistCategory.DATA_MIGRATION)
    inspection = services.inspection_start(
        actor=manager,
        project=project,
        template=template,
        inspector=engineer,
        date=today - dt.timedelta(days=9),
        deliverable=target,
    )
    for result in inspection.results.select_related("item").order_by("item__position"):
        if result.item.position == 2:
            outcome, note = "failed", "应收科目差 12,480.00 元 AR off by CNY 12,480.00"
        elif result.item.position == 7:
            outcome, note = "not_applicable", "本轮为演练 Mock run only"
        else:
            outcome, note = "passed", ""
        services.inspection_answer(actor=engineer, result=result, outcome=outcome, note=note)
    [defect] = services.inspection_complete(
        actor=engineer, inspection=inspection, summary="第二轮演练 Mock run 2"
    )
    services.defect_update(
        actor=manager,
        defect=defect,
        data={
            "assignee": engineer,
            "severity": "critical",
            "root_cause_category": "data",
            "root_cause": "汇率表未迁移，外币发票按 1.0 折算 The FX rate table was not migrated, so "
            "foreign-currency invoices converted at 1.0.",
        },
    )
    services.defect_transition(actor=engineer, defect=defect, status="in_progress")
    fix = services.action_add(
        actor=manager,
        defect=defect,
        description="补迁汇率表并重算外币发票 Migrate the FX table and revalue invoices",
        owner=engineer,
        due_date=today - dt.timedelta(days=5),
    )
    services.action_add(
        actor=manager,
        defect=defect,
        kind="preventive",
        description="迁移清单加入配置表核对 Add configuration tables to the migration checklist",
        owner=manager,
        due_date=today + dt.timedelta(days=7),
    )
    services.action_complete(actor=engineer, action=fix)
    services.action_verify(
        actor=manager, action=fix, effective=True, note="第三轮演练差异为 0 Mock run 3: zero diff"
    )
    services.defect_transition(
        actor=engineer,
        defect=defect,
        status="resolved",
        resolution="汇率表已补迁 FX table migrated",
    )
    services.defect_create(
        actor=manager,
        project=project,
        title="采购订单打印缺少税号 PO print-out lacks the tax number",
        severity="minor",
        found_in="client_review",
        source="UAT 第 2 周 UAT week 2",
        deliverable=target,
        client_visible=True,
    )
