"""The permission policy, wired into Django REST framework's views.

Every viewset derives from `ScopedViewSet`: its queryset starts from `access.visible`, so an
object the caller may not see answers 404; writes are checked by `AccessPolicyPermission`
(in `api_auth`, which DRF imports while loading its own views).
"""

from rest_framework import serializers, viewsets

from . import access


class ScopedViewSet(viewsets.GenericViewSet):
    """Base for every API viewset: the queryset is what the caller may see."""

    permission_code: str | None = None  # set per @action(..., permission_code=...)

    def get_queryset(self):
        return access.visible(self.request.user, super().get_queryset())


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key that only accepts objects the caller may see, or act on with `code`.

    An id outside the caller's scope fails like a missing one ("object does not exist").
    """

    def __init__(self, *, code: str | None = None, **kwargs):
        self.code = code
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        return access.visible(request.user, queryset, self.code)


class FixedAfterCreate(serializers.Serializer):
    """Fields set when an object is created and never changed after (its project, its parent):
    read-only when the serializer is bound to one existing object."""

    fixed_after_create: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in self.fixed_after_create:
                self.fields[name].read_only = True
