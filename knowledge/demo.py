"""Demo data for the knowledge base: an organisation-wide handbook, a client-visible runbook
space for Ninghai, project spaces with how-tos, known errors and a post-mortem, articles with
several versions, one past its review date (its owner sees it on the knowledge home and gets
the reminder), and lessons learned of the closed WMS upgrade, one published as an article.
Everything goes through the services, so versions, search words and the audit trail are real.
"""

from __future__ import annotations

import datetime as dt

from . import services
from .models import Article

HANDBOOK = [
    (
        "代码评审清单 Code review checklist",
        "how_to",
        "评审, code review",
        "## 评审前 Before review\n\n- 每个合并请求不超过 400 行 Keep pull requests under 400 lines\n"
        "- 附上测试结果 Attach the test results\n\n## 评审要点 What to check\n\n"
        "| 方面 Aspect | 问题 Question |\n|---|---|\n| 正确性 Correctness | 边界条件都覆盖了吗？ Are edge cases covered? |\n"
        "| 安全 Security | 输入是否校验？ Is input validated? |\n| 可维护性 Maintainability | 命名是否清楚？ Are names clear? |\n",
    ),
    (
        "生产变更发布流程 Production release procedure",
        "how_to",
        "变更, release, CAB",
        "1. 提交变更申请并通过 CAB 审批 Raise the change and pass CAB\n2. 在维护窗口内执行 Run it in the maintenance window\n"
        "3. 验证并回填变更记录 Verify and close the change record\n\n```bash\n./deploy.sh --env prod --tag v6.2.1\n```\n",
    ),
    (
        "数据库备份恢复演练指南 Database backup restore drill",
        "runbook",
        "备份, DBA, backup",
        "每季度进行一次**数据库备份恢复演练**，验证 RPO/RTO。Every quarter we restore the nightly backup "
        "to a staging server and time it.\n\n```sql\nRESTORE DATABASE erp FROM DISK = 'D:\\backup\\erp_full.bak';\n```\n",
    ),
    (
        "新员工入职：开发环境配置 Onboarding: developer workstation",
        "how_to",
        "入职, onboarding",
        "安装 VPN 客户端、Git 与 IDE；申请代码仓库权限。Install the VPN client, Git and the IDE; ask for repository access.\n",
    ),
    (
        "事件复盘模板 Post-incident review template",
        "post_mortem",
        "复盘, template",
        "## 时间线 Timeline\n\n## 根因 Root cause\n\n## 改进项 Actions\n",
    ),
    (
        "信息安全红线 Security red lines",
        "faq",
        "安全, security",
        "- 不得将客户数据拷贝到个人设备 Never copy client data to personal devices\n"
        "- 生产密码只存放在密码库 Production passwords live only in the vault\n",
    ),
]
RUNBOOKS = [
    (
        "VPN 证书续期 VPN certificate renewal",
        "runbook",
        "VPN, 证书",
        "证书每年 3 月到期。The VPN certificate expires every March.\n\n1. 生成 CSR Generate the CSR\n"
        "2. 提交 CA 签发 Submit to the CA\n3. 在防火墙上替换证书 Replace it on the firewall\n",
        True,
    ),
    (
        "SAP 账号解锁常见问题 SAP account unlock FAQ",
        "faq",
        "SAP, 账号",
        "**问：密码输错被锁怎么办？ Q: Locked after wrong passwords?**\n\n答：自助门户解锁，或致电服务台 400-800-1234。"
        "A: Unlock it in the self-service portal or call the service desk.\n",
        True,
    ),
    (
        "夜间批处理失败处理 Nightly batch failure",
        "runbook",
        "批处理, batch",
        "检查 SM37 作业日志，重跑失败步骤。Check the SM37 job log and rerun the failed step.\n",
        True,
    ),
    (
        "内部升级联系人 Internal escalation contacts",
        "runbook",
        "升级, escalation",
        "二线：王强 138-0000-0001；三线：SAP Basis 值班。Second line: Wang Qiang; third line: SAP Basis on call.\n",
        False,
    ),
]
PROJECT_ARTICLES = {
    "NH-ERP": [
        (
            "物料主数据迁移校验规则 Material master migration checks",
            "how_to",
            "数据迁移, migration",
            "迁移前校验物料编码唯一、计量单位齐全。Check material codes are unique and units of measure complete.\n",
        ),
        (
            "已知问题：发票过账报错 F5 702 Known error: invoice posting F5 702",
            "known_error",
            "FI, 已知问题",
            "**现象 Symptom**：过账时报 F5 702。\n\n**临时方案 Workaround**：维护税码 J1 后重试。Maintain tax code J1 and retry.\n",
        ),
        (
            "单元测试规范 Unit test conventions",
            "how_to",
            "测试, ABAP",
            "ABAP Unit 覆盖率不低于 60%。Keep ABAP Unit coverage above 60%.\n",
        ),
        (
            "用户培训计划 End-user training plan",
            "how_to",
            "培训, training",
            "按模块分三轮培训：财务、采购、仓储。Three rounds by module: finance, purchasing, warehouse.\n",
        ),
        (
            "接口监控看板说明 Interface monitoring dashboard",
            "how_to",
            "接口, monitoring",
            "在 SLG1 与 AIF 中查看接口错误。Check interface errors in SLG1 and AIF.\n",
        ),
    ],
    "NH-AMS": [
        (
            "磁盘空间告警处理 Disk space alert",
            "runbook",
            "监控, disk",
            "清理 /var/log 下 30 天前日志。Clear logs older than 30 days under /var/log.\n\n```bash\nfind /var/log -mtime +30 -delete\n```\n",
        ),
        (
            "10 月 12 日 ERP 宕机复盘 ERP outage post-mortem 12 Oct",
            "post_mortem",
            "复盘, outage",
            "## 影响 Impact\n\nERP 不可用 47 分钟。ERP was down for 47 minutes.\n\n## 根因 Root cause\n\n"
            "数据库日志盘写满。The database log disk filled up.\n\n## 改进 Actions\n\n- 增加磁盘告警 Add disk alerts\n",
        ),
        (
            "已知问题：打印队列卡住 Known error: print queue stuck",
            "known_error",
            "打印, print",
            "**临时方案 Workaround**：重启 SPAD 输出设备。Restart the SPAD output device.\n",
        ),
    ],
    "DF-WMS": [
        (
            "WMS v6 升级割接清单 WMS v6 cut-over checklist",
            "how_to",
            "割接, cut-over",
            "冻结库存事务 → 备份 → 升级 → 盘点核对。Freeze stock moves → back up → upgrade → reconcile.\n",
        ),
    ],
}
LESSONS = [
    (
        "提前预约客户 DBA 资源 Book the client's DBA early",
        "planning",
        "project_close",
        "割接窗口当晚客户 DBA 另有任务，割接推迟 6 小时。The client's DBA was busy on cut-over night; we started 6 hours late.",
        "关键外部角色需在里程碑前两周书面确认。Confirm key outside roles in writing two weeks before a milestone.",
        "在割接计划模板中加入“外部资源确认”任务。Add an 'outside people confirmed' task to the cut-over template.",
    ),
    (
        "盘点核对脚本要先在副本上演练 Rehearse the reconciliation script",
        "technical",
        "retrospective",
        "核对脚本在生产数据量下运行了 3 小时。The reconciliation script took 3 hours on production volumes.",
        "性能问题只在真实数据量下暴露。Performance problems only show on real volumes.",
        "用生产副本完整演练一次。Rehearse once on a full production copy.",
    ),
    (
        "需求冻结后的变更要走变更控制 Changes after freeze go through change control",
        "process",
        "milestone",
        "UAT 期间接受了 12 个口头变更。We accepted 12 verbal changes during UAT.",
        "口头变更让范围和验收标准失控。Verbal changes made scope and acceptance criteria drift.",
        "",
    ),
]


def _members(project):
    return [m.user for m in project.memberships.filter(role="member").select_related("user")]


def seed_knowledge(demo) -> None:
    today = demo.today
    pmo, managers, engineers = demo.pmo, demo.managers, demo.engineers
    erp, ams, wms = demo.projects["NH-ERP"], demo.projects["NH-AMS"], demo.projects["DF-WMS"]

    for i, (title, kind, tags, body) in enumerate(HANDBOOK):
        services.article_create(
            actor=pmo, title=title, body=body, kind=kind, tags=tags,
            owner=(engineers + managers)[i % (len(engineers) + len(managers))],
            review_by=today + dt.timedelta(days=90 + 30 * i),
        )  # fmt: skip

    runbook_space = services.space_create(
        actor=pmo, name="宁海运维手册 Ninghai runbooks", client=demo.clients["ninghai"],
        client_visible=True,
        description="客户可阅读的运行手册与常见问题。Runbooks and FAQs the client may read.",
    )  # fmt: skip
    for title, kind, tags, body, visible in RUNBOOKS:
        services.article_create(
            actor=ams.manager, title=title, body=body, kind=kind, tags=tags,
            space=runbook_space, client_visible=visible, owner=ams.manager,
            review_by=today + dt.timedelta(days=120),
        )  # fmt: skip

    spaces = {}
    for code, project in (("NH-ERP", erp), ("NH-AMS", ams), ("DF-WMS", wms)):
        spaces[code] = services.space_create(
            actor=project.manager, name=f"{project.code} 项目知识 Project notes", project=project,
        )  # fmt: skip
        team = _members(project) or [project.manager]
        for i, (title, kind, tags, body) in enumerate(PROJECT_ARTICLES[code]):
            services.article_create(
                actor=team[i % len(team)], title=title, body=body, kind=kind, tags=tags,
                space=spaces[code], project=project if kind == "post_mortem" else None,
                review_by=today + dt.timedelta(days=60),
            )  # fmt: skip

    # Versions: the drill guide is revised twice (the diff page has something to show).
    drill = Article.objects.get(title__startswith="数据库备份恢复演练指南")
    services.article_update(
        actor=drill.owner or pmo, article=drill,
        data={"body": drill.body + "\n## 验收标准 Pass criteria\n\n- RTO ≤ 4 小时 hours\n- RPO ≤ 15 分钟 minutes\n"},
        note="补充验收标准 Added pass criteria",
    )  # fmt: skip
    drill.refresh_from_db()
    services.article_update(
        actor=pmo, article=drill,
        data={"body": drill.body.replace("每季度", "每两个月").replace("Every quarter", "Every two months")},
        note="演练频率调整 Drill more often",
    )  # fmt: skip

    # A stale one: the escalation list was due for review last month.
    stale = Article.objects.get(title__startswith="内部升级联系人")
    Article.objects.filter(pk=stale.pk).update(review_by=today - dt.timedelta(days=20))

    wms_team = _members(wms) or [wms.manager]
    lessons = [
        services.lesson_create(
            actor=wms_team[i % len(wms_team)],
            project=wms,
            title=title,
            category=category,
            captured_at=captured,
            what_happened=happened,
            what_we_learned=learned,
            recommendation=recommendation,
        )
        for i, (title, category, captured, happened, learned, recommendation) in enumerate(LESSONS)
    ]
    services.lesson_publish(actor=wms.manager, lesson=lessons[0], space=spaces["DF-WMS"])
