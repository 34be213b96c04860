"""Resource leveling: a pure-Python engine (no Django) and the service that feeds it a project."""

from .engine import (
    BEYOND_FLOAT,
    FIXED,
    OVER_CAPACITY,
    PINNED_SUCCESSOR,
    PREDECESSOR,
    RESOURCE,
    Availability,
    Conflict,
    Leveling,
    LevelLink,
    LevelTask,
    Move,
    level,
)

__all__ = [
    "BEYOND_FLOAT",
    "FIXED",
    "OVER_CAPACITY",
    "PINNED_SUCCESSOR",
    "PREDECESSOR",
    "RESOURCE",
    "Availability",
    "Conflict",
    "LevelLink",
    "LevelTask",
    "Leveling",
    "Move",
    "level",
]
