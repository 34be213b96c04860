"""Create the default working calendar for mainland China, filled for this year and next,
and give every existing project a calendar."""

from django.db import migrations
from django.utils import timezone


def create_default_calendar(apps, schema_editor):
    from projects.holidays_cn import china_exceptions

    WorkCalendar = apps.get_model("projects", "WorkCalendar")
    CalendarException = apps.get_model("projects", "CalendarException")
    Project = apps.get_model("projects", "Project")
    calendar = WorkCalendar.objects.filter(is_default=True).first()
    if calendar is None:
        calendar = WorkCalendar.objects.create(
            name="中国大陆 China (mainland)",
            working_weekdays=[1, 2, 3, 4, 5],
            is_default=True,
            description="法定节假日与调休 · Public holidays and 调休 working weekends",
        )
        year = timezone.localdate().year
        CalendarException.objects.bulk_create(
            CalendarException(calendar=calendar, date=day, working=working, name=name[:100])
            for day, (working, name) in china_exceptions([year, year + 1]).items()
        )
    Project.objects.filter(calendar__isnull=True).update(calendar=calendar)


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_planning")]

    operations = [migrations.RunPython(create_default_calendar, migrations.RunPython.noop)]
