"""The GIN index behind search (PostgreSQL only: SQLite searches without it) and the daily
stale-article reminder schedule."""

from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks

INDEX = "knowledge_article_search_gin"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON knowledge_article USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial"), BEAT_MIGRATION]

    operations = [
        migrations.RunPython(add_index, drop_index),
        seed_periodic_tasks(
            {
                "Knowledge: remind owners of articles past their review-by date (daily)": (
                    "knowledge.tasks.article_review_reminders_send_task"
                )
            },
            crontab={"minute": "30", "hour": "1", "timezone": "UTC"},
        ),
    ]
