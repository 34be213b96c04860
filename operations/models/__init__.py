"""The service desk's data, one module per area; everything is scoped by the client
organisation (see operations/permissions.py), not by a project."""

from .alerts import AlertEvent, AlertIntegration
from .backups import BackupJob, BackupResult, RestoreDrill
from .changes import Change, ChangeApproval, MaintenanceWindow, SlaReport
from .cmdb import CIRelation, ConfigurationItem
from .contracts import Service, ServiceContract, SlaPolicy, SlaPolicyTarget, SupportGroup
from .problems import Problem
from .security import SecurityAssessment, SecurityFinding
from .tickets import SlaEscalation, Ticket, TicketEvent

__all__ = [
    "AlertEvent",
    "AlertIntegration",
    "BackupJob",
    "BackupResult",
    "CIRelation",
    "Change",
    "ChangeApproval",
    "ConfigurationItem",
    "MaintenanceWindow",
    "Problem",
    "RestoreDrill",
    "SecurityAssessment",
    "SecurityFinding",
    "Service",
    "ServiceContract",
    "SlaEscalation",
    "SlaPolicy",
    "SlaPolicyTarget",
    "SlaReport",
    "SupportGroup",
    "Ticket",
    "TicketEvent",
]
