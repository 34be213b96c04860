"""Reusable filters; who may see what lives in access.py."""

from django.conf import settings
from django.db import models

from .choices import OrganizationKind


class OrganizationQuerySet(models.QuerySet):
    def clients(self):
        return self.filter(kind=OrganizationKind.CLIENT)

    def vendor(self):
        return self.filter(kind=OrganizationKind.VENDOR)

    def vendor_or_create(self):
        """The vendor organisation; created (named after the site) on a fresh install."""
        vendor = self.vendor().first()
        if vendor is None:
            vendor = self.create(name=settings.SITE_NAME, kind=OrganizationKind.VENDOR)
        return vendor


class UserQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def vendor_staff(self):
        return self.filter(organization__kind=OrganizationKind.VENDOR)
