"""The checklist template library: creating a template and revising it into a new version
(items of past versions, and so past inspections, never change)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..models import ChecklistCategory, ChecklistItem, ChecklistTemplate, ChecklistTemplateVersion

MAX_ITEMS = 200


@dataclass(frozen=True)
class ItemSpec:
    text: str
    guidance: str = ""


def parse_items(text: str) -> list[ItemSpec]:
    """Items written one per line, with optional guidance after a "|"."""
    items = []
    for line in (text or "").splitlines():
        check, _sep, guidance = line.partition("|")
        check = check.strip().lstrip("-*•·").strip()
        if check:
            items.append(ItemSpec(check, guidance.strip()))
    return items


def items_as_text(version: ChecklistTemplateVersion | None) -> str:
    if version is None:
        return ""
    return "\n".join(
        f"{item.text} | {item.guidance}" if item.guidance else item.text
        for item in version.items.all()
    )


def _check_items(items: list[ItemSpec]) -> list[ItemSpec]:
    if not items:
        raise DomainError(_("A checklist needs at least one item."), field="items")
    if len(items) > MAX_ITEMS:
        raise DomainError(
            _("A checklist holds at most %(max)d items.") % {"max": MAX_ITEMS}, field="items"
        )
    if any(len(item.text) > 500 for item in items):
        raise DomainError(_("Keep each item under 500 characters."), field="items")
    return items


def _check_details(data: dict, template: ChecklistTemplate | None) -> dict:
    data = dict(data)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise DomainError(_("Give the template a name."), field="name")
        clash = ChecklistTemplate.objects.filter(name__iexact=data["name"])
        if template is not None:
            clash = clash.exclude(pk=template.pk)
        if clash.exists():
            raise DomainError(_("A template of this name exists already."), field="name")
    if "category" in data and data["category"] not in ChecklistCategory.values:
        raise DomainError(_("Choose a category."), field="category")
    return data


def _new_version(
    *, actor: User | None, template: ChecklistTemplate, items: list[ItemSpec], note: str
) -> ChecklistTemplateVersion:
    last = template.versions.aggregate(last=Max("number"))["last"] or 0
    version = ChecklistTemplateVersion.objects.create(
        template=template, number=last + 1, note=(note or "").strip()[:300], created_by=actor
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(version=version, position=i, text=item.text, guidance=item.guidance)
        for i, item in enumerate(items, start=1)
    )
    template.current_version = version
    template.save(update_fields=["current_version", "updated_at"])
    return version


@transaction.atomic
def template_create(
    *,
    actor: User | None,
    name: str,
    items: list[ItemSpec],
    category: str = ChecklistCategory.OTHER,
    description: str = "",
) -> ChecklistTemplate:
    data = _check_details({"name": name, "category": category}, None)
    items = _check_items(items)
    try:
        with transaction.atomic():
            template = ChecklistTemplate.objects.create(
                description=(description or "").strip(), created_by=actor, **data
            )
    except IntegrityError:
        raise DomainError(_("A template of this name exists already."), field="name") from None
    _new_version(actor=actor, template=template, items=items, note=_("First version"))
    audit.record(
        actor=actor,
        obj=template,
        action=AuditAction.CREATE,
        changes=audit.snapshot(template, ["name", "category"]),
    )
    return template


@transaction.atomic
def template_revise(
    *,
    actor: User | None,
    template: ChecklistTemplate,
    data: dict | None = None,
    items: list[ItemSpec] | None = None,
    note: str = "",
) -> ChecklistTemplate:
    """Change the details in place; changed items become a new version (past inspections keep
    theirs)."""
    data = _check_details(data or {}, template)
    unknown = set(data) - {"name", "category", "description", "is_active"}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    audit.save_changes(instance=template, actor=actor, data=data)
    if items is not None:
        items = _check_items(items)
        current = template.current_version
        old = [ItemSpec(i.text, i.guidance) for i in current.items.all()] if current else []
        if items != old:
            version = _new_version(actor=actor, template=template, items=items, note=note)
            audit.record(
                actor=actor,
                obj=template,
                action=AuditAction.UPDATE,
                changes={"version": {"old": current.number if current else None,
                                     "new": version.number}},
            )  # fmt: skip
    return template
