"""Writes of the CMDB: configuration items, their relations, and the all-or-nothing CSV import."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Organization, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..choices import CIKind, Criticality, Environment, RelationKind
from ..models import CIRelation, ConfigurationItem, Service
from ..permissions import ADD_CI, CHANGE_CI

CI_FIELDS = (
    "name", "kind", "environment", "criticality", "hostname", "service", "owner",
    "description", "attributes", "active",
)  # fmt: skip


def _check_ci(*, client: Organization, data: dict, instance: ConfigurationItem | None = None):
    errors: dict[str, list[str]] = {}
    name = (data.get("name") or "").strip()
    if "name" in data:
        if not name:
            errors["name"] = [_("Name the configuration item.")]
        else:
            clash = ConfigurationItem.objects.filter(client=client, name__iexact=name)
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                errors["name"] = [_("This client already has a configuration item of this name.")]
    service = data.get("service")
    if service is not None and service.contract.client_id != client.pk:
        errors["service"] = [_("The service belongs to another client's contract.")]
    owner = data.get("owner")
    if owner is not None and owner.is_client:
        errors["owner"] = [_("The owner must be one of the vendor's people.")]
    attributes = data.get("attributes")
    if attributes is not None and not isinstance(attributes, dict):
        errors["attributes"] = [_("Attributes are a set of names and values.")]
    if errors:
        raise DomainError(errors=errors)


@transaction.atomic
def ci_create(*, actor: User | None, client: Organization, name: str, kind: str, **data):
    """Add a configuration item to a client's CMDB."""
    if actor is not None:
        access.require(actor, ADD_CI, ConfigurationItem(client=client))
    data["name"] = name
    _check_ci(client=client, data=data)
    ci = ConfigurationItem(client=client, kind=kind, created_by=actor, **data)
    ci.name = name.strip()
    ci.save()
    audit.record(
        actor=actor, obj=ci, action=AuditAction.CREATE,
        changes=audit.snapshot(ci, ["name", "kind", "environment", "criticality", "owner"]),
    )  # fmt: skip
    return ci


@transaction.atomic
def ci_update(*, actor: User | None, ci: ConfigurationItem, data: dict) -> ConfigurationItem:
    """Change a configuration item (its client never changes)."""
    if actor is not None:
        access.require(actor, CHANGE_CI, ci)
    data = {k: v for k, v in data.items() if k in CI_FIELDS}
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    _check_ci(client=ci.client, data=data, instance=ci)
    audit.save_changes(instance=ci, actor=actor, data=data)
    return ci


def _reaches(start: ConfigurationItem, goal: ConfigurationItem, kind: str) -> bool:
    """Does `start` already reach `goal` through relations of `kind`? (one query per level)"""
    seen, frontier = {start.pk}, {start.pk}
    while frontier:
        nxt = set(
            CIRelation.objects.filter(source_id__in=frontier, kind=kind).values_list(
                "target_id", flat=True
            )
        )
        if goal.pk in nxt:
            return True
        frontier = nxt - seen
        seen |= nxt
    return False


@transaction.atomic
def ci_relate(
    *, actor: User | None, source: ConfigurationItem, target: ConfigurationItem, kind: str
) -> CIRelation:
    """`source` runs on / depends on / connects to `target`: same client, never itself, and
    no cycle of "runs on" or "depends on" (a host cannot run on what runs on it)."""
    if actor is not None:
        access.require(actor, CHANGE_CI, source)
    if kind not in RelationKind.values:
        raise DomainError(_("Choose a kind of relation."), field="kind")
    if source.client_id != target.client_id:
        raise DomainError(_("Both items must belong to the same client."), field="target")
    if source.pk == target.pk:
        raise DomainError(_("An item cannot relate to itself."), field="target")
    if kind in (RelationKind.RUNS_ON, RelationKind.DEPENDS_ON) and _reaches(target, source, kind):
        raise DomainError(
            _("%(target)s already %(kind)s %(source)s: this would make a cycle.")
            % {"target": target, "kind": RelationKind(kind).label, "source": source},
            field="target",
        )
    if CIRelation.objects.filter(source=source, target=target, kind=kind).exists():
        raise DomainError(_("This relation exists already."), field="target")
    try:
        with transaction.atomic():
            relation = CIRelation.objects.create(source=source, target=target, kind=kind)
    except IntegrityError:
        raise DomainError(_("This relation exists already."), field="target") from None
    audit.record(
        actor=actor, obj=source, action=AuditAction.UPDATE,
        changes={"relation": {"old": None, "new": str(relation)}},
    )  # fmt: skip
    return relation


@transaction.atomic
def ci_unrelate(*, actor: User | None, relation: CIRelation) -> None:
    if actor is not None:
        access.require(actor, CHANGE_CI, relation.source)
    audit.record(
        actor=actor, obj=relation.source, action=AuditAction.UPDATE,
        changes={"relation": {"old": str(relation), "new": None}},
    )  # fmt: skip
    relation.delete()


# --- CSV import ----------------------------------------------------------------------------------

COLUMNS = {
    "name": ("name", "名称"),
    "kind": ("kind", "type", "类型"),
    "environment": ("environment", "env", "环境"),
    "criticality": ("criticality", "重要性", "关键性"),
    "hostname": ("hostname", "host", "address", "主机名", "地址"),
    "service": ("service", "服务"),
    "owner": ("owner", "owner username", "负责人"),
    "description": ("description", "描述", "说明"),
    "runs_on": ("runs_on", "runs on", "运行于"),
    "depends_on": ("depends_on", "depends on", "依赖"),
}
HEADERS = {alias.lower(): key for key, aliases in COLUMNS.items() for alias in aliases}
MAX_ROWS = 5000


@dataclass
class ImportProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: list[ConfigurationItem] = field(default_factory=list)
    relations: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _choice(value: str, choices) -> str | None:
    wanted = value.strip().lower()
    for code, label in choices.choices:
        if wanted in (code, str(label).lower()):
            return code
    return None


def _read(data: bytes) -> list[list[str]]:
    from projects.transfer.tabular import decode

    text = decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def ci_import(*, actor: User | None, client: Organization, data: bytes) -> ImportReport:
    """Add the CIs of a CSV (columns name, kind, environment, criticality, hostname, service,
    owner, description, and optionally runs_on / depends_on naming other CIs of the client or
    of the file): every row is checked first; either all are added or none."""
    if actor is not None:
        access.require(actor, ADD_CI, ConfigurationItem(client=client))
    report = ImportReport()
    try:
        table = [row for row in _read(data) if any(cell.strip() for cell in row)]
    except (UnicodeError, csv.Error, ValueError):
        table = []
    if not table:
        report.problems.append(ImportProblem(1, "", _("The file is empty or cannot be read.")))
        return report
    header = [HEADERS.get(cell.strip().lower()) for cell in table[0]]
    missing = [key for key in ("name", "kind") if key not in header]
    if missing:
        report.problems.append(
            ImportProblem(1, ", ".join(missing), _("The header needs the columns name and kind."))
        )
        return report
    if len(table) - 1 > MAX_ROWS:
        report.problems.append(
            ImportProblem(1, "", _("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
        )
        return report
    existing = {ci.name.lower(): ci for ci in ConfigurationItem.objects.filter(client=client)}
    services = {s.name.lower(): s for s in Service.objects.filter(contract__client=client)}
    vendor_people = User.objects.filter(is_active=True).exclude(organization__kind="client")
    people = {u.username.lower(): u for u in vendor_people}
    rows: list[tuple[int, dict, dict]] = []
    names_in_file: set[str] = set()
    for number, cells in enumerate(table[1:], start=2):
        values = {
            key: (cells[i].strip() if i < len(cells) else "") for i, key in enumerate(header) if key
        }
        problems_before = len(report.problems)

        def problem(column: str, message: str, number: int = number) -> None:
            report.problems.append(ImportProblem(number, column, message))

        fields: dict = {"name": values.get("name", "")}
        if not fields["name"]:
            problem("name", _("Name the configuration item."))
        elif fields["name"].lower() in existing or fields["name"].lower() in names_in_file:
            problem("name", _("This client already has a configuration item of this name."))
        names_in_file.add(fields["name"].lower())
        for key, choices, required in (
            ("kind", CIKind, True),
            ("environment", Environment, False),
            ("criticality", Criticality, False),
        ):
            value = values.get(key, "")
            if not value:
                if required:
                    problem(
                        key, _("Choose one of: %(values)s") % {"values": ", ".join(choices.values)}
                    )
                continue
            code = _choice(value, choices)
            if code is None:
                problem(key, _("Choose one of: %(values)s") % {"values": ", ".join(choices.values)})
            fields[key] = code
        if values.get("service"):
            fields["service"] = services.get(values["service"].lower())
            if fields["service"] is None:
                problem("service", _("No service of this name in the client's contracts."))
        if values.get("owner"):
            fields["owner"] = people.get(values["owner"].lower())
            if fields["owner"] is None:
                problem("owner", _("No vendor user with this username."))
        fields["hostname"] = values.get("hostname", "")
        fields["description"] = values.get("description", "")
        if len(report.problems) == problems_before:
            rows.append((number, fields, values))
    report.rows = len(table) - 1
    # Relations name CIs already in the CMDB or in this file.
    known = set(existing) | names_in_file
    for number, _fields, values in rows:
        for key in ("runs_on", "depends_on"):
            for name in filter(None, (n.strip() for n in values.get(key, "").split(";"))):
                if name.lower() not in known:
                    report.problems.append(
                        ImportProblem(
                            number, key, _("No configuration item named %(name)s.") % {"name": name}
                        )
                    )
                elif name.lower() == _fields["name"].lower():
                    report.problems.append(
                        ImportProblem(number, key, _("An item cannot relate to itself."))
                    )
    if report.problems:
        return report
    try:
        with transaction.atomic():
            by_name = dict(existing)
            for _number, fields, _values in rows:
                name = fields.pop("name")
                kind = fields.pop("kind")
                ci = ci_create(actor=actor, client=client, name=name, kind=kind, **fields)
                by_name[ci.name.lower()] = ci
                report.created.append(ci)
            for number, _fields, values in rows:
                source = report.created[[r[0] for r in rows].index(number)]
                for key in ("runs_on", "depends_on"):
                    for name in filter(None, (n.strip() for n in values.get(key, "").split(";"))):
                        try:
                            ci_relate(
                                actor=actor, source=source, target=by_name[name.lower()], kind=key
                            )
                        except DomainError as exc:
                            report.problems.append(ImportProblem(number, key, exc.messages[0]))
                        else:
                            report.relations += 1
            if report.problems:
                raise _Rollback
    except _Rollback:
        report.created, report.relations = [], 0
    except DomainError as exc:
        report.created, report.relations = [], 0
        report.problems.append(ImportProblem(0, "", exc.messages[0]))
    return report


class _Rollback(Exception):
    """Undo every row of an import when one of its relations was refused."""
