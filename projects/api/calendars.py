"""API for working calendars."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from accounts.drf import ScopedViewSet

from .. import services
from ..models import WorkCalendar


class ExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    working = serializers.BooleanField(
        help_text="true: an extra working day (调休); false: a holiday"
    )
    name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")


class CalendarSerializer(serializers.ModelSerializer):
    working_weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7),
        help_text="ISO weekday numbers, Monday = 1.",
    )
    exceptions = ExceptionSerializer(many=True, required=False)

    class Meta:
        model = WorkCalendar
        fields = ["id", "name", "working_weekdays", "is_default", "description", "exceptions"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["exceptions"] = [
            {"date": e.date.isoformat(), "working": e.working, "name": e.name}
            for e in instance.exceptions.all()
        ]
        return data

    def validate_exceptions(self, value):
        dates = [e["date"] for e in value]
        if len(dates) != len(set(dates)):
            raise serializers.ValidationError("Each date may appear once.")
        return value


@extend_schema_view(
    list=extend_schema(summary="Working calendars"),
    create=extend_schema(summary="Create a calendar (vendor administrators)"),
    update=extend_schema(
        summary="Change a calendar; `exceptions`, when given, replace all of its dated exceptions"
    ),
)
class CalendarViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Calendars are shared across projects; every change reschedules the projects using it."""

    queryset = WorkCalendar.objects.prefetch_related("exceptions")
    serializer_class = CalendarSerializer

    @transaction.atomic
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        exceptions = data.pop("exceptions", [])
        calendar = services.calendar_create(actor=self.request.user, **data)
        self._replace_exceptions(calendar, exceptions)
        serializer.instance = calendar

    @transaction.atomic
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        exceptions = data.pop("exceptions", None)
        calendar = services.calendar_update(
            actor=self.request.user, calendar=serializer.instance, data=data
        )
        if exceptions is not None:
            self._replace_exceptions(calendar, exceptions)

    def _replace_exceptions(self, calendar, exceptions):
        wanted = {e["date"]: e for e in exceptions}
        for existing in calendar.exceptions.exclude(date__in=wanted):
            services.calendar_exception_remove(actor=self.request.user, exception=existing)
        for day, e in wanted.items():
            services.calendar_exception_set(
                actor=self.request.user, calendar=calendar, date=day, working=e["working"],
                name=e.get("name", ""),
            )  # fmt: skip
