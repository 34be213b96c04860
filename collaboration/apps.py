from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = _("Collaboration")

    def ready(self) -> None:
        from . import (
            notifications,  # noqa: F401 - registers meeting.invitation
            permissions,  # noqa: F401 - registers scopes and role grants
        )
        from .comment_targets import register_comment_targets

        register_comment_targets()
