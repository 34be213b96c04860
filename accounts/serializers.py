"""Serializer helpers that apply the permission policy to fields."""

from . import access


class PolicyFieldsMixin:
    """Leave out fields the caller may not read on this object.

    `policy_fields = {"projects.view_task_internals": ["effort_hours", ...]}`: each listed field
    is shown only to those who have that permission on the object.
    """

    policy_fields: dict[str, list[str]] = {}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for code, fields in self.policy_fields.items():
            if user is None or not access.can(user, code, instance):
                for field in fields:
                    data.pop(field, None)
        return data
