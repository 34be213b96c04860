"""The fixed vocabularies of risks and issues (categories are an editable model instead)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE = range(1, 6)  # probability and impact are rated 1 (very low) to 5 (very high)


class RiskKind(models.TextChoices):
    THREAT = "threat", _("Threat")
    OPPORTUNITY = "opportunity", _("Opportunity")


class RiskStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    ASSESSED = "assessed", _("Assessed")
    RESPONDING = "responding", _("Responding")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")
    OCCURRED = "occurred", _("Occurred")


OPEN_RISK_STATUSES = (
    RiskStatus.IDENTIFIED,
    RiskStatus.ASSESSED,
    RiskStatus.RESPONDING,
    RiskStatus.MONITORING,
)


class RiskStrategy(models.TextChoices):
    AVOID = "avoid", _("Avoid")
    MITIGATE = "mitigate", _("Mitigate")
    TRANSFER = "transfer", _("Transfer")
    ESCALATE = "escalate", _("Escalate")
    EXPLOIT = "exploit", _("Exploit")
    ENHANCE = "enhance", _("Enhance")
    SHARE = "share", _("Share")
    ACCEPT = "accept", _("Accept")


STRATEGIES_FOR = {
    RiskKind.THREAT: {"avoid", "mitigate", "transfer", "accept", "escalate"},
    RiskKind.OPPORTUNITY: {"exploit", "enhance", "share", "accept"},
}


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


LEVEL_COLOURS = {"low": "green", "medium": "yellow", "high": "orange", "critical": "red"}
IMPACT_DIMENSIONS = ("impact_schedule", "impact_cost", "impact_quality", "impact_reputation")


def level_bounds() -> list[tuple[str, int]]:
    """[(level, lowest score)] from settings.RISK_LEVELS, lowest first."""
    levels = settings.RISK_LEVELS
    return sorted(((name, levels[name]) for name in RiskLevel.values), key=lambda x: x[1])


def level_for(score: int | None) -> str | None:
    """The level of a score by the configured thresholds (None for no score)."""
    if not score:
        return None
    found = RiskLevel.LOW.value
    for name, lowest in level_bounds():
        if score >= lowest:
            found = name
    return found


def score_range(level: str) -> tuple[int, int]:
    """The scores [low, high) of a level, for filtering in SQL."""
    bounds = level_bounds()
    for index, (name, lowest) in enumerate(bounds):
        if name == level:
            high = bounds[index + 1][1] if index + 1 < len(bounds) else 26
            return lowest, high
    raise ValueError(level)


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_ISSUE_STATUSES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)


class IssueSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")
