"""Quality models: testing (see quality/models/__init__.py)."""

__all__: list[str] = []
