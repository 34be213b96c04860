from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_initial"), BEAT_MIGRATION]

    operations = [
        seed_periodic_tasks(
            {"Service desk: SLA warnings and breaches (every minute)": "operations.tasks.escalate_sla"},
            interval={"every": 1, "period": "minutes"},
        ),
        seed_periodic_tasks(
            {
                "Service desk: close resolved tickets past their reopen period (hourly)": (
                    "operations.tasks.close_resolved_tickets"
                )
            },
            crontab={"minute": "5", "hour": "*", "timezone": "UTC"},
        ),
        seed_periodic_tasks(
            {"Backups: jobs without a success in their period, CIs without a drill (daily)": (
                "operations.backups_check"
            )},
            crontab={"minute": "15", "hour": "7", "timezone": "Asia/Shanghai"},
        ),
        seed_periodic_tasks(
            {"Security findings: due soon and overdue (daily)": "operations.findings_remind"},
            crontab={"minute": "30", "hour": "8", "timezone": "Asia/Shanghai"},
        ),
        seed_periodic_tasks(
            {"SLA reports: last month's report per contract (monthly)": (
                "operations.sla_reports_monthly"
            )},
            crontab={"minute": "0", "hour": "6", "day_of_month": "1", "timezone": "Asia/Shanghai"},
        ),
    ]
