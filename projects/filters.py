"""FilterSets shared by the project list page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ProjectStatus
from .models import Project


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ProjectStatus.choices)
    # Ids, not model choices: a choice filter would tell a caller whether an id exists.
    client = django_filters.NumberFilter(field_name="client_id", label=_("Client"))
    manager = django_filters.NumberFilter(field_name="manager_id", label=_("Project manager"))
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = Project
        fields = ["status", "client", "manager"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))
