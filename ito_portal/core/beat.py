"""Scheduled work lives in django-celery-beat's tables, so administrators can change it in the
admin; each app seeds its own schedules with a data migration built here."""

from django.db import migrations

BEAT_MIGRATION = ("django_celery_beat", "0019_alter_periodictasks_options")


def seed_periodic_tasks(
    tasks: dict[str, str], *, crontab: dict | None = None, interval: dict | None = None
) -> migrations.RunPython:
    """A RunPython that creates (once) a periodic task per `{name: task path}` on one crontab
    (`{"minute": "0", "hour": "*", "timezone": "UTC", ...}`, other fields `*`) or interval
    (`{"every": 15, "period": "minutes"}`); reversing removes them by name."""

    def add(apps, schema_editor):
        if crontab is not None:
            model = apps.get_model("django_celery_beat", "CrontabSchedule")
            every = {"day_of_week": "*", "day_of_month": "*", "month_of_year": "*", **crontab}
            schedule = {"crontab": model.objects.get_or_create(**every)[0]}
        else:
            model = apps.get_model("django_celery_beat", "IntervalSchedule")
            schedule = {"interval": model.objects.get_or_create(**interval)[0]}
        periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
        for name, task in tasks.items():
            periodic_task.objects.get_or_create(
                name=name, defaults={"task": task, "enabled": True, **schedule}
            )

    def remove(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
            name__in=list(tasks)
        ).delete()

    return migrations.RunPython(add, remove)
