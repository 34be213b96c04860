"""Authentication and the permission class for the API (settings import these early, so
this module must not import DRF's views)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from . import access

ACTION_VERBS = {
    "create": access.ADD,
    "update": access.CHANGE,
    "partial_update": access.CHANGE,
    "destroy": access.DELETE,
}


class PortalTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; loads the user's organisation in the same query."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related("user__organization").get(key=key)
        except model.DoesNotExist:
            raise AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)


def required_code(view) -> str | None:
    """The permission code the current action needs beyond visibility (None: seeing is enough).

    An action's own `permission_code` wins; a viewset may refine the code per request with
    `get_permission_code()` (e.g. a member's progress-only update of their own task).
    """
    explicit = getattr(view, "permission_code", None)
    if explicit:
        return explicit
    refine = getattr(view, "get_permission_code", None)
    if refine is not None:
        refined = refine()
        if refined:
            return refined
    verb = ACTION_VERBS.get(getattr(view, "action", None))
    if verb is None:
        return None
    model = view.get_queryset().model
    return access.code_for(model, verb)


class AccessPolicyPermission(permissions.BasePermission):
    """Signed in, and allowed the action by the one policy."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "action", None) == "create" or (
            getattr(view, "permission_code", None) and not getattr(view, "detail", False)
        ):
            # Model-level: allowed somewhere. Scoped related fields then refuse the projects
            # where the user may not do it.
            return access.can(request.user, required_code(view))
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        code = required_code(view)
        return code is None or access.can(request.user, code, obj)
