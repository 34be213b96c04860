"""Plans as tables: CSV and Excel (.xlsx) readers and writers, and the downloadable template.

Both formats share one column layout (`columns.COLUMNS`): the first non-empty row holds the
headers, each following row one task, in WBS order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import columns
from .columns import BY_KEY, CellError, text_of
from .plan import Place, Plan, PlanLink, PlanTask, Problem

# Cells a spreadsheet would run as a formula: exports quote them, imports unquote them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SNIFFED = {
    b"PK\x03\x04": gettext_noop("This is an Excel (or other zipped) file, not CSV: choose Excel."),
    b"\xd0\xcf\x11\xe0": gettext_noop(
        "This is an old binary Office file (.xls or .mpp): save it as "
        ".xlsx, or from MS Project as XML, and import that."
    ),
}


class FileProblem(Exception):
    """The file cannot be read at all; `problem` says why."""

    def __init__(self, message: str, **params) -> None:
        super().__init__(message)
        self.problem = Problem(message, params)


def sniff_not_csv(data: bytes) -> None:
    for magic, message in SNIFFED.items():
        if data.startswith(magic):
            raise FileProblem(message)
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<project")):
        raise FileProblem(gettext_noop("This is an XML file, not CSV: choose MS Project XML."))


def decode(data: bytes) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), UTF-16 (Excel's Unicode text), or GBK."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem(
                gettext_noop("The file says it is UTF-8 but is not; save it again as CSV UTF-8.")
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise FileProblem(
            gettext_noop("This is not a text file; choose the format it was saved in.")
        )
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(gettext_noop("The text is neither UTF-8 nor GBK; save it as CSV UTF-8."))


def _csv_rows(text: str) -> Iterator[tuple[int, list]]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        yield reader.line_num, row


def read_csv(data: bytes) -> Plan:
    try:
        sniff_not_csv(data)
        text = decode(data)
    except FileProblem as exc:
        return Plan(problems=[exc.problem])
    try:
        return _read_table(_csv_rows(text))
    except csv.Error as exc:
        return Plan(
            problems=[
                Problem(gettext_noop("The CSV cannot be read: %(error)s."), {"error": str(exc)})
            ]
        )


def read_xlsx(data: bytes) -> Plan:
    from openpyxl import load_workbook  # a heavy import, only when reading Excel

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return Plan(problems=[Problem(SNIFFED[b"\xd0\xcf\x11\xe0"])])
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return Plan(
            problems=[
                Problem(
                    gettext_noop(
                        "This is not an Excel .xlsx file; choose the format it was saved in."
                    )
                )
            ]
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for damaged or foreign zip files
        return Plan(
            problems=[
                Problem(
                    gettext_noop(
                        "This Excel file cannot be read; open it in Excel and "
                        "save it again as .xlsx."
                    )
                )
            ]
        )
    try:
        sheets = book.worksheets
        for sheet in sheets:
            sheet.reset_dimensions()  # some writers store wrong sizes; read what is there
            rows = (
                (number, list(row))
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
            )
            plan = _read_table(rows)
            if sheet is sheets[-1] or not _missing_name_column(plan):
                return plan
        return Plan(problems=[Problem(gettext_noop("The workbook has no sheet."))])
    finally:
        book.close()


def _missing_name_column(plan: Plan) -> bool:
    return any(p.message == MISSING_NAME for p in plan.problems)


MISSING_NAME = gettext_noop(
    "No “Name” column: the first row must hold the column headers of the template."
)


def _unquote(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        return text[1:]
    return text


def _read_table(rows: Iterable[tuple[int, list]]) -> Plan:
    plan = Plan()
    rows = iter(rows)
    header = None
    for _number, row in rows:
        if any(text_of(cell) for cell in row):
            header = row
            break
    if header is None:
        plan.problems.append(Problem(gettext_noop("The file holds no task.")))
        return plan
    found, unknown = columns.match_headers(header)
    if "name" not in found:
        plan.problems.append(Problem(MISSING_NAME))
        return plan
    if unknown:
        plan.warnings.append(
            Problem(gettext_noop("Columns not used: %(columns)s."), {"columns": ", ".join(unknown)})
        )
    refs: dict[str, int] = {}
    for number, row in rows:
        if not any(text_of(cell) for cell in row):
            continue
        task = _read_row(plan, found, number, row, sequence=len(plan.tasks) + 1)
        if task.ref in refs:
            plan.problems.append(
                task.place.problem(
                    gettext_noop("ID %(ref)s is used twice (also on row %(other)s)."),
                    ref=task.ref,
                    other=refs[task.ref],
                )
            )
        else:
            refs[task.ref] = number
        plan.tasks.append(task)
    return plan


def _read_row(plan: Plan, found: dict[str, int], number: int, row: list, sequence: int):
    place = Place(row=number)

    def cell(key):
        index = found.get(key)
        return row[index] if index is not None and index < len(row) else None

    def read(key, parse, default):
        try:
            return parse(cell(key))
        except CellError as exc:
            task.bad_cells.add(key)
            plan.problems.append(Problem(exc.message, exc.params, row=number))
            return default

    name = _unquote(text_of(cell("name")))
    task = PlanTask(place=place, name=name)
    if not name:
        plan.problems.append(place.problem(gettext_noop("The task has no name.")))
    elif len(name) > 255:
        plan.problems.append(place.problem(gettext_noop("The name is longer than 255 characters.")))
    ref = text_of(cell("id"))
    if ref and not ref.isdigit():
        plan.problems.append(
            place.problem(gettext_noop("The ID “%(ref)s” is not a number."), ref=ref)
        )
    task.ref = ref or str(sequence)
    if "wbs" in found:
        task.wbs = text_of(cell("wbs"))
        if not task.wbs:
            plan.problems.append(place.problem(gettext_noop("The WBS code is missing.")))
    elif "level" in found:
        level = text_of(cell("level"))
        if level.isdigit() and int(level) >= 1:
            task.level = int(level)
        else:
            plan.problems.append(
                place.problem(
                    gettext_noop("The outline level “%(value)s” is not a whole number from 1."),
                    value=level,
                )
            )
    duration = read("duration", columns.parse_duration, (1, False))
    task.duration_days = duration[0]
    if duration[1]:
        plan.warnings.append(
            place.problem(
                gettext_noop("The duration was rounded up to %(days)s whole working days."),
                days=duration[0],
            )
        )
    task.links = [
        PlanLink(ref, kind, lag)
        for ref, kind, lag in read("predecessors", columns.parse_predecessors, [])
    ]
    task.constraint_type = read("constraint", columns.parse_constraint, "asap")
    task.constraint_date = read("constraint_date", columns.parse_date, None)
    task.assignee = text_of(cell("assignee"))
    task.effort_hours = read("effort", columns.parse_hours, task.effort_hours)
    task.percent_complete = read("percent", columns.parse_percent, 0)
    task.client_visible = read("client_visible", columns.parse_bool, False)
    task.description = _unquote(text_of(cell("notes")))
    return task


# --- writing ---------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text


def row_values(plan: Plan, index: int, keys=columns.EXPORTED) -> list:
    """The cells of one task, in the order of `keys` (dates as dates, numbers as numbers)."""
    task = plan.tasks[index]
    values = {
        "id": index + 1,
        "wbs": task.wbs,
        "level": task.level,
        "name": _quote(task.name),
        "duration": columns.format_days(task.duration_days),
        "predecessors": ", ".join(
            columns.format_link(str(link.predecessor + 1), link.type, link.lag_days)
            for link in task.links
            if link.predecessor is not None
        ),
        "constraint": "" if task.constraint_type == "asap" else task.constraint_type,
        "constraint_date": task.constraint_date,
        "assignee": task.assignee,
        "effort": task.effort_hours,
        "percent": task.percent_complete,
        "client_visible": _("yes") if task.client_visible else _("no"),
        "notes": _quote(task.description),
        "start": task.start,
        "finish": task.finish,
    }
    return [values[key] for key in keys]


def headers(keys=columns.EXPORTED) -> list[str]:
    return [str(BY_KEY[key].label) for key in keys]


def write_csv(plan: Plan, keys=columns.EXPORTED) -> Iterator[str]:
    """The plan as CSV text in chunks (UTF-8 with a BOM, so Excel reads Chinese right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(keys))
    yield "\ufeff" + buffer.getvalue()
    for start in range(0, len(plan.tasks), 500):
        buffer.seek(0)
        buffer.truncate()
        for index in range(start, min(start + 500, len(plan.tasks))):
            writer.writerow(
                "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
                for value in row_values(plan, index, keys)
            )
        yield buffer.getvalue()


def write_xlsx(plan: Plan, keys=columns.EXPORTED, *, with_guide: bool = True) -> bytes:
    """The plan as an Excel workbook: the table, then a sheet describing each column."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Plan"))
    widths = {
        "name": 42,
        "notes": 40,
        "predecessors": 18,
        "assignee": 14,
        "wbs": 10,
        "constraint_date": 14,
        "start": 12,
        "finish": 12,
        "effort": 14,
    }
    for position, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = widths.get(key, 11)
    sheet.freeze_panes = "C2"
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1D60B0")
    header_cells = []
    for label in headers(keys):
        cell = WriteOnlyCell(sheet, value=label)
        cell.font, cell.fill = bold, fill
        header_cells.append(cell)
    sheet.append(header_cells)
    summary_font = Font(bold=True)
    for index, task in enumerate(plan.tasks):
        cells = []
        for key, value in zip(keys, row_values(plan, index, keys), strict=True):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
            if key == "name":
                cell.alignment = Alignment(indent=max(task.level - 1, 0))
                if task.is_summary:
                    cell.font = summary_font
            cells.append(cell)
        sheet.append(cells)
    if with_guide:
        guide = book.create_sheet(_("Columns"))
        guide.column_dimensions["A"].width = 22
        guide.column_dimensions["B"].width = 100
        guide.append([_("Column"), _("How to fill it")])
        for key in keys:
            column = BY_KEY[key]
            guide.append([str(column.label), str(column.help)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_plan() -> Plan:
    """A small example plan: a summary, work with links and a constraint, and a milestone."""

    def task(level, wbs, name, days=1, **fields):
        return PlanTask(
            place=Place(), name=str(name), level=level, wbs=wbs, duration_days=days, **fields
        )

    plan = Plan()
    plan.tasks = [
        task(1, "1", _("Design")),
        task(2, "1.1", _("Requirements workshop"), 3, client_visible=True),
        task(2, "1.2", _("Architecture"), 5, links=[PlanLink("2", "FS", 0, predecessor=1)]),
        task(1, "2", _("Build")),
        task(
            2,
            "2.1",
            _("Build the interfaces"),
            10,
            constraint_type="snet",
            links=[PlanLink("3", "FS", 1, predecessor=2)],
        ),
        task(2, "2.2", _("Test plan"), 4, links=[PlanLink("5", "SS", 2, predecessor=4)]),
        task(
            2,
            "2.3",
            _("Sign-off"),
            0,
            client_visible=True,
            links=[PlanLink("5", "FF", 0, predecessor=4), PlanLink("6", "FS", 0, predecessor=5)],
        ),
    ]
    plan.tasks[1].effort_hours = Decimal(24)
    plan.tasks[4].constraint_date = dt.date(2026, 11, 16)
    for parent in (0, 3):
        plan.tasks[parent].is_summary = True
    return plan
