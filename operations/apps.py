from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Scopes and grants; notification events; tasks outside tasks.py (autodiscovery only
        # finds that one).
        from . import (  # noqa: F401
            notifications,
            notifications_change,
            notifications_cmdb,
            permissions,
            tasks_change,
            tasks_cmdb,
        )
