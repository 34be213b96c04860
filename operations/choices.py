from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.TextChoices):
    P1 = "P1", _("P1 critical")
    P2 = "P2", _("P2 high")
    P3 = "P3", _("P3 medium")
    P4 = "P4", _("P4 low")


class Level(models.TextChoices):
    """Impact and urgency."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class TicketKind(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Service request")


class TicketStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    PENDING_CLIENT = "pending_client", _("Pending client")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    TicketStatus.NEW,
    TicketStatus.ASSIGNED,
    TicketStatus.IN_PROGRESS,
    TicketStatus.PENDING_CLIENT,
)


class TicketSource(models.TextChoices):
    PORTAL = "portal", _("Client portal")
    ENGINEER = "engineer", _("Engineer")
    API = "api", _("API")
    ALERT = "alert", _("Monitoring alert")
    EMAIL = "email", _("E-mail")


class TicketEventKind(models.TextChoices):
    REPLY = "reply", _("Public reply")
    NOTE = "note", _("Internal note")
    STATUS = "status", _("Status change")
    ASSIGNMENT = "assignment", _("Assignment")
    PRIORITY = "priority", _("Priority change")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACH = "sla_breach", _("SLA breach")
    ALERT = "alert", _("Alert occurrence")
    CONFIRMATION = "confirmation", _("Client confirmation")


class SlaTarget(models.TextChoices):
    RESPONSE = "response", _("Response")
    RESOLUTION = "resolution", _("Resolution")


class SlaThreshold(models.TextChoices):
    WARNING = "warning", _("Warning")
    BREACH = "breach", _("Breach")


class CIKind(models.TextChoices):
    SERVER = "server", _("Server")
    VM = "vm", _("Virtual machine")
    DATABASE = "database", _("Database")
    APPLICATION = "application", _("Application")
    NETWORK = "network", _("Network device")
    CLOUD = "cloud", _("Cloud service")


class Environment(models.TextChoices):
    PRODUCTION = "production", _("Production")
    STAGING = "staging", _("Staging")
    TEST = "test", _("Test")
    DEVELOPMENT = "development", _("Development")


class Criticality(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class RelationKind(models.TextChoices):
    RUNS_ON = "runs_on", _("runs on")
    DEPENDS_ON = "depends_on", _("depends on")
    CONNECTS_TO = "connects_to", _("connects to")


# --- problems, changes, maintenance windows ---


class ProblemStatus(models.TextChoices):
    NEW = "new", _("New")
    INVESTIGATING = "investigating", _("Investigating")
    KNOWN_ERROR = "known_error", _("Known error")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_PROBLEM_STATUSES = (
    ProblemStatus.NEW,
    ProblemStatus.INVESTIGATING,
    ProblemStatus.KNOWN_ERROR,
)


class ChangeKind(models.TextChoices):
    STANDARD = "standard", _("Standard")
    NORMAL = "normal", _("Normal")
    EMERGENCY = "emergency", _("Emergency")


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SCHEDULED = "scheduled", _("Scheduled")
    IMPLEMENTED = "implemented", _("Implemented")
    FAILED = "failed", _("Failed")
    ROLLED_BACK = "rolled_back", _("Rolled back")
    CLOSED = "closed", _("Reviewed and closed")
    CANCELLED = "cancelled", _("Cancelled")


class ChangeDecision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


class WindowKind(models.TextChoices):
    WINDOW = "window", _("Maintenance window")
    FREEZE = "freeze", _("Change freeze")


# --- backups, security ---


class BackupStatus(models.TextChoices):
    SUCCESS = "success", _("Success")
    PARTIAL = "partial", _("Partial")
    FAILED = "failed", _("Failed")


class BackupResultSource(models.TextChoices):
    API = "api", _("Backup system (API)")
    MANUAL = "manual", _("Entered by hand")


class AssessmentKind(models.TextChoices):
    PENTEST = "pentest", _("Penetration test")
    SCAN = "scan", _("Vulnerability scan")
    AUDIT = "audit", _("Audit")


class FindingSeverity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    INFO = "info", _("Info")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    ACCEPTED_RISK = "accepted_risk", _("Risk accepted")
    FALSE_POSITIVE = "false_positive", _("False positive")


OPEN_FINDING_STATUSES = (FindingStatus.OPEN, FindingStatus.IN_PROGRESS)
