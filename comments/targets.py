"""What may be commented on: each app registers its models (comments knows no app above it).

`register(Task, url=lambda task: reverse(...))` in the owning (or a higher) app's ready().
A target reaches its project through `project` (an ORM path, "project" by default), and is
read-protected by the permission policy like any other object of its model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.urls import reverse


@dataclass(frozen=True)
class Target:
    model: type[models.Model]
    url: Callable[[models.Model], str] | None = None
    project: str = "project"
    # False when the object's page lists many objects and only links to each thread: then a
    # link to one comment goes to the thread's own page.
    inline: bool = True

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def project_id_of(self, obj: models.Model) -> int | None:
        *hops, last = self.project.split("__")
        for hop in hops:
            obj = getattr(obj, hop, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)

    def url_of(self, obj: models.Model) -> str:
        if self.url is not None:
            return self.url(obj)
        getter = getattr(obj, "get_absolute_url", None)
        return getter() if getter else ""

    def thread_url(self, obj: models.Model) -> str:
        """The comments' own page (and the panel's htmx address)."""
        return reverse(
            "comments:comment_thread", kwargs={"target_type": self.label, "target_id": obj.pk}
        )

    def comment_url(self, obj: models.Model, comment_id: int) -> str:
        """Where one comment can be read: on the object's page, or on the thread's."""
        page = self.url_of(obj) if self.inline else ""
        return f"{page or self.thread_url(obj)}#comment-{comment_id}"


_TARGETS: dict[str, Target] = {}


def register(
    model: type[models.Model],
    *,
    url: Callable[[models.Model], str] | None = None,
    project: str = "project",
    inline: bool = True,
) -> Target:
    """Allow comments on `model`; `url` gives an object's page (else get_absolute_url)."""
    target = Target(model=model, url=url, project=project, inline=inline)
    existing = _TARGETS.get(target.label)
    if existing is not None and existing != target:
        raise ValueError(f"{model.__name__} is already a comment target")
    _TARGETS[target.label] = target
    return target


def get(model_or_label: type[models.Model] | str) -> Target:
    label = (
        model_or_label
        if isinstance(model_or_label, str)
        else model_or_label._meta.concrete_model._meta.label_lower
    )
    try:
        return _TARGETS[label.lower()]
    except KeyError:
        raise ImproperlyConfigured(
            f"{label} is not a comment target: call comments.targets.register() for it in "
            "its app's ready()"
        ) from None


def find(label: str) -> Target | None:
    return _TARGETS.get((label or "").lower())


def registered() -> list[Target]:
    return sorted(_TARGETS.values(), key=lambda t: t.label)
