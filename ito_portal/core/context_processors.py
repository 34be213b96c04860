"""What every page's shell needs: the site name, which module is open, which entries the
navigation shows."""

from functools import cached_property

from django.conf import settings


class NavFlags:
    """Navigation entries that depend on more than the user's kind, asked of the modules'
    permission rules only when the template reads them (one small query each, at most)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def vendor(self) -> bool:
        user = self.user
        return bool(user.is_authenticated and user.is_active and not user.is_client)

    @cached_property
    def kpis(self) -> bool:
        from performance.permissions import sees_dashboards

        return self.vendor and sees_dashboards(self.user)

    @cached_property
    def service_desk(self) -> bool:
        """The vendor's operations pages: the PMO and whoever serves a client."""
        from operations.permissions import serviced_client_ids

        return self.vendor and (self.user.is_pmo or bool(serviced_client_ids(self.user)))


def portal(request):
    match = getattr(request, "resolver_match", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "current_app": match.app_name if match else "",
        "LANGUAGES": settings.LANGUAGES,
        "nav": NavFlags(request.user) if hasattr(request, "user") else None,
    }
