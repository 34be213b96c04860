"""What people comment on: planning objects (tasks, deliverables) and our own meetings and
documents. Comments sit below projects, so the registration happens here, above both."""

from django.urls import reverse

from comments import targets
from projects.models import Deliverable, Task

from .models import Document, Meeting


def _task_url(task) -> str:
    return reverse(
        "projects:task_detail", kwargs={"project_id": task.project_id, "task_id": task.pk}
    )


def _deliverable_url(deliverable) -> str:
    url = reverse("projects:project_deliverables", kwargs={"project_id": deliverable.project_id})
    return f"{url}#deliverable-{deliverable.pk}"


def register_comment_targets() -> None:
    targets.register(Task, url=_task_url)
    targets.register(Deliverable, url=_deliverable_url, inline=False)
    targets.register(Meeting)
    targets.register(Document)
