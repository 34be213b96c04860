"""What a caller hands the engine: tasks, dependency links and their codes.

Plain frozen records so the service layer can build them from model rows (or an MS Project
import) without the engine knowing about either; validation happens in the engine, where an
error can name the offending task.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = ["Constraint", "LinkInput", "LinkType", "TaskInput"]


class Constraint(StrEnum):
    """MS Project's constraint types; members compare equal to their lower-case codes."""

    ASAP = "asap"  # as soon as possible (the default)
    ALAP = "alap"  # as late as possible: scheduled on the late dates
    SNET = "snet"  # start no earlier than
    SNLT = "snlt"  # start no later than
    FNET = "fnet"  # finish no earlier than
    FNLT = "fnlt"  # finish no later than
    MSO = "mso"  # must start on
    MFO = "mfo"  # must finish on


class LinkType(StrEnum):
    """Dependency types; members compare equal to their upper-case codes."""

    FS = "FS"  # finish-to-start
    SS = "SS"  # start-to-start
    FF = "FF"  # finish-to-finish
    SF = "SF"  # start-to-finish


@dataclass(frozen=True, slots=True)
class TaskInput:
    """One WBS row: duration in working days (0 = milestone); ignored when it is a summary."""

    id: int
    duration: int = 0
    parent: int | None = None
    constraint: str = Constraint.ASAP
    constraint_date: date | None = None


@dataclass(frozen=True, slots=True)
class LinkInput:
    """A dependency; ``lag`` is in working days and may be negative (a lead)."""

    predecessor: int
    successor: int
    type: str = LinkType.FS
    lag: int = 0
