from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources and cost")

    def ready(self) -> None:
        from projects import hooks

        from . import permissions  # noqa: F401 - scopes and grants
        from .services import sync_assignment_allocations

        # A task's assignee is booked on it (projects sits below this app and cannot import it).
        hooks.on_assignment_changed(sync_assignment_allocations)
