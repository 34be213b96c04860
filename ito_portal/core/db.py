"""Database helpers for set-based writes."""

from collections.abc import Sequence

from django.db import connections, models, router


def update_rows(
    model: type[models.Model], fields: Sequence[str], objs: Sequence[models.Model]
) -> int:
    """Write `fields` of each object with one UPDATE per row through executemany.

    For thousands of rows this is far faster than QuerySet.bulk_update, whose single statement
    of CASE expressions grows with rows × fields. Signals and auto fields are not touched,
    exactly as with bulk_update.
    """
    if not objs:
        return 0
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns]
        + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)
