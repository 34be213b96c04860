from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = _("Continuous improvement")

    def ready(self) -> None:
        from . import (
            notifications,  # noqa: F401 - registers improvement.proposed, .status_changed
            permissions,  # noqa: F401 - scopes and grants
        )
