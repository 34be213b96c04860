from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial"), BEAT_MIGRATION]

    operations = [
        seed_periodic_tasks(
            {"KPI snapshots (nightly)": "performance.tasks.kpi_snapshot_take_task"},
            crontab={"minute": "30", "hour": "1", "timezone": "Asia/Shanghai"},
        )
    ]
