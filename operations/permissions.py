"""Who sees and works the service desk: scoped by the client organisation, not by a project.

- The PMO (vendor administrators) sees and does everything.
- A vendor user serves a client when they are the service manager of one of its contracts, a
  member or lead of a support group on one of its contracts, or a vendor member of one of its
  projects; they see and work that client's operations data, nothing else.
- A client user sees their own organisation's data of the kinds clients may see (tickets without
  internal notes, contracts and SLA figures, their configuration items, maintenance windows, ...)
  and may do only the client actions each model lists (open a ticket, reply, confirm, reopen).
- Some actions are for the PMO only (SLA policies, contracts, support groups) or for the change
  advisory board (service managers and group leads of the client); see the codes below.

Every model of the app registers one `client_scope(...)` here; views, API, exports, reports and
notifications ask `accounts.access` as everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from accounts import access
from accounts.access import Scope

VIEW_TICKET = "operations.view_ticket"
ADD_TICKET = "operations.add_ticket"  # on a contract: open a ticket under it
CHANGE_TICKET = "operations.change_ticket"  # assign, transition, edit (vendor)
REPLY_TICKET = "operations.reply_ticket"  # a public reply (client and vendor)
NOTE_TICKET = "operations.note_ticket"  # an internal note (vendor only)
CONFIRM_TICKET = "operations.confirm_ticket"  # client confirms or reopens a resolution
MANAGE_CONTRACTS = "operations.manage_contracts"  # SLA policies, contracts, groups: the PMO
APPROVE_CHANGE = "operations.approve_change"  # CAB: the PMO, service managers, group leads
VIEW_ACCOUNT = "operations.view_account"  # the client account page (vendor only)


def is_vendor(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_client)


def serviced_client_ids(user) -> frozenset[int]:
    """Client organisations a vendor user serves (loaded once per user object)."""
    cached = getattr(user, "_operations_clients", None)
    if cached is not None:
        return cached
    from accounts.choices import CLIENT_ROLES
    from accounts.models import Membership

    from .models import ServiceContract

    contracts = ServiceContract.objects.filter(
        Q(service_manager=user) | Q(support_groups__members=user) | Q(support_groups__lead=user)
    ).values_list("client_id", flat=True)
    projects = (
        Membership.objects.filter(user=user)
        .exclude(role__in=CLIENT_ROLES)
        .values_list("project__client_id", flat=True)
    )
    cached = frozenset(contracts) | frozenset(projects)
    user._operations_clients = cached
    return cached


def forget(user) -> None:
    """Drop the cached clients after the user's groups or contracts changed."""
    user.__dict__.pop("_operations_clients", None)


def cab_client_ids(user) -> frozenset[int]:
    """Clients whose changes this user may approve or reject (service manager, group lead)."""
    from .models import ServiceContract

    return frozenset(
        ServiceContract.objects.filter(
            Q(service_manager=user) | Q(support_groups__lead=user)
        ).values_list("client_id", flat=True)
    )


def _client_id(obj, path: str) -> int | None:
    *hops, last = path.split("__")
    target = obj
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def client_scope(
    path: str,
    *,
    client_codes: Iterable[str] = (),
    client_filter: Q | None = None,
    pmo_codes: Iterable[str] = (),
) -> Scope:
    """A Scope for a model that reaches its client organisation through `path` (ORM path to a
    ForeignKey to accounts.Organization, e.g. "client" or "ticket__client").

    `client_codes`: the permission codes a client user has on their organisation's objects
    (empty: the model is internal, clients never see it). `client_filter`: which of them a
    client sees at all (e.g. `Q(public=True)` for ticket events). `pmo_codes`: codes only the
    PMO holds even on serviced clients' objects.
    """
    client_codes = frozenset(client_codes)
    pmo_codes = frozenset(pmo_codes)

    def filter_(user, queryset, code):
        if user.is_client:
            if code not in client_codes:
                return queryset.none()
            queryset = queryset.filter(**{path: user.organization_id})
            return queryset.filter(client_filter) if client_filter is not None else queryset
        if code in pmo_codes:
            return queryset.none()  # the PMO never reaches a filter: access.visible lets it by
        if code == APPROVE_CHANGE:
            return queryset.filter(**{f"{path}__in": cab_client_ids(user)})
        return queryset.filter(**{f"{path}__in": serviced_client_ids(user)})

    def check(user, obj, code):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_pmo:
            return True
        client_id = _client_id(obj, path)
        if user.is_client:
            if code not in client_codes or client_id != user.organization_id:
                return False
            if client_filter is None:
                return True
            return type(obj)._default_manager.filter(pk=obj.pk).filter(client_filter).exists()
        if code in pmo_codes:
            return False
        if code == APPROVE_CHANGE:
            return client_id in cab_client_ids(user)
        return client_id in serviced_client_ids(user)

    return Scope(filter=filter_, check=check)


# --- registrations: one line per model, grouped by area ---------------------------------------
# (access.register(Model, client_scope("client", client_codes={...})))

# --- tickets, contracts, SLA ---

VIEW_CONTRACT = "operations.view_servicecontract"
VIEW_SERVICE = "operations.view_service"
VIEW_POLICY = "operations.view_slapolicy"
VIEW_TICKET_EVENT = "operations.view_ticketevent"


def vendor_pool_scope(client_path: str | None = None) -> Scope:
    """Shared vendor resources (SLA policies, support groups): every vendor user reads them,
    only the PMO changes them. With `client_path` (an ORM path from the model to client
    organisations), a client reads the ones used by their own organisation's contracts."""

    def filter_(user, queryset, code):
        if user.is_client:
            if client_path is None or code != access.code_for(queryset.model, access.VIEW):
                return queryset.none()
            return queryset.filter(**{client_path: user.organization_id}).distinct()
        if code != access.code_for(queryset.model, access.VIEW):
            return queryset.none()
        return queryset

    def check(user, obj, code):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_pmo:
            return True
        if code != access.code_for(type(obj), access.VIEW):
            return False
        if user.is_client:
            return (
                client_path is not None
                and type(obj)
                ._default_manager.filter(pk=obj.pk, **{client_path: user.organization_id})
                .exists()
            )
        return True

    return Scope(filter=filter_, check=check)


def _register_ticket_models() -> None:
    """Clients read their contracts, services and tickets (public timeline only), open
    tickets under their contracts, reply, confirm and reopen; the rest is the vendor's."""
    from .models import (
        Service,
        ServiceContract,
        SlaEscalation,
        SlaPolicy,
        SupportGroup,
        Ticket,
        TicketEvent,
    )

    access.register(SlaPolicy, vendor_pool_scope("contracts__client"))
    access.register(SupportGroup, vendor_pool_scope())
    access.register(
        ServiceContract,
        client_scope(
            "client", client_codes={VIEW_CONTRACT, ADD_TICKET}, pmo_codes={MANAGE_CONTRACTS}
        ),
    )
    access.register(
        Service,
        client_scope("contract__client", client_codes={VIEW_SERVICE}, pmo_codes={MANAGE_CONTRACTS}),
    )
    access.register(
        Ticket, client_scope("client", client_codes={VIEW_TICKET, REPLY_TICKET, CONFIRM_TICKET})
    )
    access.register(
        TicketEvent,
        client_scope(
            "ticket__client", client_codes={VIEW_TICKET_EVENT}, client_filter=Q(public=True)
        ),
    )
    access.register(SlaEscalation, client_scope("ticket__client"))


_register_ticket_models()
# Model-level "allowed somewhere" for API creation; the contract is checked on the object.
access.grant(access.EVERYONE, ADD_TICKET)

# --- CMDB, alerts, backups, security ---

VIEW_CI = "operations.view_configurationitem"
ADD_CI = "operations.add_configurationitem"  # on an unsaved CI of the client (vendor)
CHANGE_CI = "operations.change_configurationitem"  # edit, relate, import (vendor)
VIEW_CI_RELATION = "operations.view_cirelation"
MANAGE_ALERTS = "operations.change_alertintegration"  # the PMO and the service manager
MANAGE_BACKUPS = "operations.change_backupjob"  # jobs, results, drills (vendor)
MANAGE_SECURITY = "operations.change_securityfinding"  # assessments and findings (vendor)


def managed_client_ids(user) -> frozenset[int]:
    """Clients whose contracts `user` manages as service manager."""
    from .models import ServiceContract

    return frozenset(
        ServiceContract.objects.filter(service_manager=user).values_list("client_id", flat=True)
    )


def service_manager_scope(path: str) -> Scope:
    """Alert integrations hold tokens: only the PMO and the client's service manager see and
    manage them (clients and other engineers never)."""

    def filter_(user, queryset, code):
        if user.is_client:
            return queryset.none()
        return queryset.filter(**{f"{path}__in": managed_client_ids(user)})

    def check(user, obj, code):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_pmo:
            return True
        return not user.is_client and _client_id(obj, path) in managed_client_ids(user)

    return Scope(filter=filter_, check=check)


def _register_cmdb_models() -> None:
    """Clients read their own CIs and relations; everything else here is the vendor's."""
    from .models import (
        AlertEvent,
        AlertIntegration,
        BackupJob,
        BackupResult,
        CIRelation,
        ConfigurationItem,
        RestoreDrill,
        SecurityAssessment,
        SecurityFinding,
    )

    access.register(ConfigurationItem, client_scope("client", client_codes={VIEW_CI}))
    access.register(CIRelation, client_scope("source__client", client_codes={VIEW_CI_RELATION}))
    access.register(AlertIntegration, service_manager_scope("client"))
    access.register(AlertEvent, client_scope("integration__client"))
    access.register(BackupJob, client_scope("client"))
    access.register(BackupResult, client_scope("job__client"))
    access.register(RestoreDrill, client_scope("client"))
    access.register(SecurityAssessment, client_scope("client"))
    access.register(SecurityFinding, client_scope("client"))


_register_cmdb_models()

# --- problems, changes, maintenance windows, dashboard, account ---


def _register_change_models() -> None:
    """Problems are the vendor's own analysis; clients read their changes (without the
    internal fields, see operations/api/changes.py) and their maintenance windows."""
    from .models import Change, ChangeApproval, MaintenanceWindow, Problem, SlaReport

    access.register(Problem, client_scope("client"))
    access.register(Change, client_scope("client", client_codes={VIEW_CHANGE}))
    access.register(ChangeApproval, client_scope("change__client"))
    access.register(
        MaintenanceWindow, client_scope("client", client_codes={VIEW_MAINTENANCE_WINDOW})
    )
    access.register(
        SlaReport,
        client_scope(
            "client",
            client_codes={VIEW_SLA_REPORT},
            client_filter=Q(published_at__isnull=False),
        ),
    )


VIEW_PROBLEM = "operations.view_problem"
CHANGE_PROBLEM = "operations.change_problem"  # edit, transition, link incidents (vendor)
VIEW_CHANGE = "operations.view_change"
ADD_CHANGE = "operations.add_change"
CHANGE_CHANGE = "operations.change_change"  # edit, submit, schedule, implement, review
VIEW_MAINTENANCE_WINDOW = "operations.view_maintenancewindow"
ADD_MAINTENANCE_WINDOW = "operations.add_maintenancewindow"  # the service manager, on a contract
CHANGE_MAINTENANCE_WINDOW = "operations.change_maintenancewindow"
VIEW_SLA_REPORT = "operations.view_slareport"
CHANGE_SLA_REPORT = "operations.change_slareport"  # generate, publish


def account_clients(user):
    """Client organisations whose account page `user` may open (code VIEW_ACCOUNT): all of
    them for the PMO, the ones they serve for vendor staff, none for clients."""
    from accounts.choices import OrganizationKind
    from accounts.models import Organization

    clients = Organization.objects.filter(kind=OrganizationKind.CLIENT)
    if not is_vendor(user):
        return clients.none()
    if user.is_pmo:
        return clients
    return clients.filter(pk__in=serviced_client_ids(user))


_register_change_models()
# Model-level "allowed somewhere" for API creation; which client is checked on the object
# (the contract or client field only offers those the caller serves).
access.grant(access.EVERYONE, "operations.add_problem", ADD_CHANGE, ADD_MAINTENANCE_WINDOW)


def cab_members(client_id: int):
    """The people who decide on a client's changes: its service managers and the leads of
    its contracts' support groups (the PMO may decide too, but is not asked)."""
    from accounts.models import User

    from .models import ServiceContract

    contracts = ServiceContract.objects.filter(client_id=client_id)
    return User.objects.filter(
        Q(pk__in=contracts.values("service_manager"))
        | Q(pk__in=contracts.values("support_groups__lead")),
        is_active=True,
    )
