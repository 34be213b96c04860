"""Seed the hourly reminder scans as django-celery-beat schedules, so administrators can change
them in the admin. Each run sends only what is due in each recipient's own working hours
(09:00–18:00 local; the weekly digest on Monday morning), once per day (or week)."""

from django.db import migrations

SCHEDULES = {
    "Task reminders: due tomorrow and overdue (hourly)": "projects.tasks.task_reminders_send_task",
    "Weekly digest for project managers (hourly, Monday morning local)": (
        "projects.tasks.manager_digests_send_task"
    ),
}


def add_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="*", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="UTC",
    )  # fmt: skip
    for name, task in SCHEDULES.items():
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": hourly, "enabled": True}
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_nightly_refresh_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
