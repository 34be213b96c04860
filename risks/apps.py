from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "risks"
    verbose_name = _("Risks")

    def ready(self) -> None:
        from . import notifications, permissions  # noqa: F401 - events, scopes and grants
