"""In a real browser: a manager uploads a large plan, follows its progress bar while the worker
imports it, and sees a broken file's problems listed by row."""

import threading

import pytest

from projects.models import Task
from projects.services import transfer as transfer_service
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def plan_csv(rows: int) -> bytes:
    lines = ["WBS,Name,Duration,Predecessors"]
    for phase in range(rows // 10):
        lines.append(f"{phase + 1},Phase {phase + 1},,")
        for step in range(1, 10):
            previous = f"{phase + 1}.{step - 1}FS" if step > 1 else ""
            lines.append(f"{phase + 1}.{step},Task {phase + 1}.{step},2,{previous}")
    return "\n".join(lines).encode()


def upload(page, project, name: str, data: bytes):
    page.goto(f"{page.base_url}/projects/{project.pk}/transfer/")
    page.set_input_files(
        "[data-testid=import-file]", files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    assert page.locator("input[name=format][value=csv]").is_checked()  # picked from the name
    page.get_by_test_id("import-submit").click()
    page.wait_for_url("**/transfer/?import=*")


def test_a_large_plan_imports_in_the_background_with_a_progress_bar(
    page, tenant_a, celery_worker, monkeypatch
):
    monkeypatch.setattr(transfer_service, "BACKGROUND_FROM_TASKS", 100)
    # Hold the worker once it has read the file, until the page has shown the progress bar.
    seen_bar = threading.Event()
    step = transfer_service._step

    def held_step(record, value, *, durable=True):
        step(record, value, durable=durable)
        if value == 25:
            assert seen_bar.wait(30), "the page never showed the progress bar"

    monkeypatch.setattr(transfer_service, "_step", held_step)
    sign_in(page, tenant_a.manager)
    upload(page, tenant_a.project, "big-plan.csv", plan_csv(200))

    row = page.get_by_test_id("plan-import").first
    progress = row.get_by_test_id("plan-import-progress")
    progress.wait_for()
    page.wait_for_function(
        "document.querySelector('[data-testid=plan-import-progress] [role=progressbar]')"
        ".getAttribute('aria-valuenow') === '25'"
    )
    assert "25%" in progress.inner_text()
    seen_bar.set()

    page.wait_for_selector("[data-testid=plan-import][data-status=done]", timeout=30_000)
    assert row.get_by_test_id("plan-import-counts").inner_text() == "200 tasks · 160 links"
    assert progress.count() == 0  # the finished row stopped polling and lost its bar
    assert Task.objects.filter(project=tenant_a.project).count() == 200


def test_a_broken_plan_shows_each_problem_with_its_row(page, tenant_a):
    sign_in(page, tenant_a.manager)
    data = b"Name,Duration,Predecessors,Assignee\nDesign,two weeks,,\nBuild,5,9,ghost\n"
    upload(page, tenant_a.project, "broken.csv", data)

    report = page.get_by_test_id("plan-import-problems")
    report.wait_for()
    assert "3 problems to fix, nothing was saved" in report.locator("summary").inner_text()
    problems = report.get_by_test_id("plan-import-problem").all_inner_texts()
    assert problems == [
        "Row 2\t“two weeks” is not a duration; write working days, e.g. 5d.",
        "Row 3\t“ghost” is not on the project team; add them on the project's overview first, "
        "or leave the task unassigned.",
        "Row 3\tThe predecessor 9 is not in the file.",
    ]
    assert "Nothing was imported" in page.locator(".alert").first.inner_text()
    assert not Task.objects.filter(project=tenant_a.project).exists()
