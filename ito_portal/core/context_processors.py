"""What every page's shell needs: the site name and which module is open."""

from django.conf import settings


def portal(request):
    match = getattr(request, "resolver_match", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "current_app": match.app_name if match else "",
        "LANGUAGES": settings.LANGUAGES,
    }
