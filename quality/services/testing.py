"""Writes to test suites, cases, runs and results: validated, atomic, audited."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.models import Deliverable, Project

from ..models import TestCase, TestOutcome, TestResult, TestRun, TestSuite

SUITE_FIELDS = ("name", "description", "deliverable")
CASE_FIELDS = ("title", "steps", "expected_result", "position")


def _check_deliverable(project: Project, deliverable: Deliverable | None) -> None:
    if deliverable is not None and deliverable.project_id != project.pk:
        raise DomainError(_("Choose a deliverable of this project."), field="deliverable")


def _require_name(value: str, field: str) -> None:
    if not str(value or "").strip():
        raise DomainError(_("This field is required."), field=field)


@transaction.atomic
def suite_create(
    *,
    actor: User | None,
    project: Project,
    name: str,
    deliverable: Deliverable | None = None,
    description: str = "",
) -> TestSuite:
    """A new suite of the project, optionally for one of its deliverables."""
    _require_name(name, "name")
    _check_deliverable(project, deliverable)
    suite = TestSuite.objects.create(
        project=project,
        deliverable=deliverable,
        name=name.strip(),
        description=description,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        obj=suite,
        action=AuditAction.CREATE,
        changes=audit.snapshot(suite, ["name", "deliverable"]),
    )
    return suite


@transaction.atomic
def suite_update(*, actor: User | None, suite: TestSuite, data: dict) -> TestSuite:
    unknown = set(data) - set(SUITE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if "name" in data:
        _require_name(data["name"], "name")
    if "deliverable" in data:
        _check_deliverable(suite.project, data["deliverable"])
    audit.save_changes(instance=suite, actor=actor, data=data)
    return suite


@transaction.atomic
def case_create(
    *,
    actor: User | None,
    suite: TestSuite,
    title: str,
    steps: str = "",
    expected_result: str = "",
    position: int | None = None,
) -> TestCase:
    """A new case, by default at the end of its suite."""
    _require_name(title, "title")
    if position is None:
        last = suite.cases.aggregate(last=Max("position"))["last"]
        position = 1 if last is None else last + 1
    case = TestCase.objects.create(
        suite=suite,
        title=title.strip(),
        steps=steps,
        expected_result=expected_result,
        position=position,
        created_by=actor,
    )
    audit.record(
        actor=actor, obj=case, action=AuditAction.CREATE, changes=audit.snapshot(case, ["title"])
    )
    return case


@transaction.atomic
def case_update(*, actor: User | None, case: TestCase, data: dict) -> TestCase:
    unknown = set(data) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if "title" in data:
        _require_name(data["title"], "title")
    audit.save_changes(instance=case, actor=actor, data=data)
    return case


@transaction.atomic
def case_delete(*, actor: User | None, case: TestCase) -> None:
    """Delete a case that was never run; one with results is history and stays."""
    if case.results.exclude(outcome=TestOutcome.NOT_RUN).exists():
        raise DomainError(_("This test case has recorded results and cannot be deleted."))
    audit.record(actor=actor, obj=case, action=AuditAction.DELETE)
    case.delete()


@transaction.atomic
def run_start(
    *,
    actor: User | None,
    suite: TestSuite,
    environment: str = "",
    client_visible: bool = False,
) -> TestRun:
    """A new run of `suite`, with one "not run" result per case to fill in."""
    cases = list(suite.cases.only("pk"))
    if not cases:
        raise DomainError(_("Add at least one test case before running the suite."))
    run = TestRun.objects.create(
        suite=suite,
        run_by=actor,
        environment=environment.strip(),
        started_at=timezone.now(),
        client_visible=client_visible,
        created_by=actor,
    )
    TestResult.objects.bulk_create([TestResult(run=run, case=case) for case in cases])
    audit.record(
        actor=actor,
        obj=run,
        action=AuditAction.CREATE,
        changes=audit.snapshot(run, ["suite", "environment", "client_visible"]),
    )
    return run


@transaction.atomic
def run_update(*, actor: User | None, run: TestRun, data: dict) -> TestRun:
    unknown = set(data) - {"environment", "client_visible"}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    audit.save_changes(instance=run, actor=actor, data=data)
    return run


@transaction.atomic
def run_finish(*, actor: User | None, run: TestRun) -> TestRun:
    """Close the run; its results are then final."""
    if run.is_finished:
        raise DomainError(_("This test run is already finished."))
    audit.save_changes(instance=run, actor=actor, data={"finished_at": timezone.now()})
    return run


@transaction.atomic
def result_record(
    *, actor: User | None, result: TestResult, outcome: str, note: str | None = None
) -> TestResult:
    """Record the outcome of one case in an open run."""
    # Re-read the run under a lock: finishing it and recording on it must not cross.
    run = TestRun.objects.select_for_update().get(pk=result.run_id)
    if run.is_finished:
        raise DomainError(_("This test run is finished: its results can no longer change."))
    if outcome not in TestOutcome.values:
        raise DomainError(_("Choose pass, fail, blocked or not run."), field="outcome")
    data = {"outcome": outcome}
    if note is not None:
        data["note"] = note
    changes = audit.apply_changes(result, data)
    if changes:
        result.recorded_by = actor
        result.recorded_at = timezone.now()
        result.save(update_fields=[*changes, "recorded_by", "recorded_at"])
        audit.record(actor=actor, obj=result, action=AuditAction.UPDATE, changes=changes)
    return result


@transaction.atomic
def result_open_defect(*, actor: User | None, result: TestResult):
    """Open a defect for a failed result (found in a test run) and link it; once only."""
    if result.outcome != TestOutcome.FAILED:
        raise DomainError(_("Only a failed test result opens a defect."))
    if result.defect_id is not None:
        raise DomainError(_("A defect is already linked to this result."))
    case, run = result.case, result.run
    suite = run.suite
    description = "\n\n".join(
        part
        for part in (
            _("Test run: %(suite)s #%(run)s") % {"suite": suite.name, "run": run.pk},
            case.steps and _("Steps:") + "\n" + case.steps,
            case.expected_result and _("Expected:") + "\n" + case.expected_result,
            result.note and _("Observed:") + "\n" + result.note,
        )
        if part
    )
    defect = _create_defect(
        actor=actor,
        project=suite.project,
        deliverable=suite.deliverable,
        title=_("Test failed: %(case)s") % {"case": case.title},
        description=description,
        source=_("Test run: %(suite)s #%(run)s") % {"suite": suite.name, "run": run.pk},
    )
    result.defect = defect
    result.save(update_fields=["defect"])
    audit.record(
        actor=actor,
        obj=result,
        action=AuditAction.UPDATE,
        changes={"defect": {"old": None, "new": audit.jsonable(defect)}},
    )
    return defect


def _create_defect(*, actor, project, deliverable, title: str, description: str, source: str):
    """Through the defects service (severity "major", found in a test run)."""
    from ..models import DefectSeverity, FoundIn
    from .defects import defect_create

    return defect_create(
        actor=actor,
        project=project,
        deliverable=deliverable,
        title=title[:300],
        description=description,
        source=source[:300],
        severity=DefectSeverity.MAJOR,
        found_in=FoundIn.TEST_RUN,
    )


# --- reads (selectors) --------------------------------------------------------------------------


def suite_list(*, user: User, project: Project):
    """The project's suites the user sees, with their cases and latest visible runs."""
    from django.db.models import Prefetch

    from accounts import access

    runs = access.visible(user, TestRun).select_related("run_by").order_by("-started_at", "-pk")
    return (
        access.visible(user, TestSuite)
        .filter(project=project)
        .select_related("deliverable")
        .prefetch_related(
            Prefetch("cases", queryset=TestCase.objects.order_by("position", "pk")),
            Prefetch("runs", queryset=runs, to_attr="visible_runs"),
        )
        .order_by("name", "pk")
    )


def run_summary(results) -> dict[str, int]:
    """{outcome: count} for a run's results, with "total"."""
    counts = dict.fromkeys(TestOutcome.values, 0)
    for result in results:
        counts[result.outcome] += 1
    counts["total"] = sum(counts.values())
    return counts


def run_results(*, user: User, run: TestRun):
    """A run's results in case order, with their cases and defects (the user sees the run)."""
    from accounts import access

    return list(
        access.visible(user, TestResult)
        .filter(run=run)
        .select_related("case", "defect", "recorded_by")
        .order_by("case__position", "case_id")
    )
