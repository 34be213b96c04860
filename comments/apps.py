from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from . import (
            notifications,  # noqa: F401 - registers comment.mention
            permissions,  # noqa: F401 - registers scopes and role grants
        )
