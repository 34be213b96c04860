import datetime as dt

import pytest

from quality import services
from quality.models import ChecklistCategory


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages read in English here unless a test picks a language (a test that asks for
    zh-hans checks the Chinese)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def checklist(pmo):
    """A three-item code review checklist in the vendor's library."""
    return services.template_create(
        actor=pmo,
        name="Code review",
        category=ChecklistCategory.CODE_REVIEW,
        items=[
            services.ItemSpec("Code peer-reviewed", "Two approvals in the merge request"),
            services.ItemSpec("Unit tests pass"),
            services.ItemSpec("No secrets in the repository"),
        ],
    )


@pytest.fixture
def inspection(tenant_a, checklist):
    """An inspection of tenant A's deliverable by its team member, not yet answered."""
    plan = tenant_a.plan()
    return services.inspection_start(
        actor=tenant_a.manager,
        project=tenant_a.project,
        template=checklist,
        inspector=tenant_a.member,
        date=dt.date(2026, 3, 2),
        deliverable=plan["deliverable"],
    )


def answer_all(inspection, actor, *, fail=()):
    """Answer every item: pass, except the positions in `fail` (with a note)."""
    for result in inspection.results.select_related("item"):
        failed = result.item.position in fail
        services.inspection_answer(
            actor=actor,
            result=result,
            outcome="failed" if failed else "passed",
            note="Broken" if failed else "",
        )
