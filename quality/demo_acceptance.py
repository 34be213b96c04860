"""Demo data for test management and client acceptance (NH-ERP): two integration-test suites,
two runs of the finance suite (the first with failures linked to defects, the re-run passing),
and a deliverable accepted after one rejection with the client's comments."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from projects import services as project_services
from projects.choices import DeliverableStatus
from projects.models import Deliverable

from .models import AcceptanceAction, AcceptanceDecision, Defect, TestRun
from .services import acceptance as acceptance_services
from .services import testing as testing_services
from .services.defects import defect_transition

SUITES = [
    ("集成测试 · 财务 Integration tests · Finance", [
        ("总账凭证过账 Post a general-ledger journal", "录入并过账一张凭证\nEnter and post a journal",
         "凭证已过账，余额更新 Journal posted, balances updated"),
        ("应付发票校验 Three-way match of a supplier invoice", "采购订单 → 收货 → 发票\nPO → GR → invoice",
         "差异在容差内自动过账 Posted automatically within tolerance"),
        ("月末结账 Month-end close", "运行结账清单\nRun the closing cockpit",
         "全部步骤绿灯 Every step green"),
        ("固定资产折旧 Asset depreciation run", "运行折旧\nRun depreciation",
         "折旧过账到成本中心 Posted to the cost centres"),
        ("银行对账导入 Bank statement import", "导入 MT940 文件\nImport an MT940 file",
         "自动匹配率 ≥ 90% At least 90% matched automatically"),
    ]),
    ("集成测试 · 采购到付款 Integration tests · Procure to pay", [
        ("创建采购申请 Create a purchase requisition", "", "审批流触发 Approval starts"),
        ("转采购订单 Convert to a purchase order", "", "订单发送给供应商 Order sent"),
        ("收货 Goods receipt", "", "库存增加 Stock increases"),
        ("付款运行 Payment run", "", "付款文件生成 Payment file created"),
    ]),
]  # fmt: skip
# The first run of the finance suite: (outcome, note) per case.
FIRST_RUN = [
    ("pass", ""),
    ("fail", "价格差异未进入容差科目 The price variance went to the wrong account"),
    ("fail", "结账清单第 7 步报错 Step 7 of the closing cockpit fails"),
    ("pass", ""),
    ("blocked", "等待银行测试文件 Waiting for the bank's test file"),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _backdate_run(run: TestRun, start: dt.datetime) -> None:
    TestRun.objects.filter(pk=run.pk).update(
        started_at=start, finished_at=start + dt.timedelta(hours=6)
    )
    run.results.update(recorded_at=start + dt.timedelta(hours=2))


def seed_tests(demo, project) -> None:
    manager = project.manager
    tester = (
        project.memberships.filter(role="member").select_related("user").order_by("user__username")
    ).first()
    tester = tester.user if tester else manager
    sit = Deliverable.objects.filter(project=project, name__contains="Integration test").first()
    suites = []
    for name, cases in SUITES:
        suite = testing_services.suite_create(
            actor=manager, project=project, name=name, deliverable=sit
        )
        for title, steps, expected in cases:
            testing_services.case_create(
                actor=manager, suite=suite, title=title, steps=steps, expected_result=expected
            )
        suites.append(suite)
    finance = suites[0]

    first = testing_services.run_start(actor=tester, suite=finance, environment="QAS 质量系统")
    results = list(first.results.order_by("case__position"))
    for result, (outcome, note) in zip(results, FIRST_RUN, strict=True):
        testing_services.result_record(actor=tester, result=result, outcome=outcome, note=note)
        if outcome == "fail":
            testing_services.result_open_defect(actor=tester, result=result)
    testing_services.run_finish(actor=tester, run=first)
    _backdate_run(first, _at(demo.today - dt.timedelta(days=12), 9))

    # The first defect is fixed, the second still worked on.
    defects = list(Defect.objects.filter(test_results__run=first).order_by("number"))
    if defects:
        fixed = defects[0]
        defect_transition(actor=manager, defect=fixed, status="in_progress")
        defect_transition(
            actor=tester, defect=fixed, status="resolved",
            resolution="容差科目配置已更正 Tolerance account corrected",
        )  # fmt: skip
        Defect.objects.filter(pk=fixed.pk).update(
            created_at=_at(demo.today - dt.timedelta(days=12), 11),
            resolved_at=_at(demo.today - dt.timedelta(days=8), 16),
        )
        Defect.objects.filter(pk__in=[d.pk for d in defects[1:]]).update(
            created_at=_at(demo.today - dt.timedelta(days=12), 11)
        )

    # The re-run after the fix, shown to the client.
    second = testing_services.run_start(
        actor=tester, suite=finance, environment="QAS 质量系统", client_visible=True
    )
    second_outcomes = ["pass", "pass", "fail", "pass", "pass"]
    for result, outcome in zip(
        second.results.order_by("case__position"), second_outcomes, strict=True
    ):
        note = FIRST_RUN[2][1] if outcome == "fail" else ""
        testing_services.result_record(actor=tester, result=result, outcome=outcome, note=note)
    # The still-failing close step points at the defect already open for it.
    still = second.results.filter(outcome="fail").first()
    if still is not None and len(defects) > 1:
        still.defect = defects[1]
        still.save(update_fields=["defect"])
    testing_services.run_finish(actor=tester, run=second)
    _backdate_run(second, _at(demo.today - dt.timedelta(days=5), 9))


def seed_acceptance_history(demo, project) -> None:
    """A deliverable rejected once with comments, reworked and accepted; and the submission
    of the training materials (seeded by clients/demo.py) on record."""
    manager = project.manager
    contact = project.memberships.filter(role="client_contact").select_related("user").first().user
    strategy = project_services.deliverable_create(
        actor=manager, project=project, name="数据迁移策略 Data migration strategy",
        due_date=demo.today - dt.timedelta(days=10),
        acceptance_criteria="覆盖全部主数据对象\nEvery master-data object covered\n"
        "含对账与回退步骤\nReconciliation and rollback steps included",
    )  # fmt: skip
    day = demo.today - dt.timedelta(days=20)
    steps = [
        (AcceptanceAction.SUBMIT, manager, "初稿请审阅 First version for your review", 0),
        (AcceptanceAction.REJECT, contact,
         "缺少供应商主数据的清洗规则，对账步骤不够具体。\nThe vendor master cleansing rules are "
         "missing and the reconciliation steps are too vague.", 3),
        (AcceptanceAction.SUBMIT, manager,
         "已补充清洗规则与逐表对账清单 Cleansing rules and a table-by-table reconciliation "
         "checklist added", 7),
        (AcceptanceAction.ACCEPT, contact, "同意，按此执行 Agreed, go ahead", 9),
    ]  # fmt: skip
    for action, actor, comment, offset in steps:
        acceptance_services.acceptance_act(
            actor=actor, deliverable=strategy, action=action, comment=comment,
            at=_at(day + dt.timedelta(days=offset), 10 + offset % 5),
        )  # fmt: skip

    # The training materials were created already submitted: record that submission once.
    waiting = Deliverable.objects.filter(
        project=project, status=DeliverableStatus.SUBMITTED, acceptance_decisions__isnull=True
    )
    for deliverable in waiting:
        AcceptanceDecision.objects.create(
            deliverable=deliverable, action=AcceptanceAction.SUBMIT, decided_by=manager,
            comment="", decided_at=_at(demo.today - dt.timedelta(days=2), 15),
        )  # fmt: skip


def seed_testing_and_acceptance(demo) -> None:
    """NH-ERP's test suites and runs, and its acceptance history (after plans and clients)."""
    project = demo.projects.get("NH-ERP")
    if project is None:
        return
    seed_tests(demo, project)
    seed_acceptance_history(demo, project)
