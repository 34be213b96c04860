"""API for one's own notifications: list, read, mark read."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.drf import ScopedViewSet

from . import selectors, services
from .models import Notification


class NotificationFilter(django_filters.FilterSet):
    read = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", exclude=True, label="Read (true) or unread"
    )
    project = django_filters.NumberFilter(field_name="project_id")

    class Meta:
        model = Notification
        fields = ["read", "event", "project"]


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id", "event", "title", "body", "url", "project_id", "created_at", "read_at", "read",
        ]  # fmt: skip
        read_only_fields = fields

    def get_read(self, notification) -> bool:
        return notification.read_at is not None


@extend_schema_view(
    list=extend_schema(summary="Your notifications, newest first (filter `read=false` for unread)"),
    retrieve=extend_schema(summary="One of your notifications"),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """What happened on your projects. Only your own: everyone's list is personal, the PMO's too."""

    queryset = Notification.objects.in_portal()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return super().get_queryset().filter(recipient=self.request.user)

    @extend_schema(summary="Mark one notification read", request=None)
    @action(detail=True, methods=["post"], permission_code="notifications.change_notification")
    def read(self, request, pk=None):
        notification = services.notification_mark_read(
            notification=self.get_object(), actor=request.user
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        summary="Mark all your notifications read",
        request=None,
        responses=inline_serializer(
            "NotificationsReadAll",
            {"marked": serializers.IntegerField(), "unread": serializers.IntegerField()},
        ),
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="read-all",
        permission_code="notifications.change_notification",
    )
    def read_all(self, request):
        marked = services.notifications_mark_all_read(actor=request.user)
        return Response({"marked": marked, "unread": selectors.unread_count(user=request.user)})
