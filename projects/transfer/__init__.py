"""Plans in and out of files: CSV and Excel in a documented column layout, and MS Project XML.

Readers return a :class:`Plan` (the plan in transit, with every problem found); `validate`
resolves its tree and links and adds the problems only the whole plan shows (loops, unknown
predecessors, people outside the team). Writers turn a :class:`Plan` into a file. Nothing here
touches the database: `projects.services.transfer` loads and saves.
"""

from .columns import COLUMNS, EXPORTED, TEMPLATE
from .mspdi import read_mspdi
from .mspdi_write import write_mspdi
from .plan import Place, Plan, PlanCalendar, PlanLink, PlanTask, Problem
from .tabular import read_csv, read_xlsx, template_plan, write_csv, write_xlsx
from .validate import MAX_TASKS, validate

CSV, XLSX, MSPDI = "csv", "xlsx", "mspdi"
FORMATS = (CSV, XLSX, MSPDI)
EXTENSIONS = {CSV: "csv", XLSX: "xlsx", MSPDI: "xml"}
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    MSPDI: "application/xml; charset=utf-8",
}
READERS = {CSV: read_csv, XLSX: read_xlsx, MSPDI: read_mspdi}


def read_plan(data: bytes, format: str) -> Plan:
    """The plan a file holds (parsed, not yet validated), with the problems reading found."""
    return READERS[format](data)


__all__ = [
    "COLUMNS",
    "CONTENT_TYPES",
    "CSV",
    "EXPORTED",
    "EXTENSIONS",
    "FORMATS",
    "MAX_TASKS",
    "MSPDI",
    "TEMPLATE",
    "XLSX",
    "Place",
    "Plan",
    "PlanCalendar",
    "PlanLink",
    "PlanTask",
    "Problem",
    "read_plan",
    "template_plan",
    "validate",
    "write_csv",
    "write_mspdi",
    "write_xlsx",
]
