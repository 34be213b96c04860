"""Monitoring alert intake: integrations with a bearer token, and alerts that open, repeat on,
or resolve incidents, de-duplicated by fingerprint (one open ticket per integration and
fingerprint, guarded by the ticket table's partial unique constraint)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Organization, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..choices import OPEN_STATUSES, Priority, TicketEventKind, TicketStatus
from ..models import (
    AlertEvent,
    AlertIntegration,
    ConfigurationItem,
    ServiceContract,
    Ticket,
    TicketEvent,
)
from ..permissions import MANAGE_ALERTS

TOKEN_PREFIX = "ita_"
DEFAULT_SEVERITY_MAP = {
    "critical": "P1",
    "disaster": "P1",
    "page": "P1",
    "high": "P2",
    "error": "P2",
    "major": "P2",
    "warning": "P3",
    "average": "P3",
    "minor": "P3",
    "info": "P4",
    "information": "P4",
    "low": "P4",
}
# impact × urgency that give each priority in the matrix (the ticket keeps both).
LEVELS_FOR = {
    "P1": ("high", "high"),
    "P2": ("high", "medium"),
    "P3": ("medium", "medium"),
    "P4": ("low", "low"),
}
FIRING, RESOLVED = "firing", "resolved"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_integration(*, client: Organization, contract: ServiceContract, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    if contract.client_id != client.pk:
        errors["contract"] = [_("The contract belongs to another client.")]
    severity_map = data.get("severity_map") or {}
    if not isinstance(severity_map, dict) or any(
        not isinstance(k, str) or v not in Priority.values for k, v in severity_map.items()
    ):
        errors["severity_map"] = [
            _('Map each severity to a priority P1, P2, P3 or P4, e.g. {"critical": "P1"}.')
        ]
    if errors:
        raise DomainError(errors=errors)


@transaction.atomic
def alert_integration_create(
    *,
    actor: User | None,
    client: Organization,
    contract: ServiceContract,
    name: str,
    ci_label: str = "",
    severity_map: dict | None = None,
    auto_resolve: bool = True,
) -> tuple[AlertIntegration, str]:
    """A new integration and its token; the token is returned once and only its hash kept."""
    if actor is not None:
        access.require(actor, MANAGE_ALERTS, AlertIntegration(client=client))
    _check_integration(client=client, contract=contract, data={"severity_map": severity_map})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    integration = AlertIntegration.objects.create(
        name=name,
        client=client,
        contract=contract,
        ci_label=ci_label.strip(),
        severity_map={k.lower(): v for k, v in (severity_map or {}).items()},
        auto_resolve=auto_resolve,
        token_prefix=token[:12],
        token_hash=_hash(token),
        created_by=actor,
    )
    audit.record(
        actor=actor, obj=integration, action=AuditAction.CREATE,
        changes=audit.snapshot(integration, ["name", "client", "contract"]),
    )  # fmt: skip
    return integration, token


@transaction.atomic
def alert_integration_update(
    *, actor: User | None, integration: AlertIntegration, data: dict
) -> AlertIntegration:
    if actor is not None:
        access.require(actor, MANAGE_ALERTS, integration)
    data = {
        k: v
        for k, v in data.items()
        if k in ("name", "ci_label", "severity_map", "auto_resolve", "active")
    }
    _check_integration(client=integration.client, contract=integration.contract, data=data)
    if "severity_map" in data:
        data["severity_map"] = {k.lower(): v for k, v in (data["severity_map"] or {}).items()}
    audit.save_changes(instance=integration, actor=actor, data=data)
    return integration


def alert_integration_authenticate(token: str) -> AlertIntegration | None:
    """The active integration whose token this is (None for a wrong or retired token)."""
    if not token or len(token) < 12:
        return None
    wanted = _hash(token)
    for integration in AlertIntegration.objects.filter(
        token_prefix=token[:12], active=True
    ).select_related("contract", "client"):
        if hmac.compare_digest(integration.token_hash, wanted):
            return integration
    return None


# --- intake -------------------------------------------------------------------------------------


@dataclass
class Alert:
    """One alert, in the shape every intake (Alertmanager, generic JSON) is reduced to."""

    fingerprint: str
    status: str  # firing | resolved
    title: str
    description: str = ""
    severity: str = ""
    ci: str = ""  # an explicit CI name or host; otherwise read from the labels
    labels: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    url: str = ""


@dataclass
class IntakeResult:
    opened: list[int] = field(default_factory=list)
    repeated: list[int] = field(default_factory=list)
    resolved: list[int] = field(default_factory=list)
    ignored: int = 0  # resolved alerts without an open ticket

    def as_dict(self) -> dict:
        return {
            "opened": self.opened,
            "repeated": self.repeated,
            "resolved": self.resolved,
            "ignored": self.ignored,
        }


def _host(value: str) -> str:
    """`db01:9100` → `db01`, `[::1]:9100` → `::1`, `https://x:8443/` → `x`."""
    value = value.strip()
    if "://" in value:
        value = value.split("://", 1)[1].split("/", 1)[0]
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def _find_ci(integration: AlertIntegration, alert: Alert) -> ConfigurationItem | None:
    if alert.ci:
        candidates = [alert.ci]
    elif integration.ci_label:
        candidates = [alert.labels.get(integration.ci_label, "")]
    else:
        candidates = [alert.labels.get("ci", ""), alert.labels.get("instance", "")]
    cis = ConfigurationItem.objects.filter(client_id=integration.client_id, active=True)
    for raw in filter(None, (str(c) for c in candidates)):
        for value in dict.fromkeys([raw.strip(), _host(raw)]):
            ci = (
                cis.filter(name__iexact=value).first() or cis.filter(hostname__iexact=value).first()
            )
            if ci is not None:
                return ci
    return None


def _priority(integration: AlertIntegration, severity: str) -> str:
    mapping = {**DEFAULT_SEVERITY_MAP, **(integration.severity_map or {})}
    return mapping.get((severity or "").lower(), Priority.P3)


def _open_ticket(integration: AlertIntegration, fingerprint: str, *, lock: bool) -> Ticket | None:
    tickets = Ticket.objects.filter(
        alert_integration=integration,
        alert_fingerprint=fingerprint,
        status__in=[s.value for s in OPEN_STATUSES],
    )
    if lock:
        tickets = tickets.select_for_update()
    return tickets.first()


def _record(integration, alert: Alert, ticket: Ticket | None, now) -> AlertEvent:
    return AlertEvent.objects.create(
        integration=integration,
        ticket=ticket,
        fingerprint=alert.fingerprint,
        status=alert.status,
        title=alert.title[:200],
        severity=alert.severity[:30],
        labels=alert.labels,
        annotations=alert.annotations,
        starts_at=alert.starts_at,
        ends_at=alert.ends_at,
        received_at=now,
    )


def _occurrence(ticket: Ticket, alert: Alert, now, *, resolved: bool = False) -> TicketEvent:
    """An alert line on the ticket's timeline (internal: labels are the vendor's detail)."""
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=TicketEventKind.ALERT,
        body=alert.title,
        public=False,
        data={
            "status": alert.status,
            "fingerprint": alert.fingerprint,
            "severity": alert.severity,
            "starts_at": alert.starts_at.isoformat() if alert.starts_at else None,
            "ends_at": alert.ends_at.isoformat() if alert.ends_at else None,
            "resolved": resolved,
        },
        created_at=now,
    )


def _description(alert: Alert) -> str:
    lines = [alert.description] if alert.description else []
    if alert.labels:
        lines.append("")
        lines.extend(f"- `{k}`: {v}" for k, v in sorted(alert.labels.items()))
    if alert.url:
        lines.extend(["", alert.url])
    return "\n".join(lines).strip()


def _fire(integration: AlertIntegration, alert: Alert, result: IntakeResult, now) -> None:
    from .tickets import ticket_open

    for _attempt in range(3):
        try:
            with transaction.atomic():
                ticket = _open_ticket(integration, alert.fingerprint, lock=True)
                if ticket is not None:
                    _record(integration, alert, ticket, now)
                    _occurrence(ticket, alert, now)
                    result.repeated.append(ticket.pk)
                    return
                priority = _priority(integration, alert.severity)
                impact, urgency = LEVELS_FOR[priority]
                ticket = ticket_open(
                    actor=None,
                    contract=integration.contract,
                    title=alert.title[:200] or alert.fingerprint,
                    description=_description(alert),
                    kind="incident",
                    impact=impact,
                    urgency=urgency,
                    priority=priority,
                    configuration_item=_find_ci(integration, alert),
                    source="alert",
                    alert_integration=integration,
                    alert_fingerprint=alert.fingerprint,
                    opened_at=now,
                )
                _record(integration, alert, ticket, now)
                result.opened.append(ticket.pk)
                return
        except IntegrityError:
            # Another request opened the ticket for this fingerprint between our look and our
            # insert: the partial unique constraint refused the second; count a repeat instead.
            continue
    raise DomainError(_("The alert %(fp)s could not be recorded.") % {"fp": alert.fingerprint})


def _resolve(integration: AlertIntegration, alert: Alert, result: IntakeResult, now) -> None:
    from .tickets import ticket_transition

    with transaction.atomic():
        ticket = _open_ticket(integration, alert.fingerprint, lock=True)
        _record(integration, alert, ticket, now)
        if ticket is None:
            result.ignored += 1
            return
        _occurrence(ticket, alert, now, resolved=integration.auto_resolve)
        if integration.auto_resolve:
            try:
                with transaction.atomic():
                    ticket_transition(
                        actor=None,
                        ticket=ticket,
                        to=TicketStatus.RESOLVED,
                        resolution_code="auto_resolved",
                        resolution_notes=_("The monitoring alert resolved at %(at)s.")
                        % {"at": (alert.ends_at or now).isoformat()},
                    )
            except DomainError:
                return  # the workflow refused (e.g. a state it cannot leave): the note stays
        result.resolved.append(ticket.pk)


def alerts_receive(*, integration: AlertIntegration, alerts: list[Alert]) -> IntakeResult:
    """Open, repeat on, or resolve incidents for already-validated alerts.

    Each alert is its own short transaction, taken in fingerprint order (repeats of one
    fingerprint keep their order): a transaction holds at most one ticket's lock, so bursts
    posted at once cannot deadlock each other; a lost race on the unique constraint becomes a
    repeat (see _fire).
    """
    now = timezone.now()
    result = IntakeResult()
    for alert in sorted(alerts, key=lambda a: a.fingerprint):
        for attempt in range(3):
            try:
                if alert.status == FIRING:
                    _fire(integration, alert, result, now)
                else:
                    _resolve(integration, alert, result, now)
                break
            except OperationalError:
                if attempt == 2:
                    raise
                time.sleep(0.05 * (attempt + 1))  # a deadlock or a lock timeout: try again
    AlertIntegration.objects.filter(pk=integration.pk).update(last_received_at=now)
    return result
