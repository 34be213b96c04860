"""Pages of the client relationship: the client's home, requests, surveys and results."""

from .portal import portal_home

__all__ = ["portal_home"]
