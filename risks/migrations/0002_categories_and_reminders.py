"""Seed the eight default risk categories (English and Chinese names; the PMO may edit them)
and the hourly reminder scan as a django-celery-beat schedule."""

from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks

CATEGORIES = [
    ("technical", "Technical", "技术"),
    ("resource", "Resource", "资源"),
    ("schedule", "Schedule", "进度"),
    ("cost", "Cost", "成本"),
    ("scope", "Scope", "范围"),
    ("vendor", "Vendor / external", "供应商/外部"),
    ("security", "Security", "安全"),
    ("compliance", "Compliance", "合规"),
]


def add_categories(apps, schema_editor):
    model = apps.get_model("risks", "RiskCategory")
    for position, (key, name_en, name_zh) in enumerate(CATEGORIES, start=1):
        model.objects.get_or_create(
            key=key, defaults={"name_en": name_en, "name_zh": name_zh, "position": position}
        )


def remove_categories(apps, schema_editor):
    apps.get_model("risks", "RiskCategory").objects.filter(
        key__in=[key for key, *_names in CATEGORIES], risks__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_initial"), BEAT_MIGRATION]

    operations = [
        migrations.RunPython(add_categories, remove_categories),
        seed_periodic_tasks(
            {
                "Risk reminders: reviews due, high risks without response, slipped responses "
                "(hourly)": "risks.tasks.risk_reminders_send_task"
            },
            crontab={"minute": "15", "hour": "*", "timezone": "UTC"},
        ),
    ]
