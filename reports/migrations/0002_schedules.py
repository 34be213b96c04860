"""Seed the communication plan's runner as a django-celery-beat schedule (every 15 minutes),
so administrators can change it in the admin."""

from django.db import migrations

TASK = "reports.tasks.run_due_communications_task"
NAME = "Run due communication plan entries (every 15 minutes)"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={"task": TASK, "interval": interval, "enabled": True, "queue": "reports"},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
