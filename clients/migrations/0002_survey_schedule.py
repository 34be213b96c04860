"""Seed the satisfaction survey schedule as a django-celery-beat task, so administrators can
change it in the admin. It runs hourly in working hours: on its first run each month it sends
last month's survey to every active project, and on every run it surveys the client-visible
milestones done since (each survey once: the task is idempotent)."""

from django.db import migrations

TASK = "clients.tasks.send_due_surveys_task"
NAME = "Send satisfaction surveys (monthly and at milestones)"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="9-17", day_of_week="1-5", day_of_month="*", month_of_year="*",
        timezone="Asia/Shanghai",
    )  # fmt: skip
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "crontab": crontab, "enabled": True}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
