"""Test management pages: a project's suites and cases, and one test run recorded with htmx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page
from projects.models import Project

from ..models import TestCase, TestResult, TestRun, TestSuite
from ..permissions import OPEN_DEFECT_FROM_TEST, RECORD_TESTRESULT
from ..services import testing as services
from ..testing_forms import TestCaseForm, TestResultForm, TestRunForm, TestSuiteForm

LIST = "quality/test_list.html"
RUN = "quality/test_run.html"


def _invalid(request) -> int:
    # htmx swaps 2xx answers only: the re-rendered form with its errors must arrive as 200.
    return 200 if getattr(request, "htmx", False) else 400


# --- suites and cases ---------------------------------------------------------------------------


def _project(request, project_id: int) -> Project:
    project = access.get_visible_or_404(
        request.user, Project.objects.select_related("client"), pk=project_id
    )
    access.require(request.user, "quality.view_testsuite", project)
    return project


def _list(
    request, project, *, status=200, suite_form=None, case_forms=None, trigger=None, error=None
):
    user = request.user
    suites = list(services.suite_list(user=user, project=project))
    may_add = access.can(user, "quality.add_testsuite", project)
    case_forms = case_forms or {}
    for suite in suites:
        suite.case_form = case_forms.get(suite.pk) or (
            TestCaseForm(prefix=f"case-{suite.pk}") if may_add else None
        )
        suite.last_run = suite.visible_runs[0] if suite.visible_runs else None
    context = {
        "project": project,
        "suites": suites,
        "may_add": may_add,
        "may_run": access.can(user, "quality.add_testrun", project),
        "suite_form": suite_form
        or (TestSuiteForm(project=project, prefix="suite") if may_add else None),
        "run_form": TestRunForm(prefix="run"),
        "error": error,
    }
    return render_page(
        request, LIST, context, partial="test-suites", status=status, trigger=trigger
    )


@login_required
@require_GET
def test_list(request, project_id: int):
    """The project's test suites with their cases and latest runs (the vendor's team)."""
    return _list(request, _project(request, project_id))


@login_required
@require_POST
def testsuite_create(request, project_id: int):
    project = _project(request, project_id)
    access.require(request.user, "quality.add_testsuite", project)
    form = TestSuiteForm(request.POST, project=project, prefix="suite")
    if form.is_valid():
        try:
            services.suite_create(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return _list(request, project, trigger="testsuite:created")
    return _list(request, project, status=_invalid(request), suite_form=form)


def _suite(request, testsuite_id: int, code: str) -> TestSuite:
    suite = access.get_visible_or_404(
        request.user, TestSuite.objects.select_related("project__client"), pk=testsuite_id
    )
    access.require(request.user, code, suite)
    return suite


@login_required
@require_POST
def testcase_create(request, testsuite_id: int):
    suite = _suite(request, testsuite_id, "quality.add_testcase")
    form = TestCaseForm(request.POST, prefix=f"case-{suite.pk}")
    if form.is_valid():
        try:
            services.case_create(actor=request.user, suite=suite, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return _list(request, suite.project, trigger="testcase:created")
    return _list(request, suite.project, status=_invalid(request), case_forms={suite.pk: form})


@login_required
@require_POST
def testcase_delete(request, testcase_id: int):
    case = access.get_visible_or_404(
        request.user, TestCase.objects.select_related("suite__project"), pk=testcase_id
    )
    access.require(request.user, "quality.delete_testcase", case)
    project = case.suite.project
    try:
        services.case_delete(actor=request.user, case=case)
    except DomainError as exc:
        return _list(request, project, status=_invalid(request), error=exc.messages)
    return _list(request, project, trigger="testcase:deleted")


@login_required
@require_POST
def testrun_start(request, testsuite_id: int):
    """Start a run of the suite and open it."""
    suite = _suite(request, testsuite_id, "quality.add_testrun")
    form = TestRunForm(request.POST, prefix="run")
    form.is_valid()
    try:
        run = services.run_start(
            actor=request.user,
            suite=suite,
            environment=form.cleaned_data.get("environment", ""),
            client_visible=form.cleaned_data.get("client_visible", False),
        )
    except DomainError as exc:
        return _list(request, suite.project, status=_invalid(request), error=exc.messages)
    url = reverse("quality:testrun_detail", kwargs={"testrun_id": run.pk})
    if getattr(request, "htmx", False):
        response = HttpResponseRedirect(url)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


# --- one run ------------------------------------------------------------------------------------


def _run(request, testrun_id: int) -> TestRun:
    return access.get_visible_or_404(
        request.user,
        TestRun.objects.select_related("suite__project__client", "suite__deliverable", "run_by"),
        pk=testrun_id,
    )


def _run_page(request, run: TestRun, *, status=200, error=None, trigger=None):
    results = services.run_results(user=request.user, run=run)
    user = request.user
    may_record = not run.is_finished and access.can(user, "quality.change_testrun", run)
    context = {
        "project": run.suite.project,
        "run": run,
        "results": results,
        "summary": services.run_summary(results),
        "may_record": may_record,
        "may_open_defect": access.can(user, OPEN_DEFECT_FROM_TEST, run.suite),
        "may_finish": may_record,
        "outcomes": TestResultForm.base_fields["outcome"].choices,
        "error": error,
    }
    return render_page(
        request, RUN, context, partial="testrun-body", status=status, trigger=trigger
    )


@login_required
@require_GET
def testrun_detail(request, testrun_id: int):
    """One run: the outcome of each case, failures linked to defects."""
    return _run_page(request, _run(request, testrun_id))


def _result(request, testresult_id: int, code: str) -> TestResult:
    result = access.get_visible_or_404(
        request.user,
        TestResult.objects.select_related("run__suite__project", "run__suite__deliverable", "case"),
        pk=testresult_id,
    )
    access.require(request.user, code, result)
    return result


@login_required
@require_POST
def testresult_record(request, testresult_id: int):
    result = _result(request, testresult_id, RECORD_TESTRESULT)
    form = TestResultForm(request.POST)
    run = result.run
    if not form.is_valid():
        return _run_page(request, run, status=_invalid(request), error=form.errors.get("outcome"))
    try:
        services.result_record(
            actor=request.user,
            result=result,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"] if "note" in request.POST else None,
        )
    except DomainError as exc:
        return _run_page(request, run, status=_invalid(request), error=exc.messages)
    return _run_page(request, run, trigger="testresult:recorded")


@login_required
@require_POST
def testresult_open_defect(request, testresult_id: int):
    """Open a defect for a failed result in one click (found in a test run)."""
    result = _result(request, testresult_id, OPEN_DEFECT_FROM_TEST)
    access.require(request.user, "quality.add_defect", result.run.suite.project)
    try:
        services.result_open_defect(actor=request.user, result=result)
    except DomainError as exc:
        return _run_page(request, result.run, status=_invalid(request), error=exc.messages)
    return _run_page(request, result.run, trigger="defect:created")


@login_required
@require_POST
def testrun_finish(request, testrun_id: int):
    run = _run(request, testrun_id)
    access.require(request.user, "quality.change_testrun", run)
    try:
        services.run_finish(actor=request.user, run=run)
    except DomainError as exc:
        return _run_page(request, run, status=_invalid(request), error=exc.messages)
    return _run_page(request, run, trigger="testrun:finished")
