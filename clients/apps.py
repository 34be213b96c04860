from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Client relationship")

    def ready(self) -> None:
        from comments import targets

        from . import notifications, permissions  # noqa: F401 - scopes, grants and events
        from .models import ClientRequest

        # Both sides discuss a request under it (the comments app sits below this one).
        targets.register(ClientRequest)
