"""The Gantt chart: the SVG renderer (pure), its loader (what each role sees), and the page."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from projects import gantt, services
from projects.choices import ConstraintType
from projects.gantt import GanttChart, GanttLink, GanttRow
from projects.models import Task
from projects.scheduling import WorkCalendar
from tests.factories import ProjectFactory

SVG = "{http://www.w3.org/2000/svg}"
MONDAY = dt.date(2026, 11, 2)


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def row(index, kind=gantt.TASK, start=0, finish=2, **fields) -> GanttRow:
    values = {
        "id": index + 1, "index": index, "wbs": str(index + 1), "name": f"Task {index + 1}",
        "level": 1, "kind": kind, "start": day(start), "finish": day(finish),
        "duration": 0 if kind == gantt.MILESTONE else finish - start + 1,
    }  # fmt: skip
    values.update(fields)
    return GanttRow(**values)


def chart(rows, links=(), **fields) -> GanttChart:
    values = {
        "rows": rows, "links": list(links), "calendar": WorkCalendar(),
        "first_day": MONDAY, "last_day": day(27), "zoom": gantt.WEEK, "today": None,
        "total_rows": len(rows),
    }  # fmt: skip
    values.update(fields)
    return GanttChart(**values)


def timeline(c: GanttChart) -> ET.Element:
    return ET.fromstring(gantt.render(c).body_right)


def find(tree: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in tree.iter() if cls in (e.get("class") or "").split()]


def bar_body(tree: ET.Element, task_id: int) -> ET.Element:
    [bar] = [e for e in find(tree, "gantt-bar") if e.get("data-id") == str(task_id)]
    return find(bar, "gantt-bar-body")[0]


def path_points(d: str) -> list[tuple[float, float]]:
    points = []
    for chunk in d.replace("M", "L").split("L")[1:]:
        x, y = chunk.replace("Z", "").split()
        points.append((float(x), float(y)))
    return points


# --- the renderer ---------------------------------------------------------------------------


@pytest.mark.parametrize(("zoom", "ppd"), [("day", 32), ("week", 8), ("month", 2)])
def test_a_bar_spans_its_days_at_every_zoom(zoom, ppd):
    tree = timeline(chart([row(0, start=2, finish=4)], zoom=zoom))
    body = bar_body(tree, 1)
    assert float(body.get("x")) == 2 * ppd  # Wednesday's column
    assert float(body.get("width")) == max(3 * ppd, 3)  # Wednesday to Friday inclusive


def test_progress_fills_the_done_share_of_the_bar():
    tree = timeline(chart([row(0, start=0, finish=9, percent=40)], zoom="day"))
    [progress] = find(tree, "gantt-bar-progress")
    assert float(progress.get("width")) == pytest.approx(10 * 32 * 0.4)


def test_a_milestone_is_a_diamond_on_its_date():
    tree = timeline(chart([row(0, gantt.MILESTONE, start=3, finish=3)], zoom="day"))
    [milestone] = find(tree, "gantt-milestone")
    points = path_points(find(milestone, "gantt-bar-body")[0].get("d"))
    xs, ys = {x for x, _ in points}, {y for _, y in points}
    assert len(points) == 4
    assert sorted(xs) == [3 * 32 - 8, 3 * 32, 3 * 32 + 8]  # centred on the start of Thursday
    assert sorted(ys) == [14 - 8, 14, 14 + 8]


def test_a_milestone_after_a_finish_sits_at_the_end_of_its_day():
    tree = timeline(
        chart([row(0, gantt.MILESTONE, start=3, finish=3, at_day_end=True)], zoom="day")
    )
    points = path_points(find(tree, "gantt-bar-body")[0].get("d"))
    assert points[0][0] == 4 * 32


def test_a_summary_is_a_bracket_and_cannot_be_dragged():
    rows = [row(0, gantt.SUMMARY_KIND, start=0, finish=4), row(1, start=0, finish=4, level=2)]
    tree = timeline(chart(rows, edit_url="/edit/{id}/"))
    [summary] = find(tree, "gantt-summary")
    shape = find(summary, "gantt-bar-body")[0]
    assert shape.tag == f"{SVG}path"
    assert shape.get("d").startswith("M0 8H40V20L35 15H5L0 20")  # ends bent down: a bracket
    edits = find(tree, "gantt-edit")
    assert [e.get("href") for e in edits] == ["/edit/2/"]
    assert not find(summary, "gantt-handle")


def test_only_work_tasks_have_a_resize_grip_and_read_only_charts_have_no_links():
    rows = [row(0), row(1, gantt.MILESTONE, start=3, finish=3)]
    editable = timeline(chart(rows, edit_url="/edit/{id}/"))
    assert len(find(editable, "gantt-edit")) == 2
    assert len(find(editable, "gantt-handle")) == 1
    read_only = timeline(chart(rows))
    assert not find(read_only, "gantt-edit")
    assert not find(read_only, "gantt-handle")
    assert read_only.get("aria-hidden") == "true"


def test_each_link_type_draws_its_elbow_from_the_right_side_to_the_right_side():
    pred = row(0, start=0, finish=2)  # Mon–Wed: x 0..24 at week zoom
    succ = row(1, start=7, finish=9)  # next Mon–Wed: x 56..80
    links = [GanttLink(pred, succ, kind) for kind in ("FS", "SS", "FF", "SF")]
    tree = timeline(chart([pred, succ], links))
    arrows = {}
    for link in find(tree, "gantt-link"):
        [kind] = [c[-2:] for c in link.get("class").split() if c.startswith("gantt-link-")]
        line, head = link.findall(f"{SVG}path")
        arrows[kind] = (path_points(line.get("d")), path_points(head.get("d"))[0])
    pred_mid, succ_top, succ_mid = 13, ROW + 6, ROW + 13
    # FS: out of the predecessor's finish, along its row, down onto the successor's start.
    points, tip = arrows["fs"]
    assert points[0] == (24, pred_mid)
    assert points[-1] == (56 + gantt.ENTRY, succ_top) == tip
    # SS: out of the start, round the left, into the successor's start from the left.
    points, tip = arrows["ss"]
    assert points[0] == (0, pred_mid)
    assert min(x for x, _ in points) == -gantt.STUB
    assert points[-1] == (56, succ_mid) == tip
    # FF: out of the finish, round the right, into the successor's finish from the right.
    points, tip = arrows["ff"]
    assert points[0] == (24, pred_mid)
    assert max(x for x, _ in points) == 80 + gantt.STUB
    assert points[-1] == (80, succ_mid) == tip
    # SF: out of the start; the successor finishes later, so round by the row boundary.
    points, tip = arrows["sf"]
    assert points[0] == (0, pred_mid)
    assert (points[1][0], points[2][1]) == (-gantt.STUB, ROW)  # back along the boundary
    assert points[-1] == (80, succ_mid) == tip
    assert all(len({x for x, _ in pts}) >= 2 for pts, _ in arrows.values())


ROW = gantt.ROW_H


def test_an_fs_link_to_an_earlier_successor_turns_back_along_the_row_boundary():
    pred = row(0, start=5, finish=9)
    succ = row(1, start=0, finish=2)
    tree = timeline(chart([pred, succ], [GanttLink(pred, succ, "FS")]))
    points = path_points(find(tree, "gantt-link")[0].find(f"{SVG}path").get("d"))
    assert points[0] == (80, 13)
    assert ROW in {y for _, y in points}
    assert points[-1] == (0, ROW + 13)  # into the successor's start from the left


def test_a_link_from_a_row_above_the_window_reaches_up_out_of_it():
    pred = row(10, start=0, finish=2)
    succ = row(200, start=7, finish=9)
    window = chart([succ], [GanttLink(pred, succ, "FS")], offset=200, total_rows=300)
    points = path_points(find(timeline(window), "gantt-link")[0].find(f"{SVG}path").get("d"))
    assert points[0] == (24, (10 - 200) * ROW + 13)  # above the window's top
    assert points[-1] == (56 + gantt.ENTRY, 6)


def test_the_critical_path_is_red():
    pred, succ = row(0, critical=True), row(1, start=3, finish=5, critical=True)
    other = row(2, start=3, finish=4)
    links = [GanttLink(pred, succ, "FS"), GanttLink(pred, other, "FS")]
    tree = timeline(chart([pred, succ, other], links))
    critical_bars = [
        e.get("data-id") for e in find(tree, "gantt-bar") if "gantt-critical" in e.get("class")
    ]
    assert critical_bars == ["1", "2"]
    assert bar_body(tree, 1).get("stroke") == gantt.CRITICAL_DONE
    critical_links = [
        e.get("data-to") for e in find(tree, "gantt-link") if "gantt-critical" in e.get("class")
    ]
    assert critical_links == ["2"]


def test_baseline_bars_are_drawn_below_the_bars_only_with_a_baseline():
    rows = [row(0, start=2, finish=4, baseline_start=day(0), baseline_finish=day(1))]
    with_baseline = timeline(chart(rows, baseline="Contract"))
    [planned] = find(with_baseline, "gantt-baseline")
    assert (float(planned.get("x")), float(planned.get("width"))) == (0, 16)
    assert float(planned.get("y")) > float(bar_body(with_baseline, 1).get("y"))
    assert not find(timeline(chart(rows)), "gantt-baseline")


def test_the_today_line_marks_today_and_only_inside_the_chart():
    tree = timeline(chart([row(0)], today=day(3), zoom="day"))
    [line] = find(tree, "gantt-today")
    assert line.get("d").startswith(f"M{3 * 32 + 16} 0V")
    assert not find(timeline(chart([row(0)], today=day(60))), "gantt-today")


def test_days_off_are_shaded_at_day_zoom_only():
    holiday = day(2)
    calendar = WorkCalendar(exceptions={holiday: False})
    tree = timeline(chart([row(0)], calendar=calendar, zoom="day"))
    shaded = {(float(e.get("x")), float(e.get("width"))) for e in find(tree, "gantt-nonworking")}
    assert (2 * 32, 32) in shaded  # the Wednesday holiday
    assert (5 * 32, 64) in shaded  # Saturday and Sunday in one band
    assert not find(timeline(chart([row(0)], calendar=calendar)), "gantt-nonworking")


def test_the_table_indents_by_outline_level_and_escapes_names():
    rows = [row(0, gantt.SUMMARY_KIND, name="<Phase & one>"), row(1, level=3)]
    table = ET.fromstring(gantt.render(chart(rows)).body_left)
    names = [g.findall(f"{SVG}text")[1] for g in find(table, "gantt-row")]
    assert names[0].text == "<Phase & one>"  # parsed back: it was escaped in the markup
    assert float(names[1].get("x")) - float(names[0].get("x")) == 2 * gantt.INDENT


def test_the_time_scale_names_months_and_weekdays_in_the_active_language():
    c = chart([row(0)], zoom="day")
    with translation.override("en"):
        head = gantt.render(c).head_right
        assert "November 2026" in head and ">Mon<" in head
    with translation.override("zh-hans"):
        head = gantt.render(c).head_right
        assert "2026年11月" in head and "星期一" in head


def test_the_report_svg_is_one_self_contained_document():
    pred, succ = row(0), row(1, start=3, finish=5)
    svg = gantt.render_svg(chart([pred, succ], [GanttLink(pred, succ, "FS")], today=day(1)))
    tree = ET.fromstring(svg)
    assert tree.tag == f"{SVG}svg"
    assert int(tree.get("width")) == gantt.LEFT_W + 28 * 8
    assert len(tree.findall(f"{SVG}svg")) == 4  # the four panes, placed side by side
    assert find(tree, "gantt-link") and find(tree, "gantt-today")
    assert "<style" not in svg and "url(#" not in svg  # nothing outside the SVG itself


# --- the loader -----------------------------------------------------------------------------


@pytest.fixture
def plan(tenant_a):
    """The tenant's small plan, plus a hidden milestone after Second and a baseline."""
    p = tenant_a.plan()
    done = services.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Done", duration_days=0
    )
    services.dependency_create(actor=tenant_a.manager, predecessor=p["second"], successor=done)
    return {**p, "done": done}


@pytest.mark.django_db
def test_the_manager_sees_every_task_link_and_the_baseline(tenant_a, plan):
    project = tenant_a.project
    data = gantt.gantt_data(tenant_a.manager, project, baseline=plan["baseline"])
    assert [r.name for r in data.rows] == ["Phase", "First", "Second", "Done"]
    assert [(link.predecessor.name, link.successor.name) for link in data.links] == [
        ("First", "Second"),
        ("Second", "Done"),
    ]
    assert data.baseline == "Plan"
    assert data.rows[1].baseline_start == plan["task"].start_date
    [done] = [r for r in data.rows if r.name == "Done"]
    assert done.kind == gantt.MILESTONE and done.at_day_end  # FS-driven: end of Second's day
    assert data.first_day <= project.start_date and data.first_day.weekday() == 0


@pytest.mark.django_db
def test_a_client_sees_client_visible_tasks_only_no_baseline_and_no_links_to_hidden_tasks(
    tenant_a, plan
):
    data = gantt.gantt_data(tenant_a.client_contact, tenant_a.project, baseline=plan["baseline"])
    assert [r.name for r in data.rows] == ["Phase", "First"]
    assert data.links == []  # First → Second: Second is internal
    assert data.baseline is None
    assert all(r.baseline_start is None for r in data.rows)


@pytest.mark.django_db
def test_a_window_holds_its_rows_and_the_links_it_completes(tenant_a, plan):
    data = gantt.gantt_data(tenant_a.manager, tenant_a.project, rows=slice(2, 4))
    assert (data.offset, data.total_rows) == (2, 4)
    assert [r.name for r in data.rows] == ["Second", "Done"]
    # First → Second ends in this window, so it is drawn here, reaching up to row 1.
    assert [(link.predecessor.index, link.successor.index) for link in data.links] == [
        (1, 2),
        (2, 3),
    ]
    first = gantt.gantt_data(tenant_a.manager, tenant_a.project, rows=slice(0, 2))
    assert first.links == []


@pytest.mark.django_db
def test_loading_runs_the_same_few_queries_for_any_plan_size(
    tenant_a, plan, django_assert_max_num_queries
):
    project = tenant_a.project
    manager = type(tenant_a.manager).objects.get(pk=tenant_a.manager.pk)  # roles not cached
    with django_assert_max_num_queries(6) as small:
        gantt.gantt_data(manager, project, baseline=plan["baseline"])
    previous = plan["second"]
    for n in range(40):
        task = services.task_create(actor=manager, project=project, name=f"T{n}")
        services.dependency_create(actor=manager, predecessor=previous, successor=task)
        previous = task
    manager = type(manager).objects.get(pk=manager.pk)  # forget the cached roles
    with django_assert_max_num_queries(len(small.captured_queries)):
        gantt.gantt_data(manager, project, baseline=plan["baseline"])


# --- the pages ------------------------------------------------------------------------------


@pytest.fixture
def client(client):
    """Pages in English, so the assertions can read the messages."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def gantt_url(project, **params):
    url = reverse("projects:project_gantt", kwargs={"project_id": project.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def task_url(project, task):
    return reverse("projects:task_gantt", kwargs={"project_id": project.pk, "task_id": task.pk})


@pytest.mark.django_db
def test_the_page_shows_the_chart_with_its_tab_and_the_fragment_is_only_the_chart(
    client, tenant_a, plan
):
    client.force_login(tenant_a.manager)
    page = client.get(gantt_url(tenant_a.project)).content.decode()
    assert "<html" in page and 'id="gantt-chart"' in page
    assert "bi-bar-chart-steps" in page and "gantt.js" in page
    assert page.count('class="gantt-edit"') == 3  # First, Second and the milestone
    response = client.get(gantt_url(tenant_a.project, zoom="day"), HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div class="card gantt-card" id="gantt-chart"')
    assert 'data-zoom="day"' in fragment and "gantt-nonworking" in fragment
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_an_unknown_zoom_or_baseline_falls_back_to_the_defaults(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    page = client.get(gantt_url(tenant_a.project, zoom="year", baseline="x")).content.decode()
    assert 'data-zoom="week"' in page
    assert "gantt-baseline" in page  # the project's reference baseline
    page = client.get(gantt_url(tenant_a.project, baseline="none")).content.decode()
    assert 'class="gantt-baseline"' not in page


@pytest.mark.django_db
def test_rows_beyond_the_first_window_load_as_fragments(client, tenant_a, monkeypatch):
    monkeypatch.setattr(gantt, "WINDOW", 2)
    for n in range(5):
        services.task_create(actor=tenant_a.manager, project=tenant_a.project, name=f"Row {n}")
    client.force_login(tenant_a.manager)
    page = client.get(gantt_url(tenant_a.project)).content.decode()
    assert "Row 1" in page and "Row 2" not in page
    assert 'id="gantt-more"' in page and 'hx-trigger="intersect once"' in page
    more = client.get(gantt_url(tenant_a.project, offset=2), HTTP_HX_REQUEST="true")
    fragment = more.content.decode()
    assert "<html" not in fragment
    assert 'data-offset="2"' in fragment and "Row 2" in fragment and "Row 4" not in fragment
    assert "offset=4" in fragment  # the next placeholder
    last = client.get(gantt_url(tenant_a.project, offset=4), HTTP_HX_REQUEST="true")
    assert 'id="gantt-more"' not in last.content.decode()
    # Without JavaScript the placeholder is a link that shows more rows on the page.
    assert "Row 3" in client.get(gantt_url(tenant_a.project, rows=4)).content.decode()


@pytest.mark.django_db
def test_the_page_runs_a_constant_number_of_queries(
    client, tenant_a, plan, django_assert_max_num_queries
):
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(14) as small:
        client.get(gantt_url(tenant_a.project))
    previous = plan["done"]
    for n in range(30):
        task = services.task_create(
            actor=tenant_a.manager, project=tenant_a.project, name=f"T{n}", parent=plan["phase"]
        )
        services.dependency_create(actor=tenant_a.manager, predecessor=previous, successor=task)
        previous = task
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(gantt_url(tenant_a.project))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(gantt_url(tenant_a.project, offset=10), HTTP_HX_REQUEST="true")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "client_contact", "client_viewer"])
def test_members_and_clients_see_the_chart_read_only(client, tenant_a, plan, role):
    client.force_login(getattr(tenant_a, role))
    page = client.get(gantt_url(tenant_a.project)).content.decode()
    assert 'id="gantt-chart"' in page
    assert "gantt-edit" not in page and "gantt-handle" not in page


@pytest.mark.django_db
def test_a_client_sees_only_client_visible_tasks_and_no_baseline(client, tenant_a, plan):
    client.force_login(tenant_a.client_viewer)
    page = client.get(gantt_url(tenant_a.project, baseline=plan["baseline"].pk)).content.decode()
    assert "First" in page and "Second" not in page and "Done" not in page
    assert 'class="gantt-baseline"' not in page and 'name="baseline"' not in page
    assert "gantt-link" not in page


@pytest.mark.django_db
def test_an_empty_plan_shows_a_friendly_empty_state(client, tenant_a):
    client.force_login(tenant_a.manager)
    page = client.get(gantt_url(tenant_a.project)).content.decode()
    assert 'data-testid="gantt-empty"' in page and "gantt-scroller" not in page
    client.force_login(tenant_a.client_contact)
    assert 'data-testid="gantt-empty"' in client.get(gantt_url(tenant_a.project)).content.decode()


@pytest.mark.django_db
def test_dragging_a_bar_moves_its_start_and_its_successor(client, tenant_a, plan):
    first, second = plan["task"], plan["second"]
    old_second_start = second.start_date
    client.force_login(tenant_a.manager)
    new_start = first.start_date + dt.timedelta(days=7)
    response = client.post(
        task_url(tenant_a.project, first),
        {"start": new_start.isoformat(), "zoom": "day", "rows": "150"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="gantt-chart"' in body and 'data-zoom="day"' in body
    assert "task:updated" in response["HX-Trigger"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.constraint_type, first.constraint_date) == (ConstraintType.SNET, new_start)
    assert first.start_date == new_start
    assert second.start_date > old_second_start
    assert f'data-start="{new_start.isoformat()}"' in body


@pytest.mark.django_db
def test_resizing_a_bar_changes_its_duration_in_working_days(client, tenant_a, plan):
    first = plan["task"]
    client.force_login(tenant_a.manager)
    client.post(task_url(tenant_a.project, first), {"duration_days": "6"}, HTTP_HX_REQUEST="true")
    first.refresh_from_db()
    assert first.duration_days == 6
    calendar = tenant_a.project.calendar.to_engine()
    assert first.finish_date == calendar.finish_for(first.start_date, 6)


@pytest.mark.django_db
def test_the_form_is_the_keyboard_path_to_the_same_change(client, tenant_a, plan):
    first = plan["task"]
    client.force_login(tenant_a.manager)
    panel = client.get(task_url(tenant_a.project, first), HTTP_HX_REQUEST="true").content.decode()
    assert panel.lstrip().startswith('<div id="gantt-task-panel">')
    assert 'name="start"' in panel and 'name="duration_days"' in panel
    page = client.get(task_url(tenant_a.project, first)).content.decode()
    assert "<html" in page and 'data-testid="gantt-task-form"' in page
    new_start = first.start_date + dt.timedelta(days=14)
    response = client.post(
        task_url(tenant_a.project, first),
        {"start": new_start.isoformat(), "duration_days": "4", "zoom": "month"},
    )
    assert response.status_code == 302
    assert response["Location"] == gantt_url(tenant_a.project, zoom="month")
    first.refresh_from_db()
    assert (first.start_date, first.duration_days) == (new_start, 4)


@pytest.mark.django_db
def test_a_milestone_moves_but_has_no_duration_and_a_summary_does_not_move(client, tenant_a, plan):
    client.force_login(tenant_a.manager)
    panel = client.get(task_url(tenant_a.project, plan["done"]), HTTP_HX_REQUEST="true")
    assert 'name="start"' in panel.content.decode()
    assert 'name="duration_days"' not in panel.content.decode()
    phase = plan["phase"]
    before = (phase.start_date, phase.constraint_type)
    response = client.post(
        task_url(tenant_a.project, phase), {"start": "2027-01-04"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "A summary task takes its dates from its subtasks." in response.content.decode()
    assert "HX-Trigger" not in response
    phase.refresh_from_db()
    assert (phase.start_date, phase.constraint_type) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "not a date"}, "Enter a valid date."),
        ({"duration_days": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"duration_days": "many"}, "Enter a whole number."),
        ({}, "Give a start date or a duration."),
    ],
)
def test_invalid_input_shows_a_message_and_saves_nothing(client, tenant_a, plan, data, message):
    first = plan["task"]
    before = Task.objects.values().get(pk=first.pk)
    client.force_login(tenant_a.manager)
    response = client.post(task_url(tenant_a.project, first), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'data-testid="gantt-task-form"' in response.content.decode()  # the form stays open
    assert "HX-Trigger" not in response
    assert Task.objects.values().get(pk=first.pk) == before
    full = client.post(task_url(tenant_a.project, first), data)
    assert full.status_code == 422 and message in full.content.decode()


@pytest.mark.django_db
def test_a_refusal_from_the_service_is_shown_in_the_fragment(client, tenant_a, plan, monkeypatch):
    from ito_portal.core.errors import DomainError

    def refuse(**kwargs):
        raise DomainError("The plan is locked for the steering committee.")

    monkeypatch.setattr(services, "task_update", refuse)
    client.force_login(tenant_a.manager)
    response = client.post(
        task_url(tenant_a.project, plan["task"]), {"start": "2026-12-01"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "The plan is locked for the steering committee." in response.content.decode()


@pytest.mark.django_db
def test_a_drop_the_predecessors_overrule_is_explained(client, tenant_a, plan):
    second = plan["second"]
    earlier = second.start_date - dt.timedelta(days=3)
    client.force_login(tenant_a.manager)
    response = client.post(
        task_url(tenant_a.project, second), {"start": earlier.isoformat()}, HTTP_HX_REQUEST="true"
    )
    second.refresh_from_db()
    assert second.start_date > earlier
    assert "keep it from starting before" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "client_contact"])
def test_the_drag_endpoint_refuses_those_who_may_only_read(client, tenant_a, plan, role):
    client.force_login(getattr(tenant_a, role))
    url = task_url(tenant_a.project, plan["task"])  # client-visible: they can see it
    assert client.post(url, {"start": "2026-12-01"}).status_code == 403
    assert client.get(url).status_code == 403
    hidden = task_url(tenant_a.project, plan["second"])
    assert client.post(hidden, {"start": "2026-12-01"}).status_code == (
        404 if role == "client_contact" else 403
    )


@pytest.mark.django_db
def test_the_drag_endpoint_answers_outsiders_not_found(client, tenant_a, tenant_b, plan):
    url = task_url(tenant_a.project, plan["task"])
    client.force_login(tenant_b.manager)
    assert client.post(url, {"start": "2026-12-01"}).status_code == 404
    other = ProjectFactory(manager=tenant_a.manager)  # a task under the wrong project id
    client.force_login(tenant_a.manager)
    wrong = reverse(
        "projects:task_gantt", kwargs={"project_id": other.pk, "task_id": plan["task"].pk}
    )
    assert client.post(wrong, {"start": "2026-12-01"}).status_code == 404
