from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and communication")

    def ready(self) -> None:
        from . import notifications, permissions  # noqa: F401 - register events, scopes, grants
