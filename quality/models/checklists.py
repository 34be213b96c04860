"""Quality models: checklists (see quality/models/__init__.py)."""

__all__: list[str] = []
