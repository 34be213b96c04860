"""The documented column layout of plan spreadsheets (CSV and Excel), and how cells are read.

A header matches a column by its English name, its Chinese name, or the names MS Project uses
when it saves a table to Excel in either language; letter case and spaces do not matter. Cells
are forgiving about how people write durations, lags and dates, and strict about meaning: a
value that cannot be understood is a problem for the report, never a guess.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ..choices import ConstraintType

HOURS_PER_DAY = 8
DAYS_PER_WEEK = 5
MAX_DAYS = 3650  # durations and lags: ten years of working days, as the link service allows


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation: the header written in the reader's language
    aliases: tuple[str, ...]
    help: object
    example: str
    imported: bool = True


COLUMNS = (
    Column(
        "id",
        _("ID"),
        ("id", "#", "no", "标识号", "序号", "编号"),
        _(
            "A number for the row, which predecessors refer to. Optional: without it, a task's "
            "number is its position (1 for the first task)."
        ),
        "3",
    ),
    Column(
        "wbs",
        _("WBS"),
        ("wbs", "wbs code", "outline number", "大纲数字", "wbs编码", "wbs码"),
        _(
            "The task's place in the tree: 1, 1.1, 1.2, 2… A row's parent is the row whose "
            "code it extends. Give this or the outline level."
        ),
        "1.2",
    ),
    Column(
        "level",
        _("Outline level"),
        ("outline level", "level", "大纲级别", "级别", "层级"),
        _(
            "1 for the top level, 2 for a task under the row above it, and so on (used when "
            "there is no WBS column)."
        ),
        "2",
    ),
    Column(
        "name",
        _("Name"),
        ("name", "task name", "task", "名称", "任务名称", "任务"),
        _("Required."),
        _("Build the interfaces"),
    ),
    Column(
        "duration",
        _("Duration"),
        ("duration", "duration (days)", "工期", "持续时间"),
        _(
            "Working days: 5, 5d, 2w (ten days), 16h (two days), 5 个工作日. 0 makes a "
            "milestone; empty is one day. Ignored on summary rows."
        ),
        "5d",
    ),
    Column(
        "predecessors",
        _("Predecessors"),
        ("predecessors", "前置任务", "紧前任务"),
        _(
            "IDs (or WBS codes) of the tasks this one waits for, with the link type and a "
            "lag or lead in working days: 3, 3FS+2d, 5SS, 7FF-1d. Separate them with commas."
        ),
        "2FS+1d, 3SS",
    ),
    Column(
        "constraint",
        _("Constraint"),
        ("constraint", "constraint type", "限制类型", "约束类型", "约束"),
        _(
            "asap, alap, snet, snlt, fnet, fnlt, mso, mfo, or their full names (Start No "
            "Earlier Than…). Empty is as soon as possible."
        ),
        "snet",
    ),
    Column(
        "constraint_date",
        _("Constraint date"),
        ("constraint date", "限制日期", "约束日期"),
        _("The date of a dated constraint, as 2026-11-02."),
        "2026-11-16",
    ),
    Column(
        "assignee",
        _("Assignee"),
        ("assignee", "resource names", "resource", "资源名称", "负责人", "执行人"),
        _("The username of a team member of the project."),
        "eng.chen",
    ),
    Column(
        "effort",
        _("Effort (hours)"),
        ("effort", "effort (hours)", "work", "工时", "工作量", "工作量(小时)", "工时(小时)"),
        _("Planned hours of work: 16, 16h or 2d (16 hours)."),
        "24",
    ),
    Column(
        "percent",
        _("% complete"),
        ("% complete", "percent complete", "progress", "完成百分比", "进度"),
        _("0 to 100."),
        "0",
    ),
    Column(
        "client_visible",
        _("Client visible"),
        ("client visible", "客户可见"),
        _("yes or no: whether the client sees the task."),
        _("yes"),
    ),
    Column(
        "notes",
        _("Notes"),
        ("notes", "description", "备注", "描述"),
        _("A description, in Markdown."),
        "",
    ),
    Column(
        "start",
        _("Start"),
        ("start", "开始", "开始时间"),
        _("Written by exports; the portal computes it, so imports ignore it."),
        "",
        imported=False,
    ),
    Column(
        "finish",
        _("Finish"),
        ("finish", "完成", "完成时间"),
        _("Written by exports; the portal computes it, so imports ignore it."),
        "",
        imported=False,
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}
# What an export writes and the template shows, in this order.
EXPORTED = (
    "id",
    "wbs",
    "name",
    "duration",
    "predecessors",
    "constraint",
    "constraint_date",
    "assignee",
    "effort",
    "percent",
    "client_visible",
    "start",
    "finish",
    "notes",
)
TEMPLATE = tuple(key for key in EXPORTED if BY_KEY[key].imported)


def normalize(text: str) -> str:
    """Compare headers and words loosely: width, case, spaces and trailing marks ignored."""
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    text = re.sub(r"\s+", " ", text).strip(" *:：")
    return text.replace("( ", "(").replace(" )", ")")


def _header_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for column in COLUMNS:
        for alias in column.aliases:
            names[normalize(alias)] = column.key
        for language in ("en", "zh-hans"):
            with translation.override(language):
                names.setdefault(normalize(str(column.label)), column.key)
    return names


def match_headers(headers: list) -> tuple[dict[str, int], list[str]]:
    """{column key: index} for the headers we know, and the headers we do not."""
    names = _header_names()
    found: dict[str, int] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        if header is None or not str(header).strip():
            continue
        key = names.get(normalize(header))
        if key is None:
            unknown.append(str(header).strip())
        elif key not in found:
            found[key] = index
    return found, unknown


# --- cells -------------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read; `message` is a msgid, `params` its values."""

    def __init__(self, message: str, **params) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_DAY_UNITS = {"", "d", "day", "days", "天", "日", "工作日", "个工作日", "個工作日"}
_WEEK_UNITS = {"w", "wk", "wks", "week", "weeks", "周", "工作周", "个工作周", "星期"}
_HOUR_UNITS = {"h", "hr", "hrs", "hour", "hours", "小时", "小時", "工时", "个小时"}
_ELAPSED_UNITS = {"ed", "edays", "eday", "ew", "eh", "emin", "emo"}
_AMOUNT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(.*?)\s*\??$")


def _days(amount: Decimal, unit: str) -> tuple[Decimal, bool]:
    """Working days for an amount in a unit; the flag says whether the unit is known."""
    unit = normalize(unit).replace(" ", "")
    if unit in _DAY_UNITS:
        return amount, True
    if unit in _WEEK_UNITS:
        return amount * DAYS_PER_WEEK, True
    if unit in _HOUR_UNITS:
        return amount / HOURS_PER_DAY, True
    return amount, False


def parse_duration(value) -> tuple[int, bool]:
    """Whole working days, and whether it was rounded up from a part of a day."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount, unit = Decimal(str(value)), ""
    else:
        text = text_of(value)
        if not text:
            return 1, False
        match = _AMOUNT.match(unicodedata.normalize("NFKC", text))
        if match is None:
            raise CellError(
                gettext_noop("“%(value)s” is not a duration; write working days, e.g. 5d."),
                value=text,
            )
        amount, unit = Decimal(match.group(1)), match.group(2)
        if normalize(unit) in _ELAPSED_UNITS:
            raise CellError(
                gettext_noop("“%(value)s” is in elapsed time; plans count working days."),
                value=text,
            )
        amount, known = _days(amount, unit)
        if not known:
            raise CellError(
                gettext_noop("“%(value)s” is not a duration; write working days, e.g. 5d."),
                value=text,
            )
    if amount < 0:
        raise CellError(gettext_noop("A duration cannot be negative."))
    days = math.ceil(amount)
    if days > MAX_DAYS:
        raise CellError(gettext_noop("%(days)s working days is longer than ten years."), days=days)
    return days, days != amount


_LINK = re.compile(
    r"^(?P<ref>\d+(?:\.\d+)*)\s*(?P<type>fs|ss|ff|sf|完成-开始|开始-开始|完成-完成|开始-完成)?\s*"
    r"(?:(?P<sign>[+-])\s*(?P<lag>\d+(?:\.\d+)?)\s*(?P<unit>[^\d]*?))?\s*\??$",
    re.IGNORECASE,
)
_CHINESE_TYPES = {"完成-开始": "FS", "开始-开始": "SS", "完成-完成": "FF", "开始-完成": "SF"}


def parse_predecessors(value) -> list[tuple[str, str, int]]:
    """[(reference, type, lag in working days)] from “3FS+2d, 5SS, 7”."""
    text = unicodedata.normalize("NFKC", text_of(value)).replace("−", "-")
    links = []
    for part in re.split(r"[,;、]", text):
        part = part.strip()
        if not part:
            continue
        match = _LINK.match(part)
        if match is None:
            raise CellError(
                gettext_noop("“%(value)s” is not a predecessor; write e.g. 3FS+2d or 5SS."),
                value=part,
            )
        kind = match.group("type") or "FS"
        kind = _CHINESE_TYPES.get(kind, kind.upper())
        lag = 0
        if match.group("lag"):
            unit = match.group("unit") or ""
            if "%" in unit:
                raise CellError(
                    gettext_noop(
                        "“%(value)s”: lags in percent are not supported; give working days."
                    ),
                    value=part,
                )
            days, known = _days(Decimal(match.group("lag")), unit)
            if not known or normalize(unit) in _ELAPSED_UNITS:
                raise CellError(
                    gettext_noop("“%(value)s” is not a predecessor; write e.g. 3FS+2d or 5SS."),
                    value=part,
                )
            if days != int(days):
                raise CellError(
                    gettext_noop("“%(value)s”: lags are whole working days."), value=part
                )
            lag = int(days) * (-1 if match.group("sign") == "-" else 1)
            if abs(lag) > MAX_DAYS:
                raise CellError(
                    gettext_noop("“%(value)s”: the lag is limited to ten years of working days."),
                    value=part,
                )
        links.append((match.group("ref"), kind, lag))
    return links


_CONSTRAINT_WORDS = {
    "as soon as possible": "asap",
    "as late as possible": "alap",
    "start no earlier than": "snet",
    "start no later than": "snlt",
    "finish no earlier than": "fnet",
    "finish no later than": "fnlt",
    "must start on": "mso",
    "must finish on": "mfo",
    "越早越好": "asap",
    "越晚越好": "alap",
    "不得早于...开始": "snet",
    "不得晚于...开始": "snlt",
    "不得早于…开始": "snet",
    "不得晚于…开始": "snlt",
    "不得早于...完成": "fnet",
    "不得晚于...完成": "fnlt",
    "不得早于…完成": "fnet",
    "不得晚于…完成": "fnlt",
    "必须开始于": "mso",
    "必须完成于": "mfo",
}


def _constraint_names() -> dict[str, str]:
    names = {normalize(k): v for k, v in _CONSTRAINT_WORDS.items()}
    for code, label in ConstraintType.choices:
        names[code] = code
        for language in ("en", "zh-hans"):
            with translation.override(language):
                names.setdefault(normalize(str(label)), code)
    return names


def parse_constraint(value) -> str:
    text = text_of(value)
    if not text:
        return ConstraintType.ASAP
    code = _constraint_names().get(normalize(text))
    if code is None:
        raise CellError(
            gettext_noop(
                "“%(value)s” is not a constraint; use asap, alap, snet, snlt, fnet, "
                "fnlt, mso or mfo."
            ),
            value=text,
        )
    return code


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", text_of(value))
    if not text:
        return None
    match = _DATE.match(text)
    if match is not None:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(gettext_noop("“%(value)s” is not a date; write it as 2026-11-02."), value=text)


def parse_hours(value) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        hours = Decimal(str(value))
    else:
        text = unicodedata.normalize("NFKC", text_of(value))
        if not text:
            return Decimal(0)
        match = _AMOUNT.match(text)
        unit = normalize(match.group(2)).replace(" ", "") if match else "?"
        if match is None or not (unit in _HOUR_UNITS or unit in _DAY_UNITS):
            raise CellError(gettext_noop("“%(value)s” is not an effort in hours."), value=text)
        hours = Decimal(match.group(1))
        if unit and unit in _DAY_UNITS:
            hours *= HOURS_PER_DAY
    if hours < 0:
        raise CellError(gettext_noop("Effort cannot be negative."))
    if hours >= Decimal("1e8"):
        raise CellError(
            gettext_noop("“%(value)s” is not an effort in hours."), value=text_of(value)
        )
    return hours.quantize(Decimal("0.01"))


def parse_percent(value) -> int:
    text = unicodedata.normalize("NFKC", text_of(value)).rstrip("%").strip()
    if not text:
        return 0
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(
            gettext_noop("“%(value)s” is not a percentage from 0 to 100."), value=text_of(value)
        )
    if not 0 <= number <= 100:
        raise CellError(
            gettext_noop("“%(value)s” is not a percentage from 0 to 100."), value=text_of(value)
        )
    return int(number.to_integral_value())


_TRUE = {"yes", "y", "true", "1", "x", "✓", "✔", "√", "是", "对", "可见", "客户可见"}
_FALSE = {"no", "n", "false", "0", "", "-", "×", "否", "不", "不可见"}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = normalize(text_of(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    for language in ("en", "zh-hans"):
        with translation.override(language):
            if text == normalize(str(_("yes"))):
                return True
            if text == normalize(str(_("no"))):
                return False
    raise CellError(gettext_noop("“%(value)s” is not yes or no."), value=text_of(value))


def format_days(days: int) -> str:
    return f"{days}d"


def format_link(ref: str, kind: str, lag: int) -> str:
    if lag:
        return f"{ref}{kind}{lag:+d}d"
    return ref if kind == "FS" else f"{ref}{kind}"
