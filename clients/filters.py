"""FilterSets shared by the list pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.choices import Priority

from .choices import RequestStatus, SurveyTrigger
from .models import ClientRequest, Survey, SurveyResponse


class ClientRequestFilter(django_filters.FilterSet):
    # Ids, not model choices: a choice filter would tell a caller whether an id exists.
    project = django_filters.NumberFilter(field_name="project_id", label=_("Project"))
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    priority = django_filters.MultipleChoiceFilter(label=_("Priority"), choices=Priority.choices)
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open only"))
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = ClientRequest
        fields = ["project", "status", "priority"]

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset.exclude(pk__in=queryset.open().values("pk"))

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class SurveyFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", label=_("Project"))
    client = django_filters.NumberFilter(field_name="project__client_id", label=_("Client"))
    trigger = django_filters.ChoiceFilter(label=_("Trigger"), choices=SurveyTrigger.choices)

    class Meta:
        model = Survey
        fields = ["project", "client", "trigger"]


class SurveyResponseFilter(django_filters.FilterSet):
    survey = django_filters.NumberFilter(field_name="survey_id", label=_("Survey"))
    project = django_filters.NumberFilter(field_name="survey__project_id", label=_("Project"))

    class Meta:
        model = SurveyResponse
        fields = ["survey", "project"]
