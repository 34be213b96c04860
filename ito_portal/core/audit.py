"""Recording changes to business objects; services call these inside their transaction."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditAction, AuditEntry


def jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)[:200]}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    return value


def apply_changes(instance: models.Model, data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Set the given fields on `instance`; return what actually changed, ready to audit."""
    changes: dict[str, dict[str, Any]] = {}
    for name, new in data.items():
        field = instance._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            old_id = getattr(instance, field.attname)
            new_id = new.pk if isinstance(new, models.Model) else new
            if old_id == new_id:
                continue
            old = getattr(instance, name)
            setattr(instance, name, new)
            changes[name] = {"old": jsonable(old), "new": jsonable(getattr(instance, name))}
        else:
            old = getattr(instance, name)
            if old == new:
                continue
            setattr(instance, name, new)
            changes[name] = {"old": jsonable(old), "new": jsonable(new)}
    return changes


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The fields of a new object, as a CREATE entry shows them (related objects by name)."""
    return {name: {"old": None, "new": jsonable(getattr(instance, name))} for name in fields}


def record(
    *,
    actor,
    obj: models.Model,
    action: str,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail (never updated, never deleted)."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        changes=dict(changes or {}),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def save_changes(*, instance: models.Model, actor, data: Mapping[str, Any]) -> dict[str, Any]:
    """Apply `data`, save only the changed fields, and audit them; returns the changes."""
    changes = apply_changes(instance, data)
    if changes:
        update_fields = [instance._meta.get_field(name).name for name in changes]
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
        record(actor=actor, obj=instance, action=AuditAction.UPDATE, changes=changes)
    return changes


def entries_for(obj: models.Model):
    """The audit trail of one object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("actor", "content_type")
