"""The permission policy: the one place that answers who may see and do what.

Every queryset that reaches a user starts here (`visible`), and every action is checked
here (`can` / `require`), in pages, API, exports, search, notifications and reports alike.

- Permissions are codes shaped like Django's: `projects.change_project`, `risks.view_risk`.
- Project roles (manager, member, client contact, client viewer) carry codes; each app grants
  its codes to roles in its `permissions.py` with `grant()`.
- Each app registers how its models reach the project that scopes them with `register()`
  (`Risk -> project`, `TimeEntry -> task__project`), and whether clients see them at all
  (`internal`) or only when marked client-visible (`client_visible`).
- Vendor administrators (PMO) and superusers may do everything.
- What a user may not see does not exist for them: views answer 404 alike for missing and
  forbidden objects, so ids leak nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from .choices import CLIENT_ROLES, ProjectRole

if TYPE_CHECKING:
    from .models import User

QueryFilter = Callable[["User", models.QuerySet, str], models.QuerySet]
ObjectCheck = Callable[["User", models.Model, str], bool]

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"


@dataclass(frozen=True)
class Scope:
    """How objects of one model reach whatever decides access to them.

    `project` is the ORM path from the model to its project ("" for the project itself).
    Models outside any project (organisations, users) pass `filter` and `check` instead.
    """

    project: str | None = None
    client_visible: str | None = None
    internal: bool = False
    filter: QueryFilter | None = None
    check: ObjectCheck | None = None

    def __post_init__(self) -> None:
        if (self.project is None) == (self.filter is None):
            raise ValueError("a Scope needs either a project path or a filter")
        if (self.filter is None) != (self.check is None):
            raise ValueError("a custom Scope needs both filter and check")


_SCOPES: dict[type[models.Model], Scope] = {}
_GRANTS: dict[str, set[str]] = defaultdict(set)
# (role, code) -> a condition on the object, as a Q relative to the model: "their own tasks".
_CONDITIONAL: dict[tuple[str, str], Callable[[User], Q]] = {}
EVERYONE = "*"  # a pseudo-role: every signed-in, active user


def register(model: type[models.Model], scope: Scope) -> None:
    """Declare how `model` is scoped; each model is registered exactly once."""
    if model in _SCOPES and _SCOPES[model] != scope:
        raise ValueError(f"{model.__name__} is already registered with another scope")
    _SCOPES[model] = scope


def grant(role: str, *codes: str, when: Callable[[User], Q] | None = None) -> None:
    """Give project role `role` (or EVERYONE) the permission `codes`.

    With `when`, only on the objects matching that condition, e.g. a member may update the
    progress of tasks assigned to them: `when=lambda user: Q(assignee=user)`.
    """
    if role != EVERYONE and role not in ProjectRole.values:
        raise ValueError(f"unknown role {role!r}")
    if when is None:
        _GRANTS[role].update(codes)
    else:
        for code in codes:
            _CONDITIONAL[(role, code)] = when


def codes_of(role: str) -> frozenset[str]:
    return frozenset(_GRANTS[role] | _GRANTS[EVERYONE])


def roles_granting(code: str) -> set[str]:
    """Roles that have `code` on every object of their projects."""
    return {
        role for role in ProjectRole.values if code in _GRANTS[role] or code in _GRANTS[EVERYONE]
    }


def conditions_for(code: str) -> dict[str, Callable[[User], Q]]:
    """Roles that have `code` only on some objects, each with its condition."""
    return {role: when for (role, granted), when in _CONDITIONAL.items() if granted == code}


def scope_of(model: type[models.Model]) -> Scope:
    try:
        return _SCOPES[model._meta.concrete_model]
    except KeyError:
        raise LookupError(
            f"{model.__name__} has no access scope: register it in its app's permissions.py"
        ) from None


def registered_models() -> list[type[models.Model]]:
    return list(_SCOPES)


def code_for(model: type[models.Model], verb: str) -> str:
    """`projects.view_project` for (Project, "view")."""
    return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"


# --- the user's roles -------------------------------------------------------------------------


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def project_roles(user: User) -> dict[int, str]:
    """{project id: role} for the user, loaded once per user object (one query)."""
    cached = getattr(user, "_access_project_roles", None)
    if cached is None:
        from .models import Membership

        cached = dict(Membership.objects.filter(user=user).values_list("project_id", "role"))
        user._access_project_roles = cached
    return cached


def forget_roles(user: User) -> None:
    """Drop the cached roles after a membership of this user object changed."""
    user.__dict__.pop("_access_project_roles", None)


def _project_id_of(obj: models.Model, path: str) -> int | None:
    if path == "":
        return obj.pk
    *hops, last = path.split("__")
    target: Any = obj
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


# --- the questions ----------------------------------------------------------------------------


def visible(user: User, model_or_queryset, code: str | None = None) -> models.QuerySet:
    """The objects `user` may see (or, given `code`, may act on with that permission)."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else model_or_queryset._default_manager.all()
    )
    model = queryset.model
    scope = scope_of(model)
    code = code or code_for(model, VIEW)
    if not _active(user):
        return queryset.none()
    if user.is_pmo:
        return queryset
    if scope.filter is not None:
        return scope.filter(user, queryset, code)
    client = user.is_client
    if client and scope.internal:
        return queryset.none()
    roles = roles_granting(code)
    conditions = conditions_for(code)
    if client:
        roles &= CLIENT_ROLES
        conditions = {r: c for r, c in conditions.items() if r in CLIENT_ROLES}
    if not roles and not conditions:
        return queryset.none()
    from .models import Membership

    project = scope.project or "pk"

    def in_projects_where(role_set) -> Q:
        ids = Membership.objects.filter(user=user, role__in=role_set).values("project_id")
        return Q(**{f"{project}__in": ids})

    wanted = in_projects_where(roles) if roles else Q(pk__in=[])
    for role, condition in conditions.items():
        wanted |= in_projects_where({role}) & condition(user)
    queryset = queryset.filter(wanted)
    if client:
        # Defence in depth: a client's memberships are only ever in their own organisation's
        # projects (the membership service refuses others), and only client-visible rows show.
        client_field = f"{scope.project}__client_id" if scope.project else "client_id"
        queryset = queryset.filter(**{client_field: user.organization_id})
        if scope.client_visible:
            queryset = queryset.filter(**{scope.client_visible: True})
    return queryset


def can(user: User, code: str, obj: models.Model | None = None) -> bool:
    """May `user` do `code` (to `obj`, or to anything at all when `obj` is None)?"""
    if not _active(user):
        return False
    if user.is_pmo:
        return True
    if obj is None:
        if code in _GRANTS[EVERYONE]:
            return True
        roles = set(project_roles(user).values())
        if user.is_client:
            roles &= CLIENT_ROLES
        return any(code in _GRANTS[role] or (role, code) in _CONDITIONAL for role in roles)
    scope = scope_of(type(obj))
    if scope.check is not None:
        return scope.check(user, obj, code)
    client = user.is_client
    if client and (
        scope.internal or (scope.client_visible and not getattr(obj, scope.client_visible))
    ):
        return False
    role = project_roles(user).get(_project_id_of(obj, scope.project))
    if role is None or (client and role not in CLIENT_ROLES):
        return False
    if code in _GRANTS[role] or code in _GRANTS[EVERYONE]:
        return True
    condition = _CONDITIONAL.get((role, code))
    if condition is None:
        return False
    return type(obj)._default_manager.filter(pk=obj.pk).filter(condition(user)).exists()


def require(user: User, code: str, obj: models.Model | None = None) -> None:
    """Raise PermissionDenied unless `can(user, code, obj)`.

    Use it after the object was found through `visible`: a user who can see an object may
    learn that they cannot change it (403); one who cannot see it never gets this far (404).
    """
    if not can(user, code, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


def get_visible_or_404(user: User, model_or_queryset, code: str | None = None, **lookup):
    """The one object matching `lookup` that `user` may see; 404 for missing and forbidden."""
    try:
        return visible(user, model_or_queryset, code).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(_("Not found.")) from None


def role_in(user: User, project) -> str | None:
    """The user's role in `project` (None when they have none)."""
    if not _active(user):
        return None
    return project_roles(user).get(project.pk)
