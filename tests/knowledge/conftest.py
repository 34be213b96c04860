import pytest

from accounts.choices import ProjectRole
from knowledge import services


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Pages read in English here unless a test picks a language (a test that asks for
    zh-hans checks the Chinese)."""
    settings.LANGUAGE_CODE = "en"


class KB:
    """Tenant A's knowledge: a project space, a client-visible client space, an organisation
    space, and articles in each."""

    def __init__(self, a, pmo):
        self.a = a
        self.project_space = services.space_create(
            actor=a.manager, name="Project notes", project=a.project
        )
        self.client_space = services.space_create(
            actor=pmo, name="Client runbooks", client=a.client_org, client_visible=True
        )
        self.org_space = services.space_create(actor=pmo, name="Engineering handbook")
        self.internal = services.article_create(
            actor=a.member, title="数据库备份恢复演练", space=self.project_space,
            body="每季度进行一次数据库备份恢复演练。\n\nRestore the nightly backup to staging.",
            tags="备份, dba",
        )  # fmt: skip
        self.runbook = services.article_create(
            actor=a.manager, title="VPN certificate renewal", space=self.client_space,
            kind="runbook", body="Renew the VPN certificate every year.", client_visible=True,
        )  # fmt: skip
        self.hidden_runbook = services.article_create(
            actor=a.manager, title="Internal escalation list", space=self.client_space,
            kind="runbook", body="Call the duty manager.",
        )  # fmt: skip
        self.org = services.article_create(
            actor=pmo, title="Code review checklist", body="Small pull requests.",
        )  # fmt: skip


@pytest.fixture
def kb(tenant_a, pmo):
    return KB(tenant_a, pmo)


@pytest.fixture
def outsider(member, tenant_b):
    """A vendor engineer on another client's project."""
    return member(tenant_b.project, ProjectRole.MEMBER)
