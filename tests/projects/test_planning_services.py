"""WBS, dependencies, scheduling, baselines and calendars, through the services."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.choices import ProjectRole
from ito_portal.core.errors import DomainError
from projects import services
from projects.choices import Health, TaskStatus
from projects.models import Dependency, Task, WorkCalendar
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 2)  # a Monday with no holiday nearby


@pytest.fixture
def project(member):
    project = ProjectFactory(start_date=MONDAY, end_date=dt.date(2026, 12, 31))
    project.engineer = member(project, ProjectRole.MEMBER)
    return project


def add(project, name, parent=None, **fields):
    return services.task_create(
        actor=project.manager, project=project, name=name, parent=parent, **fields
    )


def link(a, b, type="FS", lag=0):
    return services.dependency_create(
        actor=None, predecessor=a, successor=b, type=type, lag_days=lag
    )


def fresh(task):
    task.refresh_from_db()
    return task


def test_tasks_get_wbs_codes_from_the_tree(project):
    design = add(project, "Design")
    build = add(project, "Build")
    api = add(project, "API", parent=build)
    ui = add(project, "UI", parent=build)
    assert [fresh(t).wbs for t in (design, build, api, ui)] == ["1", "2", "2.1", "2.2"]
    assert fresh(build).is_summary and not fresh(design).is_summary


def test_codes_stay_right_after_moves_indents_and_outdents(project):
    a, b, c = add(project, "A"), add(project, "B"), add(project, "C")
    services.task_indent(actor=None, task=b)
    assert [fresh(t).wbs for t in (a, b, c)] == ["1", "1.1", "2"]
    services.task_indent(actor=None, task=fresh(c))
    assert fresh(c).wbs == "1.2"
    services.task_move(actor=None, task=fresh(c), parent=fresh(a), position=0)
    assert [fresh(t).wbs for t in (c, b)] == ["1.1", "1.2"]
    services.task_outdent(actor=None, task=fresh(c))
    assert [fresh(t).wbs for t in (a, b, c)] == ["1", "1.1", "2"]
    assert not fresh(c).is_summary


def test_a_task_cannot_move_under_its_own_subtask(project):
    parent = add(project, "Parent")
    child = add(project, "Child", parent=parent)
    with pytest.raises(DomainError, match="under itself"):
        services.task_move(actor=None, task=fresh(parent), parent=child)


def test_tasks_are_scheduled_on_working_days_with_fs_links(project):
    a = add(project, "A", duration_days=3)
    b = add(project, "B", duration_days=2)
    link(a, b)
    assert (fresh(a).start_date, fresh(a).finish_date) == (MONDAY, dt.date(2026, 11, 4))
    assert (fresh(b).start_date, fresh(b).finish_date) == (
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 6),
    )
    project.refresh_from_db()
    assert project.scheduled_finish == dt.date(2026, 11, 6)
    assert fresh(a).is_critical and fresh(b).is_critical


def test_a_milestone_after_fs_falls_on_the_predecessors_finish(project):
    a = add(project, "A", duration_days=3)
    gate = add(project, "Gate", duration_days=0)
    link(a, gate)
    assert fresh(gate).start_date == fresh(gate).finish_date == dt.date(2026, 11, 4)


def test_lags_are_working_days_and_may_be_negative(project):
    a = add(project, "A", duration_days=5)
    b = add(project, "B", duration_days=1)
    link(a, b, lag=-2)
    # A finishes on Friday 6; B may start two working days before A's finish: Thursday 5.
    assert fresh(b).start_date == dt.date(2026, 11, 5)


def test_the_chinese_calendar_skips_holidays_and_works_on_tiaoxiu_weekends():
    project = ProjectFactory(start_date=dt.date(2026, 2, 12))  # Thursday before Spring Festival
    task = services.task_create(actor=None, project=project, name="Cutover", duration_days=4)
    # Thu 12, Fri 13, Sat 14 (调休 working day), then the holiday until Tue 24.
    assert fresh(task).finish_date == dt.date(2026, 2, 24)


def test_summaries_roll_up_dates_effort_and_weighted_progress(project):
    phase = add(project, "Phase")
    a = add(project, "A", parent=phase, duration_days=2, effort_hours=Decimal(30))
    b = add(project, "B", parent=phase, duration_days=4, effort_hours=Decimal(10))
    link(a, b)
    services.task_update(actor=None, task=fresh(a), data={"percent_complete": 100})
    phase = fresh(phase)
    assert phase.start_date == fresh(a).start_date
    assert phase.finish_date == fresh(b).finish_date
    assert phase.effort_hours == Decimal(40)
    assert phase.percent_complete == 75  # weighted by effort: 30 of 40 hours are done
    project.refresh_from_db()
    assert project.percent_complete == 75


def test_a_summary_cannot_be_scheduled_directly(project):
    phase = add(project, "Phase")
    add(project, "Work", parent=phase, duration_days=3)
    with pytest.raises(DomainError) as error:
        services.task_update(actor=None, task=fresh(phase), data={"duration_days": 10})
    assert "duration_days" in error.value.errors


def test_a_link_that_would_loop_is_refused_naming_the_tasks(project):
    a, b, c = add(project, "Alpha"), add(project, "Beta"), add(project, "Gamma")
    link(a, b)
    link(b, c)
    with pytest.raises(DomainError) as error:
        link(fresh(c), fresh(a))
    message = error.value.messages[0]
    assert "Alpha" in message and "Beta" in message and "Gamma" in message
    assert Dependency.objects.count() == 2


def test_a_task_cannot_be_linked_to_its_own_summary(project):
    phase = add(project, "Phase")
    work = add(project, "Work", parent=phase)
    with pytest.raises(DomainError, match="own summary"):
        link(fresh(phase), work)


def test_a_loop_through_a_summary_is_refused(project):
    phase = add(project, "Phase")
    inner = add(project, "Inner", parent=phase)
    outside = add(project, "Outside")
    link(fresh(phase), outside)  # everything in Phase comes before Outside
    with pytest.raises(DomainError, match="loop"):
        link(outside, inner)


def test_constraints_need_a_date_and_pin_the_task(project):
    with pytest.raises(DomainError) as error:
        add(project, "Go-live", constraint_type="mso")
    assert "constraint_date" in error.value.errors
    live = add(
        project,
        "Go-live",
        duration_days=1,
        constraint_type="mso",
        constraint_date=dt.date(2026, 11, 20),
    )
    assert fresh(live).start_date == dt.date(2026, 11, 20)


def test_status_and_progress_stay_consistent(project):
    task = add(project, "Work", duration_days=2)
    services.task_update(actor=None, task=task, data={"percent_complete": 40})
    assert fresh(task).status == TaskStatus.IN_PROGRESS
    services.task_update(actor=None, task=fresh(task), data={"status": TaskStatus.DONE})
    assert fresh(task).percent_complete == 100


def test_assignees_must_be_on_the_team(project):
    from tests.factories import UserFactory

    with pytest.raises(DomainError) as error:
        add(project, "Work", assignee=UserFactory())
    assert "assignee" in error.value.errors
    assert add(project, "Work", assignee=project.engineer).assignee == project.engineer


def test_a_task_with_logged_time_cannot_be_deleted(project):
    task = add(project, "Work", duration_days=1)
    services.time_entry_log(actor=project.engineer, task=task, date=MONDAY, hours=Decimal(4))
    with pytest.raises(DomainError, match="logged"):
        services.task_delete(actor=None, task=task)
    assert Task.objects.filter(pk=task.pk).exists()


def test_deleting_a_summary_deletes_its_branch_and_renumbers(project):
    phase = add(project, "Phase")
    add(project, "Inside", parent=phase)
    last = add(project, "Last")
    services.task_delete(actor=None, task=fresh(phase))
    assert list(Task.objects.filter(project=project).values_list("name", flat=True)) == ["Last"]
    assert fresh(last).wbs == "1"


def test_baselines_measure_the_slip_and_turn_health_amber_then_red(project, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 11, 1))
    work = add(project, "Work", duration_days=5)
    services.baseline_save(actor=None, project=project, name="Signed plan")
    project.refresh_from_db()
    assert project.finish_variance_days == 0
    assert project.health == Health.GREEN
    services.task_update(actor=None, task=fresh(work), data={"duration_days": 7})
    project.refresh_from_db()
    assert project.finish_variance_days == 2
    assert project.health == Health.AMBER
    services.task_update(actor=None, task=fresh(work), data={"duration_days": 20})
    project.refresh_from_db()
    assert project.health == Health.RED


def test_late_tasks_make_the_project_amber(project):
    add(project, "Overdue", duration_days=1)
    from projects.scheduler import project_reschedule

    project_reschedule(project, today=dt.date(2026, 11, 10))
    project.refresh_from_db()
    assert project.late_task_count == 1
    assert project.health == Health.AMBER


def test_approved_hours_roll_up_as_actuals(project, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 11, 9))
    phase = add(project, "Phase")
    task = add(project, "Work", parent=phase, duration_days=3)
    services.time_entry_log(actor=project.engineer, task=task, date=MONDAY, hours=Decimal("7.5"))
    services.time_entry_log(
        actor=project.engineer, task=task, date=dt.date(2026, 11, 3), hours=Decimal(2)
    )
    [submission] = services.week_submit(actor=project.engineer, week_start=MONDAY)
    assert fresh(task).actual_hours == 0  # not approved yet
    with pytest.raises(DomainError, match="submitted"):
        services.time_entry_log(actor=project.engineer, task=task, date=MONDAY, hours=Decimal(1))
    services.week_approve(actor=project.manager, submission=submission)
    assert fresh(task).actual_hours == Decimal("9.5")
    assert fresh(phase).actual_hours == Decimal("9.5")
    with pytest.raises(DomainError, match="approved and locked"):
        services.time_entry_log(actor=project.engineer, task=task, date=MONDAY, hours=Decimal(1))
    services.week_reopen(actor=project.manager, submission=submission, comment="wrong task")
    assert fresh(task).actual_hours == 0
    services.time_entry_log(actor=project.engineer, task=task, date=MONDAY, hours=Decimal(1))


def test_a_day_has_24_hours(project, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 11, 9))
    a = add(project, "A")
    b = add(project, "B")
    services.time_entry_log(actor=project.engineer, task=a, date=MONDAY, hours=Decimal(20))
    with pytest.raises(DomainError, match="24"):
        services.time_entry_log(actor=project.engineer, task=b, date=MONDAY, hours=Decimal(5))


def test_time_cannot_be_logged_in_the_future_or_by_outsiders(project, tenant_b):
    task = add(project, "A")
    with pytest.raises(DomainError):
        services.time_entry_log(
            actor=project.engineer, task=task, date=dt.date(2099, 1, 1), hours=Decimal(1)
        )
    with pytest.raises(DomainError):
        services.time_entry_log(actor=tenant_b.member, task=task, date=MONDAY, hours=Decimal(1))


def test_calendar_edits_reschedule_its_projects_in_the_worker(
    project, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "projects.tasks.reschedule_projects_task.delay", lambda **kwargs: queued.append(kwargs)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_exception_set(
            actor=None,
            calendar=project.calendar,
            date=dt.date(2026, 11, 3),
            working=False,
            name="Company day",
        )
    assert queued == [{"project_ids": [project.pk]}]


def test_the_default_calendar_knows_chinese_holidays():
    calendar = WorkCalendar.objects.default()
    engine = calendar.to_engine()
    assert not engine.is_working(dt.date(2026, 10, 1))  # National Day
    assert engine.is_working(dt.date(2026, 9, 20))  # a Sunday worked in exchange (调休)


def test_the_nightly_refresh_is_a_database_schedule_of_a_registered_task():
    from django_celery_beat.models import PeriodicTask

    from ito_portal.celery import app

    app.loader.import_default_modules()
    task = PeriodicTask.objects.get(task="projects.tasks.refresh_open_projects_task")
    assert task.enabled and task.crontab.hour == "1"
    assert task.task in app.tasks
