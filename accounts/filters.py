"""FilterSets shared by the HTML lists and the API's query parameters."""

import django_filters
from django.db.models import Q

from .choices import OrganizationKind, ProjectRole
from .models import Membership, Organization, User


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Organization
        fields = ["kind", "name"]


class UserFilter(django_filters.FilterSet):
    # Ids, not model choices: a choice filter would tell a caller whether an id exists.
    organization = django_filters.NumberFilter(field_name="organization_id")
    is_active = django_filters.BooleanFilter()
    search = django_filters.CharFilter(method="filter_search")

    class Meta:
        model = User
        fields = ["organization", "is_active"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(display_name__icontains=value)
            | Q(email__icontains=value)
        )


class MembershipFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    user = django_filters.NumberFilter(field_name="user_id")
    role = django_filters.ChoiceFilter(choices=ProjectRole.choices)

    class Meta:
        model = Membership
        fields = ["project", "user", "role"]
