"""Quality models: defects (see quality/models/__init__.py)."""

__all__: list[str] = []
