"""The daily training scan (reminders the day before, feedback requests after) as a
django-celery-beat schedule."""

from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), BEAT_MIGRATION]

    operations = [
        seed_periodic_tasks(
            {
                "Training: reminders the day before a session, feedback requests after it "
                "(daily)": "training.tasks.training_reminders_send_task"
            },
            crontab={"minute": "0", "hour": "9", "timezone": "Asia/Shanghai"},
        ),
    ]
