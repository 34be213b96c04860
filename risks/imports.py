"""Import risks from CSV or Excel: every row is checked, and either all are added or none, with
a report that names each problem by row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core.errors import DomainError
from projects.models import Project
from projects.transfer.tabular import FileProblem, decode

from . import services
from .choices import OPEN_RISK_STATUSES, RiskKind, RiskStrategy
from .models import Risk, RiskCategory

MAX_ROWS = 2000
# Column keys, with the headers people write for them (English and Chinese).
COLUMNS = {
    "title": ("title", "risk", "标题", "风险"),
    "category": ("category", "类别", "分类"),
    "kind": ("kind", "type", "threat or opportunity", "类型"),
    "probability": ("probability", "可能性", "概率"),
    "impact": ("impact", "影响"),
    "owner": ("owner", "负责人"),
    "status": ("status", "状态"),
    "strategy": ("strategy", "response strategy", "应对策略"),
    "cause": ("cause", "原因"),
    "description": ("description", "risk event", "event", "描述", "风险事件"),
    "effect": ("effect", "后果"),
    "trigger": ("trigger", "触发条件"),
    "response_plan": ("response plan", "response_plan", "应对计划"),
    "proximity": ("proximity", "临近日期"),
    "review_date": ("review date", "review_date", "next review", "复审日期"),
    "contingency_amount": ("contingency amount", "contingency_amount", "应急储备金"),
    "contingency_days": ("contingency days", "contingency_days", "应急天数"),
    "residual_probability": ("residual probability", "residual_probability", "剩余可能性"),
    "residual_impact": ("residual impact", "residual_impact", "剩余影响"),
    "client_visible": ("client visible", "client_visible", "客户可见"),
}
HEADERS = {alias.lower(): key for key, aliases in COLUMNS.items() for alias in aliases}
TRUE = {"yes", "y", "true", "1", "x", "是"}
FALSE = {"no", "n", "false", "0", "", "否"}
KINDS = {"threat": RiskKind.THREAT, "威胁": RiskKind.THREAT, "opportunity": RiskKind.OPPORTUNITY,
         "机会": RiskKind.OPPORTUNITY}  # fmt: skip


@dataclass
class Problem:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: list[Risk] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_table(name: str, data: bytes) -> list[list[str]]:
    """The cells of the first sheet (Excel) or of the CSV, as text."""
    if name.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        try:
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise FileProblem(_("This Excel file cannot be read: %(error)s") % {"error": exc})
        sheet = book.worksheets[0]
        return [
            ["" if v is None else (v.date().isoformat() if isinstance(v, dt.datetime) else str(v))
             for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]  # fmt: skip
    text = decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


class _Row:
    def __init__(self, number: int, values: dict[str, str], report: ImportReport):
        self.number, self.values, self.report = number, values, report

    def problem(self, column: str, message: str) -> None:
        self.report.problems.append(Problem(self.number, column, message))

    def text(self, key: str) -> str:
        return (self.values.get(key) or "").strip()

    def rating(self, key: str, *, required: bool) -> int | None:
        value = self.text(key)
        if not value:
            if required:
                self.problem(key, _("Rate it from 1 to 5."))
            return None
        try:
            number = int(float(value))
        except ValueError:
            number = 0
        if not 1 <= number <= 5:
            self.problem(key, _("Rate it from 1 to 5."))
            return None
        return number

    def date(self, key: str) -> dt.date | None:
        value = self.text(key)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value[:10].replace("/", "-"))
        except ValueError:
            self.problem(key, _("Write the date as YYYY-MM-DD."))
            return None


def _lookups(project: Project) -> tuple[dict, dict]:
    categories = {}
    for category in RiskCategory.objects.filter(is_active=True):
        for name in (category.key, category.name_en, category.name_zh):
            if name:
                categories[name.strip().lower()] = category
    people = {}
    from .forms import team_of

    for user in team_of(project):
        for name in (user.username, user.email, user.get_display_name()):
            if name:
                people[name.strip().lower()] = user
    return categories, people


def _parse(row: _Row, categories: dict, people: dict) -> dict | None:
    before = len(row.report.problems)
    fields: dict = {"title": row.text("title")}
    if not fields["title"]:
        row.problem("title", _("Give the risk a title."))
    name = row.text("category").lower()
    if name:
        fields["category"] = categories.get(name)
        if fields["category"] is None:
            row.problem("category", _("Unknown category “%(name)s”.") % {"name": name})
    kind = row.text("kind").lower()
    if kind:
        if kind not in KINDS:
            row.problem("kind", _("Write threat or opportunity."))
        fields["kind"] = KINDS.get(kind, RiskKind.THREAT)
    fields["probability"] = row.rating("probability", required=True)
    fields["impact"] = row.rating("impact", required=True)
    fields["residual_probability"] = row.rating("residual_probability", required=False)
    fields["residual_impact"] = row.rating("residual_impact", required=False)
    owner = row.text("owner").lower()
    if owner:
        fields["owner"] = people.get(owner)
        if fields["owner"] is None:
            row.problem("owner", _("“%(name)s” is not in the project team.") % {"name": owner})
    status = row.text("status").lower()
    if status:
        if status not in OPEN_RISK_STATUSES:
            row.problem(
                "status", _("A new risk is identified, assessed, responding or monitoring.")
            )
        fields["status"] = status
    strategy = row.text("strategy").lower()
    if strategy:
        if strategy not in RiskStrategy.values:
            row.problem("strategy", _("Unknown strategy “%(name)s”.") % {"name": strategy})
        fields["strategy"] = strategy
    for key in ("cause", "description", "effect", "trigger", "response_plan"):
        fields[key] = row.text(key)
    fields["proximity"] = row.date("proximity")
    fields["review_date"] = row.date("review_date")
    amount = row.text("contingency_amount").replace(",", "") or "0"
    try:
        fields["contingency_amount"] = Decimal(amount)
        if fields["contingency_amount"] < 0:
            raise InvalidOperation
    except InvalidOperation:
        row.problem("contingency_amount", _("Write an amount of money, such as 12000.50."))
    days = row.text("contingency_days") or "0"
    fields["contingency_days"] = int(days) if days.isdigit() else 0
    if not days.isdigit():
        row.problem("contingency_days", _("Write a whole number of days."))
    visible = row.text("client_visible").lower()
    if visible not in TRUE | FALSE:
        row.problem("client_visible", _("Write yes or no."))
    fields["client_visible"] = visible in TRUE
    return fields if len(row.report.problems) == before else None


def risks_import(*, actor: User, project: Project, name: str, data: bytes) -> ImportReport:
    """Check every row; add all the risks, or none when any row has a problem."""
    report = ImportReport()
    try:
        table = [row for row in read_table(name, data) if any(cell.strip() for cell in row)]
    except FileProblem as exc:
        report.problems.append(Problem(0, "", exc.problem.text()))
        return report
    if not table:
        report.problems.append(Problem(0, "", _("The file is empty.")))
        return report
    header = [HEADERS.get(cell.strip().lower()) for cell in table[0]]
    if "title" not in header:
        report.problems.append(
            Problem(1, "", _("The first row must name the columns, with at least “title”."))
        )
        return report
    if len(table) - 1 > MAX_ROWS:
        report.problems.append(
            Problem(0, "", _("At most %(max)d risks at once.") % {"max": MAX_ROWS})
        )
        return report
    categories, people = _lookups(project)
    parsed = []
    for number, cells in enumerate(table[1:], start=2):
        values = {key: cells[i] for i, key in enumerate(header) if key and i < len(cells)}
        row = _Row(number, values, report)
        fields = _parse(row, categories, people)
        if fields is not None:
            parsed.append((number, fields))
    report.rows = len(table) - 1
    if report.problems:
        return report
    try:
        with transaction.atomic():
            for number, fields in parsed:
                title = fields.pop("title")
                try:
                    report.created.append(
                        services.risk_create(actor=actor, project=project, title=title, **fields)
                    )
                except DomainError as exc:
                    for column, messages in exc.errors.items():
                        for message in messages:
                            report.problems.append(Problem(number, column, message))
            if report.problems:
                raise _Rollback
    except _Rollback:
        report.created = []
    return report


class _Rollback(Exception):
    """Undo every row of an import that had a problem."""
