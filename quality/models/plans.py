"""Quality models: plans (see quality/models/__init__.py)."""

__all__: list[str] = []
