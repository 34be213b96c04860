"""The Celery app: configuration comes from Django settings (CELERY_*), tasks from each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ito_portal.settings")

app = Celery("ito_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Queues by kind of work (`default`, `reports`, `sla`), so a heavy report never delays an SLA
# escalation: CELERY_TASK_ROUTES in settings names each task's queue, and workers consume all three unless
# deployed per queue.
QUEUES = ("default", "reports", "sla")
