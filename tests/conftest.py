"""Shared test setup: factories, role helpers, cache isolation, a real Celery worker, a browser."""

import os
import uuid

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from rest_framework.test import APIClient

from accounts.choices import CLIENT_ROLES, ProjectRole
from accounts.models import Membership
from tests.factories import OrganizationFactory, ProjectFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Service-level messages read in English in tests; requests still pick their language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own cache namespace (throttling counters, cached sessions)."""
    caches = {name: dict(conf) for name, conf in django_settings.CACHES.items()}
    for conf in caches.values():
        conf["KEY_PREFIX"] = f"{conf.get('KEY_PREFIX', '')}-{uuid.uuid4().hex[:8]}"
    settings.CACHES = caches


@pytest.fixture
def member():
    """`member(project, "client_contact")`: a new user with that role in the project."""

    def make(project, role=ProjectRole.MEMBER, **user_fields):
        if role in CLIENT_ROLES:
            user_fields.setdefault("organization", project.client)
        user = UserFactory(**user_fields)
        Membership.objects.create(project=project, user=user, role=role)
        return user

    return make


class Tenant:
    """One client's world: a project and a person in each role (plus their organisation)."""

    def __init__(self, member, name: str):
        self.client_org = OrganizationFactory(name=f"{name} Ltd")
        self.project = ProjectFactory(client=self.client_org, code=f"{name.upper()}-1")
        self.manager = self.project.manager
        self.member = member(self.project, ProjectRole.MEMBER)
        self.client_contact = member(self.project, ProjectRole.CLIENT_CONTACT)
        self.client_viewer = member(self.project, ProjectRole.CLIENT_VIEWER)

    def plan(self):
        """A small plan with one of every planning object, built once on first use."""
        if not hasattr(self, "_plan"):
            from decimal import Decimal

            from projects import services

            p, m = self.project, self.manager
            phase = services.task_create(actor=m, project=p, name="Phase", client_visible=True)
            first = services.task_create(
                actor=m, project=p, name="First", parent=phase, duration_days=2,
                assignee=self.member, client_visible=True,
            )  # fmt: skip
            second = services.task_create(actor=m, project=p, name="Second", duration_days=3)
            link = services.dependency_create(actor=m, predecessor=first, successor=second)
            deliverable = services.deliverable_create(actor=m, project=p, name="Report")
            baseline = services.baseline_save(actor=m, project=p, name="Plan")
            entry = services.time_entry_log(
                actor=self.member, task=first, date=p.start_date, hours=Decimal(3)
            )
            [week] = services.week_submit(actor=self.member, week_start=p.start_date)
            self._plan = {
                "phase": phase, "task": first, "second": second, "dependency": link,
                "deliverable": deliverable, "baseline": baseline, "time_entry": entry,
                "week": week,
            }  # fmt: skip
        return self._plan

    def users(self) -> dict:
        return {
            "manager": self.manager,
            "member": self.member,
            "client_contact": self.client_contact,
            "client_viewer": self.client_viewer,
        }


@pytest.fixture
def tenant_a(member):
    return Tenant(member, "alpha")


@pytest.fixture
def tenant_b(member):
    return Tenant(member, "beta")


@pytest.fixture
def pmo():
    return UserFactory(pmo=True, username="pmo")


@pytest.fixture
def api():
    """`api(user)`: an API client signed in as `user` (or anonymous with no user)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread) consuming this test run's broker queues."""
    from celery.contrib.testing.worker import start_worker

    from ito_portal.celery import QUEUES
    from ito_portal.celery import app as celery_app

    celery_app.control.purge()
    with start_worker(
        celery_app,
        pool="threads",
        concurrency=2,
        perform_ping_check=False,
        loglevel="WARNING",
        queues=list(QUEUES),
        shutdown_timeout=30,
    ) as worker:
        yield worker


# --- browser --------------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # under one unless told this is deliberate (the test code itself is synchronous).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; the test fails if the page logs a JavaScript error."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.base_url = live_server.url
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def sign_in(page, user, password="test-pass-2026"):
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{page.base_url}/")


@pytest.fixture(scope="session", autouse=True)
def _remove_the_runs_broker_folder():
    """The on-disk broker keeps a folder per run and worker; leave nothing behind."""
    yield
    import shutil

    options = getattr(django_settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    folder = options.get("data_folder_in")
    if folder and "test-broker" in folder:
        shutil.rmtree(folder, ignore_errors=True)
