"""Plan import and export: CSV, Excel and MS Project XML, through the service, the worker,
the pages and the API."""

import datetime as dt
import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditEntry
from projects import services, transfer
from projects.models import CalendarException, Dependency, PlanImport, Task, WorkCalendar
from projects.services import transfer as transfer_service
from projects.tasks import plan_import_task
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SAMPLES = Path("/work/shared/samples/mspdi")
NS = "{http://schemas.microsoft.com/project}"

GOOD_CSV = """ID,WBS,Name,Duration,Predecessors,Constraint,Constraint date,Assignee,Effort (hours),Client visible
1,1,Design,,,,,,,yes
2,1.1,Workshop,3d,,,,{member},24,yes
3,1.2,Architecture,5,2FS+1d,,,,,
4,2,Build,,,,,,,
5,2.1,Interfaces,2w,3,snet,2026-11-16,,80,
6,2.2,Test plan,16h,5SS+2d,,,,,
7,2.3,Sign-off,0,"5FF, 6",,,,,yes
"""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(data: bytes | str, name: str = "plan.csv") -> SimpleUploadedFile:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return SimpleUploadedFile(name, data)


def import_plan(tenant, data, format="csv", *, project=None, name=None, **options):
    return services.plan_import_start(
        actor=tenant.manager,
        project=project or tenant.project,
        file=upload(data, name or f"plan.{transfer.EXTENSIONS[format]}"),
        format=format,
        **options,
    )


def good_csv(tenant) -> str:
    return GOOD_CSV.format(member=tenant.member.username)


def tasks_of(project) -> dict[str, Task]:
    return {t.name: t for t in Task.objects.filter(project=project).select_related("assignee")}


def links_of(project) -> set[tuple]:
    return set(
        Dependency.objects.filter(project=project).values_list(
            "predecessor__name", "successor__name", "type", "lag_days"
        )
    )


def report_lines(plan_import, kind="problems") -> list[str]:
    return [
        f"{line['place']}: {line['text']}"
        for line in services.plan_import_messages(plan_import)[kind]
    ]


# --- reading cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", [("3", "FS", 0)]),
        ("3FS+2d, 5SS", [("3", "FS", 2), ("5", "SS", 0)]),
        ("7ff-1d;2sf", [("7", "FF", -1), ("2", "SF", 0)]),
        ("4SS+1w", [("4", "SS", 5)]),
        ("4FS+16h", [("4", "FS", 2)]),
        ("3完成-开始+2 个工作日，5开始-开始", [("3", "FS", 2), ("5", "SS", 0)]),
        ("1.2FS", [("1.2", "FS", 0)]),
        ("", []),
    ],
)
def test_predecessors_read_as_ms_project_writes_them(text, expected):
    assert transfer.columns.parse_predecessors(text) == expected


@pytest.mark.parametrize(
    ("text", "days", "rounded"),
    [("5", 5, False), ("5d", 5, False), ("2w", 10, False), ("16h", 2, False), ("4h", 1, True),
     ("5 个工作日", 5, False), ("3 days?", 3, False), ("0", 0, False), ("", 1, False),
     (2.0, 2, False)],
)  # fmt: skip
def test_durations_are_whole_working_days(text, days, rounded):
    assert transfer.columns.parse_duration(text) == (days, rounded)


@pytest.mark.parametrize("text", ["five days", "-2d", "3ed", "3mo"])
def test_a_duration_that_means_nothing_is_an_error(text):
    with pytest.raises(transfer.columns.CellError):
        transfer.columns.parse_duration(text)


# --- importing spreadsheets ------------------------------------------------------------------


def test_a_csv_plan_becomes_the_wbs_with_links_constraints_people_and_a_schedule(tenant_a):
    project = tenant_a.project
    result = import_plan(tenant_a, good_csv(tenant_a))
    assert result.status == "done", report_lines(result)
    assert (result.task_count, result.link_count, result.progress) == (7, 5, 100)
    tasks = tasks_of(project)
    assert [t.wbs for t in Task.objects.filter(project=project).order_by("sort_key")] == [
        "1", "1.1", "1.2", "2", "2.1", "2.2", "2.3",
    ]  # fmt: skip
    assert tasks["Design"].is_summary and tasks["Build"].is_summary
    assert tasks["Workshop"].parent == tasks["Design"]
    workshop = tasks["Workshop"]
    assert workshop.assignee == tenant_a.member
    assert workshop.effort_hours == Decimal(24) and workshop.client_visible
    assert tasks["Interfaces"].constraint_type == "snet"
    assert tasks["Interfaces"].constraint_date == dt.date(2026, 11, 16)
    assert tasks["Sign-off"].is_milestone
    assert links_of(project) == {
        ("Workshop", "Architecture", "FS", 1),
        ("Architecture", "Interfaces", "FS", 0),
        ("Interfaces", "Test plan", "SS", 2),
        ("Interfaces", "Sign-off", "FF", 0),
        ("Test plan", "Sign-off", "FS", 0),
    }
    dates = {name: (t.start_date, t.finish_date) for name, t in tasks.items()}
    d = dt.date
    assert dates["Workshop"] == (d(2026, 11, 2), d(2026, 11, 4))
    assert dates["Architecture"] == (d(2026, 11, 6), d(2026, 11, 12))
    assert dates["Interfaces"] == (d(2026, 11, 16), d(2026, 11, 27))  # its SNET constraint
    assert dates["Test plan"] == (d(2026, 11, 18), d(2026, 11, 19))
    assert dates["Sign-off"] == (d(2026, 11, 27), d(2026, 11, 27))
    assert dates["Design"] == (d(2026, 11, 2), d(2026, 11, 12))
    trail = AuditEntry.objects.filter(object_id=str(project.pk), changes__has_key="plan")
    assert trail.count() == 1  # one entry for the whole import, not one per task


def test_every_problem_is_reported_with_its_row_and_nothing_is_saved(tenant_a):
    csv = f"""WBS,Name,Duration,Predecessors,Constraint,Constraint date,Assignee
1,Alpha,five days,,,,
2,Beta,2,99,,,
3,Gamma,2,4,,,
4,Delta,2,3,,,
5,Epsilon,2,,mso,,nobody.here
6,Zeta,2,,snet,2026-13-45,
7,,2,,,,
8,Eta,2,,sometime,,{tenant_a.member.username}
"""
    result = import_plan(tenant_a, csv)
    assert result.status == "failed"
    lines = report_lines(result)
    assert "Row 2: “five days” is not a duration; write working days, e.g. 5d." in lines
    assert "Row 3: The predecessor 99 is not in the file." in lines
    assert any("The links make a loop: #" in line and "Gamma" in line and "Delta" in line
               for line in lines)  # fmt: skip
    assert "Row 6: The constraint MSO needs a date." in lines
    assert any(line.startswith("Row 6: “nobody.here” is not on the project team") for line in lines)
    assert "Row 7: “2026-13-45” is not a date; write it as 2026-11-02." in lines
    assert "Row 8: The task has no name." in lines
    assert any(line.startswith("Row 9: “sometime” is not a constraint") for line in lines)
    assert len(lines) == 8
    assert not Task.objects.filter(project=tenant_a.project).exists()
    assert not AuditEntry.objects.filter(changes__has_key="plan").exists()


def test_loops_through_summaries_and_links_to_a_summary_are_refused(tenant_a):
    csv = """ID,WBS,Name,Duration,Predecessors
1,1,Phase,,3
2,1.1,Inside,2,
3,2,After,2,2
4,3,Own summary,2,
5,3.1,Child,2,4
"""
    lines = report_lines(import_plan(tenant_a, csv))
    assert any("The links make a loop: #4 After → #2 Phase → #3 Inside" in line for line in lines)
    assert any("cannot be linked to its own summary" in line for line in lines), lines


def test_outline_levels_build_the_tree_when_there_is_no_wbs_column(tenant_a):
    csv = "Outline level,Name,Duration\n1,Phase,\n2,Work,2\n2,More,1\n1,Next,1\n3,Too deep,1\n"
    lines = report_lines(import_plan(tenant_a, csv))
    assert lines == [
        "Row 6: Outline level 3 cannot follow level 1; a task can only go one level deeper "
        "than the row above it."
    ]
    result = import_plan(tenant_a, csv.rsplit("3,Too deep", 1)[0])
    assert result.status == "done"
    assert tasks_of(tenant_a.project)["More"].parent.name == "Phase"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_chinese_csv_from_excel_reads_in_any_of_its_encodings(tenant_a, encoding):
    text = (
        "大纲级别,任务名称,工期,前置任务,客户可见\n1,需求调研,3 个工作日,,是\n1,系统设计,5天,1,否\n"
    )
    result = import_plan(tenant_a, text.encode(encoding))
    assert result.status == "done", report_lines(result)
    tasks = tasks_of(tenant_a.project)
    assert tasks["系统设计"].duration_days == 5
    assert tasks["需求调研"].client_visible and not tasks["系统设计"].client_visible
    assert links_of(tenant_a.project) == {("需求调研", "系统设计", "FS", 0)}


@pytest.mark.parametrize(
    ("data", "format", "expected"),
    [
        (b"PK\x03\x04rest of a zip", "csv", "This is an Excel (or other zipped) file, not CSV"),
        (b"<?xml version='1.0'?><Project/>", "csv", "This is an XML file, not CSV"),
        (b"Name\n\xff\xfe\xfa\x80\x81", "csv", "The text is neither UTF-8 nor GBK"),
        (b"Name,Duration\nA,1\n", "xlsx", "This is not an Excel .xlsx file"),
        (b"\xd0\xcf\x11\xe0old office", "xlsx", "old binary Office file"),
        (b"Name,Duration\nA,1\n", "mspdi", "This is not well-formed XML"),
        (b"<?xml version='1.0'?><Plan/>", "mspdi", "not an MS Project plan"),
        (b"Item,Hours\nA,1\n", "csv", "No “Name” column"),
    ],
)
def test_a_file_in_the_wrong_format_or_encoding_is_explained(tenant_a, data, format, expected):
    result = import_plan(tenant_a, data, format)
    assert result.status == "failed"
    assert any(expected in line for line in report_lines(result)), report_lines(result)


def test_xml_with_entities_is_refused_before_anything_expands(tenant_a):
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&c;</Name></Project>"""
    result = import_plan(tenant_a, bomb, "mspdi")
    assert result.status == "failed"
    assert "declares a DTD or entities" in report_lines(result)[0]


def test_files_that_are_too_big_empty_or_missing_are_refused_at_once(tenant_a, monkeypatch):
    monkeypatch.setattr(transfer_service, "MAX_FILE_BYTES", 100)
    with pytest.raises(DomainError) as big:
        import_plan(tenant_a, "Name\n" + "x" * 200)
    assert big.value.errors["file"] == ["The file is larger than 0 MB."]
    with pytest.raises(DomainError) as empty:
        import_plan(tenant_a, b"")
    assert "file" in empty.value.errors
    assert not PlanImport.objects.exists()


def test_a_plan_is_only_replaced_when_asked_and_never_once_time_was_logged(tenant_a, member):
    project = tenant_a.project
    services.task_create(actor=None, project=project, name="Old task")
    with pytest.raises(DomainError) as refused:
        import_plan(tenant_a, good_csv(tenant_a))
    assert "tick “Replace the plan”" in refused.value.errors["replace"][0]
    result = import_plan(tenant_a, good_csv(tenant_a), replace=True)
    assert result.status == "done"
    assert "Old task" not in tasks_of(project) and len(tasks_of(project)) == 7

    with_time = type(tenant_a)(member, "gamma")
    with_time.plan()  # it has time logged on its tasks
    with pytest.raises(DomainError) as logged:
        import_plan(with_time, good_csv(with_time), replace=True)
    assert "Time was logged" in logged.value.errors["replace"][0]


def test_the_templates_are_examples_that_import_cleanly(tenant_a):
    for format in ("xlsx", "csv"):
        project = ProjectFactory(manager=tenant_a.manager)
        file = services.plan_template(format=format)
        result = import_plan(tenant_a, b"".join(file.chunks), format, project=project)
        assert result.status == "done", report_lines(result)
        assert result.task_count == 7 and result.link_count == 5
        assert tasks_of(project)["Build the interfaces"].constraint_type == "snet"


# --- MS Project XML --------------------------------------------------------------------------


def mspdi_dates(data: bytes) -> list[tuple[int, str, str, str, bool]]:
    """(UID, name, start day, finish day, comparable) of each task, in the order the import
    keeps (by ID)."""
    root = fromstring(data)
    rows = []
    for task in root.iter(f"{NS}Task"):

        def text(name, task=task):
            found = task.find(f"{NS}{name}")
            return (found.text or "").strip() if found is not None else ""

        uid = int(text("UID"))
        if uid == 0 or text("OutlineLevel") == "0" or text("IsNull") == "1":
            continue
        if text("ExternalTask") == "1" or text("IsSubproject") == "1":
            continue
        # MS Project keeps the dates of manual tasks and work already started as typed.
        comparable = text("Manual") != "1" and not text("ActualStart") and bool(text("Start"))
        start, finish = text("Start")[:10], text("Finish")[:10]  # the day; 08:00/17:00 dropped
        rows.append((int(text("ID") or uid), uid, text("Name"), start, finish, comparable))
    rows.sort()
    return [row[1:] for row in rows]


def date_mismatches(project, data: bytes) -> list[str]:
    """Every task whose start or finish differs from the date MS Project computed."""
    ours = list(Task.objects.filter(project=project).order_by("sort_key"))
    theirs = mspdi_dates(data)
    assert len(ours) == len(theirs)
    return [
        f"UID {uid} {name}: MS Project {start}–{finish}, portal {task.start_date}–"
        f"{task.finish_date}"
        for (uid, name, start, finish, comparable), task in zip(theirs, ours, strict=True)
        if comparable
        and (task.start_date.isoformat(), task.finish_date.isoformat()) != (start, finish)
    ]


def test_an_ms_project_file_keeps_its_links_lags_milestones_summaries_and_calendar(
    tenant_a, member
):
    member(tenant_a.project, username="chen.wei", display_name="Chen Wei")
    data = (DATA / "plan.mspdi.xml").read_bytes()
    result = import_plan(tenant_a, data, "mspdi")
    assert result.status == "done", report_lines(result)
    project = tenant_a.project
    project.refresh_from_db()
    tasks = tasks_of(project)
    assert len(tasks) == 9  # the project summary task (UID 0) is MS Project's, not a task
    assert tasks["Phase 1: design"].is_summary and tasks["Phase 2: build"].is_summary
    assert tasks["Design signed off"].is_milestone and tasks["Go-live"].is_milestone
    assert tasks["Requirements"].assignee.username == "chen.wei"
    assert tasks["Requirements"].effort_hours == Decimal(24)
    assert tasks["Requirements"].percent_complete == 50
    assert tasks["Requirements"].status == "in_progress"
    assert tasks["Build"].constraint_type == "snet"
    assert links_of(project) == {
        ("Requirements", "Design", "FS", 2),
        ("Design", "Design review", "SS", 1),
        ("Design", "Design signed off", "FF", 0),
        ("Phase 1: design", "Build", "FS", 0),
        ("Build", "Key-user training", "SF", 0),
        ("Key-user training", "Go-live", "FS", 0),
        ("Build", "Go-live", "FS", -2),
    }
    assert project.start_date == dt.date(2026, 9, 28)
    calendar = project.calendar
    assert calendar.name == "Standard · ALPHA-1" and calendar.working_weekdays == [1, 2, 3, 4, 5]
    exceptions = dict(calendar.exceptions.values_list("date", "working"))
    assert exceptions[dt.date(2026, 10, 1)] is False and exceptions[dt.date(2026, 10, 7)] is False
    assert exceptions[dt.date(2026, 10, 10)] is True and len(exceptions) == 8
    assert date_mismatches(project, data) == []  # the dates MS Project computed, to the day
    assert any("start date is now 2026-09-28" in line for line in report_lines(result, "changes"))


def test_the_file_calendar_is_kept_out_or_reused_when_the_portal_has_it(tenant_a):
    data = (DATA / "plan.mspdi.xml").read_bytes()
    default = tenant_a.project.calendar
    kept = import_plan(tenant_a, data, "mspdi", keep_calendar=True)
    assert kept.status == "done"
    tenant_a.project.refresh_from_db()
    assert tenant_a.project.calendar == default
    first, second = ProjectFactory(code="C-1"), ProjectFactory(code="C-2")
    for project in (first, second):
        assert import_plan(tenant_a, data, "mspdi", project=project).status == "done"
        project.refresh_from_db()
    assert first.calendar == second.calendar != default
    assert WorkCalendar.objects.count() == 2


def test_the_mspdi_export_is_what_ms_project_reads_and_imports_back_the_same(tenant_a):
    import_plan(tenant_a, good_csv(tenant_a))
    services.calendar_exception_set(
        actor=None, calendar=tenant_a.project.calendar, date=dt.date(2026, 11, 20),
        working=False, name="Company day",
    )  # fmt: skip
    from projects.scheduler import project_reschedule

    project_reschedule(tenant_a.project)
    file = services.plan_export(user=tenant_a.manager, project=tenant_a.project, format="mspdi")
    assert file.filename == "ALPHA-1.xml"
    data = b"".join(file.chunks)
    root = fromstring(data)
    assert root.tag == f"{NS}Project"
    tasks = {t.findtext(f"{NS}Name"): t for t in root.iter(f"{NS}Task")}
    interfaces = tasks["Interfaces"]
    assert interfaces.findtext(f"{NS}Duration") == "PT80H0M0S"
    assert interfaces.findtext(f"{NS}ConstraintType") == "4"  # start no earlier than
    assert interfaces.findtext(f"{NS}ConstraintDate") == "2026-11-16T08:00:00"
    assert interfaces.findtext(f"{NS}Start") == "2026-11-16T08:00:00"
    assert interfaces.findtext(f"{NS}Finish") == "2026-11-30T17:00:00"  # past the company day
    assert tasks["Design"].findtext(f"{NS}Summary") == "1"
    assert tasks["Sign-off"].findtext(f"{NS}Milestone") == "1"
    link = tasks["Architecture"].find(f"{NS}PredecessorLink")
    assert link.findtext(f"{NS}Type") == "1" and link.findtext(f"{NS}LinkLag") == "4800"
    assert link.findtext(f"{NS}LagFormat") == "7"
    test_plan = tasks["Test plan"].find(f"{NS}PredecessorLink")
    assert (test_plan.findtext(f"{NS}Type"), test_plan.findtext(f"{NS}LinkLag")) == ("3", "9600")
    exceptions = {e.findtext(f"{NS}Name"): e for e in root.iter(f"{NS}Exception")}
    company = exceptions["Company day"]
    assert company.findtext(f"{NS}TimePeriod/{NS}FromDate") == "2026-11-20T00:00:00"
    assert company.findtext(f"{NS}DayWorking") == "0"
    weekdays = root.findall(f"{NS}Calendars/{NS}Calendar/{NS}WeekDays/{NS}WeekDay")
    assert [w.findtext(f"{NS}DayWorking") for w in weekdays] == ["0", "1", "1", "1", "1", "1", "0"]
    assert root.findtext(f"{NS}Resources/{NS}Resource/{NS}Name") == tenant_a.member.username

    copy = ProjectFactory(code="COPY-1", manager=tenant_a.manager)
    result = import_plan(tenant_a, data, "mspdi", project=copy)
    assert result.status == "done", report_lines(result)
    assert links_of(copy) == links_of(tenant_a.project)
    assert date_mismatches(copy, data) == []


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_spreadsheet_exports_import_back_into_the_same_plan(tenant_a, format):
    import_plan(tenant_a, good_csv(tenant_a))
    file = services.plan_export(user=tenant_a.manager, project=tenant_a.project, format=format)
    data = b"".join(file.chunks)
    copy = ProjectFactory(code=f"COPY-{format}", manager=tenant_a.manager)
    tenant_a.member.memberships.create(project=copy, role="member")
    result = import_plan(tenant_a, data, format, project=copy)
    assert result.status == "done", report_lines(result)
    assert links_of(copy) == links_of(tenant_a.project)
    original, copied = tasks_of(tenant_a.project), tasks_of(copy)
    for name, task in original.items():
        twin = copied[name]
        assert (twin.wbs, twin.start_date, twin.finish_date, twin.assignee_id,
                twin.effort_hours, twin.client_visible, twin.constraint_type) == (
            task.wbs, task.start_date, task.finish_date, task.assignee_id,
            task.effort_hours, task.client_visible, task.constraint_type)  # fmt: skip


def test_exports_never_turn_a_name_into_a_spreadsheet_formula(tenant_a):
    services.task_create(actor=None, project=tenant_a.project, name='=HYPERLINK("x","y")')
    csv = b"".join(
        services.plan_export(user=tenant_a.manager, project=tenant_a.project, format="csv").chunks
    ).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv
    xlsx = b"".join(
        services.plan_export(user=tenant_a.manager, project=tenant_a.project, format="xlsx").chunks
    )
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    name = sheet.cell(row=2, column=3)
    assert name.data_type == "s" and name.value.startswith("'=HYPERLINK")
    copy = ProjectFactory(code="COPY-F", manager=tenant_a.manager)
    import_plan(tenant_a, csv.encode(), project=copy)
    assert set(tasks_of(copy)) == {'=HYPERLINK("x","y")'}


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"no MS Project samples in {SAMPLES}")
@pytest.mark.parametrize(
    "sample", sorted(SAMPLES.glob("*.xml")) if SAMPLES.is_dir() else [], ids=lambda p: p.name
)
def test_real_ms_project_files_schedule_to_the_dates_ms_project_computed(tenant_a, sample):
    """Each sample imported, then every task's start and finish day compared with the dates
    MS Project stored in the file (08:00/17:00 times dropped)."""
    data = sample.read_bytes()
    code = hashlib.sha1(sample.name.encode()).hexdigest()[:8]
    project = ProjectFactory(code=f"S-{code}", manager=tenant_a.manager)
    result = import_plan(tenant_a, data, "mspdi", project=project)
    assert result.status == "done", report_lines(result)
    mismatches = date_mismatches(project, data)
    assert mismatches == [], f"{len(mismatches)} tasks differ:\n" + "\n".join(mismatches)


# --- the worker --------------------------------------------------------------------------


def test_large_imports_wait_for_the_commit_then_run_once_in_the_worker(
    tenant_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(transfer_service, "BACKGROUND_FROM_TASKS", 5)
    queued = []
    monkeypatch.setattr(plan_import_task, "delay", lambda **kwargs: queued.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        result = import_plan(tenant_a, good_csv(tenant_a))
    assert result.status == "queued" and queued == [{"import_id": result.pk}]
    assert not Task.objects.filter(project=tenant_a.project).exists()
    assert plan_import_task(import_id=result.pk) == "done"
    result.refresh_from_db()
    assert (result.status, result.progress, result.task_count) == ("done", 100, 7)
    assert result.started_at and result.finished_at
    assert plan_import_task(import_id=result.pk) == "skipped"  # a repeated delivery
    assert Task.objects.filter(project=tenant_a.project).count() == 7


def test_nothing_is_queued_when_the_upload_is_rolled_back(
    tenant_a, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    queued = []
    monkeypatch.setattr(plan_import_task, "delay", lambda **kwargs: queued.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                import_plan(tenant_a, good_csv(tenant_a), background=True)
                raise RuntimeError("the request failed after the upload")
        except RuntimeError:
            pass
    assert queued == [] and not PlanImport.objects.exists()


def test_a_finished_import_is_never_run_again(tenant_a):
    failed = import_plan(tenant_a, "Name,Duration\nBroken,soon\n")
    assert failed.status == "failed"
    services.plan_import_run(plan_import=failed)
    failed.refresh_from_db()
    assert failed.status == "failed" and not Task.objects.exists()


def test_progress_inside_the_save_comes_from_the_cache(tenant_a, monkeypatch):
    from django.core.cache import cache

    seen = []
    original = transfer_service._step

    def spy(record, value, *, durable=True):
        original(record, value, durable=durable)
        record.refresh_from_db()
        seen.append((value, services.plan_import_progress(record)))

    monkeypatch.setattr(transfer_service, "_step", spy)
    result = import_plan(tenant_a, good_csv(tenant_a))
    assert [value for value, _ in seen][:3] == [25, 40, 45]
    assert all(live == value for value, live in seen)  # what a poll would show at each step
    assert services.plan_import_progress(result) == 100
    assert cache.get(transfer_service._progress_key(result.pk)) is None


def test_an_unexpected_error_fails_the_import_and_saves_nothing(tenant_a, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(transfer_service, "project_reschedule", explode)
    result = import_plan(tenant_a, good_csv(tenant_a))
    assert result.status == "failed"
    assert "unexpected error" in report_lines(result)[0]
    assert not Task.objects.filter(project=tenant_a.project).exists()
    assert not CalendarException.objects.filter(calendar__name__contains="ALPHA").exists()


# --- API ---------------------------------------------------------------------------------


def test_the_api_queues_an_import_and_reports_its_status(
    tenant_a, api, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(plan_import_task, "delay", lambda **kwargs: queued.append(kwargs))
    client = api(tenant_a.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/projects/{tenant_a.project.pk}/import/",
            {"file": upload(good_csv(tenant_a)), "format": "csv"},
            format="multipart",
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued"
    assert body["status_url"].endswith(f"/api/v1/plan-imports/{body['id']}/")
    assert queued == [{"import_id": body["id"]}]
    assert client.get(body["status_url"]).json()["status"] == "queued"
    plan_import_task(import_id=body["id"])
    status = client.get(body["status_url"]).json()
    assert (status["status"], status["progress"], status["task_count"]) == ("done", 100, 7)
    assert status["report"] == {"problems": [], "warnings": [], "changes": []}
    listed = client.get("/api/v1/plan-imports/", {"project": tenant_a.project.pk}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]


def test_the_api_report_lists_every_problem_in_the_callers_language(tenant_a, api):
    client = api(tenant_a.manager)
    response = client.post(
        f"/api/v1/projects/{tenant_a.project.pk}/import/",
        {"file": upload("Name,Duration\nA,soon\nB,1\n"), "format": "csv"},
        format="multipart",
    )
    plan_import_task(import_id=response.json()["id"])
    english = client.get(response.json()["status_url"], HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["status"] == "failed"
    assert english["report"]["problems"] == [
        {"place": "Row 2", "message": "“soon” is not a duration; write working days, e.g. 5d."}
    ]
    chinese = client.get(response.json()["status_url"], HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    with translation.override("zh-hans"):  # stored as message ids, translated when shown
        assert chinese["report"]["problems"][0]["place"] == _("Row %(row)s") % {"row": 2}


def test_the_api_refuses_an_import_over_a_plan_or_without_a_file(tenant_a, api):
    tenant_a.plan()
    client = api(tenant_a.manager)
    url = f"/api/v1/projects/{tenant_a.project.pk}/import/"
    response = client.post(url, {"file": upload("Name\nA\n"), "format": "csv"}, format="multipart")
    assert response.status_code == 400 and "replace" in response.json()
    assert client.post(url, {"format": "csv"}, format="multipart").status_code == 400
    assert not PlanImport.objects.exists()


@pytest.mark.parametrize(
    ("format", "content_type", "suffix"),
    [("csv", "text/csv; charset=utf-8", "csv"),
     ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
     ("mspdi", "application/xml; charset=utf-8", "xml")],
)  # fmt: skip
def test_the_api_exports_the_plan_as_a_file(tenant_a, api, format, content_type, suffix):
    tenant_a.plan()
    response = api(tenant_a.member).get(
        f"/api/v1/projects/{tenant_a.project.pk}/export/", {"format": format}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="ALPHA-1.{suffix}"'
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 100


def test_clients_never_get_an_export_and_only_managers_import(tenant_a, api):
    tenant_a.plan()
    url = f"/api/v1/projects/{tenant_a.project.pk}"
    for user in (tenant_a.client_contact, tenant_a.client_viewer):
        assert api(user).get(f"{url}/export/", {"format": "csv"}).status_code == 403
    member = api(tenant_a.member)
    response = member.post(f"{url}/import/", {"file": upload("Name\nA\n"), "format": "csv"},
                           format="multipart")  # fmt: skip
    assert response.status_code == 403
    assert api(tenant_a.member).get("/api/v1/plan-imports/").json()["count"] == 0
    assert api(tenant_a.manager).get(f"{url}/export/", {"format": "nope"}).status_code == 400


# --- pages -------------------------------------------------------------------------------


def page_url(project, name="project_transfer", **kwargs):
    return reverse(f"projects:{name}", kwargs={"project_id": project.pk, **kwargs})


def test_the_page_offers_import_templates_exports_and_the_latest_imports(client, tenant_a):
    import_plan(tenant_a, "Name,Duration\nA,soon\n")
    client.force_login(tenant_a.manager)
    body = client.get(page_url(tenant_a.project), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="import-form"' in body and 'data-testid="template-xlsx"' in body
    assert 'data-testid="export-mspdi"' in body and 'data-testid="plan-columns"' in body
    assert "“soon” is not a duration" in body and "Import/Export" in body
    client.force_login(tenant_a.member)
    body = client.get(page_url(tenant_a.project), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="export-csv"' in body and "import-form" not in body
    assert "soon" not in body  # the imports are the manager's
    client.force_login(tenant_a.client_contact)
    assert client.get(page_url(tenant_a.project)).status_code == 403
    overview = client.get(reverse("projects:project_detail", args=[tenant_a.project.pk]))
    assert "bi-arrow-left-right" not in overview.content.decode()


def test_uploading_a_small_plan_imports_it_before_the_page_comes_back(client, tenant_a):
    client.force_login(tenant_a.manager)
    response = client.post(
        page_url(tenant_a.project),
        {"file": upload(good_csv(tenant_a)), "format": "csv"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    body = response.content.decode()
    assert "The plan is imported: 7 tasks." in body
    assert 'data-status="done"' in body and "7 tasks · 5 links" in body
    assert Task.objects.filter(project=tenant_a.project).count() == 7


def test_uploading_a_broken_plan_shows_every_problem_on_the_page(client, tenant_a):
    client.force_login(tenant_a.manager)
    response = client.post(
        page_url(tenant_a.project),
        {"file": upload("Name,Duration,Predecessors\nA,soon,\nB,1,7\n"), "format": "csv"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "2 problems to fix, nothing was saved" in body
    assert "“soon” is not a duration" in body and "The predecessor 7 is not in the file." in body
    assert '<details class="mt-2 plan-import-report" open' in body


def test_form_errors_stay_on_the_form(client, tenant_a):
    tenant_a.plan()
    client.force_login(tenant_a.manager)
    response = client.post(
        page_url(tenant_a.project),
        {"file": upload("Name\nA\n"), "format": "csv"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The project already has a plan" in body
    assert "Time was logged on this project's tasks" in body  # and why replace is off


def test_a_running_import_row_polls_until_it_is_finished(
    client, tenant_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(plan_import_task, "delay", lambda **kwargs: None)
    record = import_plan(tenant_a, good_csv(tenant_a), background=True)
    client.force_login(tenant_a.manager)
    url = page_url(tenant_a.project, "plan_import_status", planimport_id=record.pk)
    row = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in row and 'hx-trigger="every 1s"' in row
    assert 'data-testid="plan-import-progress"' in row
    plan_import_task(import_id=record.pk)
    response = client.get(url, HTTP_HX_REQUEST="true")
    row = response.content.decode()
    assert "hx-trigger" not in row and 'data-status="done"' in row
    assert "plan:imported" in json.loads(response["HX-Trigger"])
    assert client.get(url)["Location"].endswith(f"?import={record.pk}#plan-import-{record.pk}")


@pytest.mark.parametrize(
    ("name", "format", "content_type"),
    [("plan_export", "csv", "text/csv; charset=utf-8"),
     ("plan_export", "mspdi", "application/xml; charset=utf-8"),
     ("plan_export", "xlsx", transfer.CONTENT_TYPES["xlsx"]),
     ("plan_template", "csv", "text/csv; charset=utf-8"),
     ("plan_template", "xlsx", transfer.CONTENT_TYPES["xlsx"])],
)  # fmt: skip
def test_downloads_from_the_page(client, tenant_a, name, format, content_type):
    tenant_a.plan()
    client.force_login(tenant_a.manager)
    response = client.get(page_url(tenant_a.project, name), {"format": format})
    assert response.status_code == 200 and response["Content-Type"] == content_type
    # A Chinese file name ("计划模板.csv") is sent in RFC 5987 form: filename*=utf-8''…
    assert response["Content-Disposition"].startswith("attachment; filename")


def test_clients_get_no_download_and_members_no_template(client, tenant_a):
    client.force_login(tenant_a.client_viewer)
    assert (
        client.get(page_url(tenant_a.project, "plan_export"), {"format": "csv"}).status_code == 403
    )
    client.force_login(tenant_a.member)
    assert client.get(page_url(tenant_a.project, "plan_export")).status_code == 200
    assert client.get(page_url(tenant_a.project, "plan_template")).status_code == 403


def test_the_page_runs_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries
):
    client.force_login(tenant_a.manager)
    import_plan(tenant_a, "Name,Duration\nA,soon\n")
    with django_assert_max_num_queries(20) as few:
        client.get(page_url(tenant_a.project))
    for _number in range(6):
        import_plan(tenant_a, "Name,Duration\nA,soon\n")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page_url(tenant_a.project))
