from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    VENDOR = "vendor", _("Vendor")
    CLIENT = "client", _("Client")


class ProjectRole(models.TextChoices):
    MANAGER = "manager", _("Project manager")
    MEMBER = "member", _("Team member")
    CLIENT_CONTACT = "client_contact", _("Client contact")
    CLIENT_VIEWER = "client_viewer", _("Client viewer")


VENDOR_ROLES = frozenset({ProjectRole.MANAGER, ProjectRole.MEMBER})
CLIENT_ROLES = frozenset({ProjectRole.CLIENT_CONTACT, ProjectRole.CLIENT_VIEWER})
