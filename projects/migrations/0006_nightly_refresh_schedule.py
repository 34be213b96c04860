"""Seed the nightly refresh of open projects (late tasks and health depend on the date) as a
django-celery-beat schedule, so administrators can change it in the admin."""

from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_plan_import"), BEAT_MIGRATION]

    operations = [
        seed_periodic_tasks(
            {
                "Refresh open projects' schedules and health (nightly)": (
                    "projects.tasks.refresh_open_projects_task"
                )
            },
            crontab={"minute": "30", "hour": "1", "timezone": "Asia/Shanghai"},
        )
    ]
