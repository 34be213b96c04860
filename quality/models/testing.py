"""Quality models: test management (see quality/models/__init__.py).

Kept simple: test cases grouped in suites (per deliverable, or for the project as a whole), a
test run records one outcome per case, and a failed result can point at the defect it opened.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ito_portal.core.models import TimeStampedModel

__all__ = ["TestCase", "TestOutcome", "TestResult", "TestRun", "TestSuite"]


class TestOutcome(models.TextChoices):
    __test__ = False

    PASSED = "pass", pgettext_lazy("test outcome", "Passed")
    FAILED = "fail", pgettext_lazy("test outcome", "Failed")
    BLOCKED = "blocked", pgettext_lazy("test outcome", "Blocked")
    NOT_RUN = "not_run", pgettext_lazy("test outcome", "Not run")


class TestSuite(TimeStampedModel):
    """A named group of test cases, usually for one deliverable."""

    __test__ = False  # not a pytest class

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="test_suites",
    )
    deliverable = models.ForeignKey(
        "projects.Deliverable",
        verbose_name=_("deliverable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="test_suites",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("test suite")
        verbose_name_plural = _("test suites")
        ordering = ["project", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class TestCase(TimeStampedModel):
    """One check to perform: steps and the result to expect."""

    __test__ = False

    suite = models.ForeignKey(
        TestSuite, verbose_name=_("test suite"), on_delete=models.CASCADE, related_name="cases"
    )
    title = models.CharField(_("title"), max_length=200)
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    expected_result = models.TextField(_("expected result"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("test case")
        verbose_name_plural = _("test cases")
        ordering = ["suite", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class TestRun(TimeStampedModel):
    """One execution of a suite in an environment; clients see it only when marked so."""

    __test__ = False

    suite = models.ForeignKey(
        TestSuite, verbose_name=_("test suite"), on_delete=models.CASCADE, related_name="runs"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    environment = models.CharField(_("environment"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    client_visible = models.BooleanField(_("client can see it"), default=False)

    class Meta:
        verbose_name = _("test run")
        verbose_name_plural = _("test runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.suite} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class TestResult(models.Model):
    """The outcome of one case in one run, with the defect a failure opened."""

    __test__ = False

    run = models.ForeignKey(
        TestRun, verbose_name=_("test run"), on_delete=models.CASCADE, related_name="results"
    )
    case = models.ForeignKey(
        TestCase, verbose_name=_("test case"), on_delete=models.CASCADE, related_name="results"
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=TestOutcome.choices, default=TestOutcome.NOT_RUN
    )
    note = models.TextField(_("note"), blank=True)
    defect = models.ForeignKey(
        "quality.Defect",
        verbose_name=_("defect"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="test_results",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("test result")
        verbose_name_plural = _("test results")
        ordering = ["run", "case__position", "case_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "case"], name="quality_one_result_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_outcome_display()}"
