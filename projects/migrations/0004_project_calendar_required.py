import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_default_china_calendar")]

    operations = [
        migrations.AlterField(
            model_name="project",
            name="calendar",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="projects",
                to="projects.workcalendar",
                verbose_name="working calendar",
            ),
        ),
    ]
