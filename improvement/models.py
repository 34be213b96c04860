"""Improvement proposals through a PDCA cycle, their votes, actions, comments and history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ito_portal.core.models import TimeStampedModel

from .choices import (
    CLOSED,
    IMPACT_COLOURS,
    STAGES,
    STATUS_COLOURS,
    Category,
    Effort,
    Impact,
    Reach,
    Status,
)

USER = settings.AUTH_USER_MODEL


class ProposalQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED)

    def with_votes(self, user=None):
        """Vote counts (and whether `user` voted) in the same query as the rows."""
        queryset = self.annotate(vote_total=models.Count("votes", distinct=True))
        if user is not None and user.is_authenticated:
            mine = Vote.objects.filter(proposal=models.OuterRef("pk"), user=user)
            queryset = queryset.annotate(voted=models.Exists(mine))
        return queryset


class ImprovementProposal(TimeStampedModel):
    """An idea to do better, from anyone (clients too), taken through plan–do–check–act."""

    number = models.PositiveIntegerField(_("number"), unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"), help_text=_("What goes wrong today, and how often."))
    proposal = models.TextField(_("proposal"), help_text=_("What should change."))
    expected_benefit = models.TextField(_("expected benefit"), blank=True)
    effort = models.CharField(_("effort"), max_length=2, choices=Effort.choices, default=Effort.M)
    impact = models.CharField(
        _("impact"), max_length=8, choices=Impact.choices, default=Impact.MEDIUM
    )
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.PROCESS
    )
    reach = models.CharField(
        _("scope"), max_length=12, choices=Reach.choices, default=Reach.ORGANISATION
    )
    client = models.ForeignKey(
        "accounts.Organization", verbose_name=_("client"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="improvement_proposals",
        help_text=_("The client organisation it concerns (also set for a project's)."),
    )  # fmt: skip
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="improvement_proposals",
    )  # fmt: skip
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    from_client = models.BooleanField(_("proposed by the client"), default=False, editable=False)
    client_visible = models.BooleanField(
        _("client can see it"), default=False,
        help_text=_("Proposals from the client's people are always shared with them."),
    )  # fmt: skip
    owner = models.ForeignKey(
        USER, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="owned_improvements",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    result_metric = models.CharField(_("metric"), max_length=120, blank=True)
    result_before = models.DecimalField(
        _("before"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    result_after = models.DecimalField(
        _("after"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    result_unit = models.CharField(_("unit"), max_length=30, blank=True)
    result_notes = models.TextField(_("notes on the result"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement proposal")
        verbose_name_plural = _("improvement proposals")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reach="project") | Q(project__isnull=False),
                name="improvement_project_scope_has_project",
            ),
            models.CheckConstraint(
                condition=~Q(reach="client") | Q(client__isnull=False),
                name="improvement_client_scope_has_client",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("improvement:proposal_detail", kwargs={"proposal_id": self.pk})

    @property
    def code(self) -> str:
        return f"IP-{self.number:03d}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "secondary")

    @property
    def impact_colour(self) -> str:
        return IMPACT_COLOURS.get(self.impact, "secondary")

    @property
    def stage_index(self) -> int:
        return STAGES.index(self.status) if self.status in STAGES else -1

    @property
    def has_result(self) -> bool:
        return bool(self.result_metric) and None not in (self.result_before, self.result_after)

    @property
    def result_change(self):
        """after − before, or None without a measured result."""
        if not self.has_result:
            return None
        return self.result_after - self.result_before

    @property
    def result_change_percent(self):
        if not self.has_result or not self.result_before:
            return None
        return round((self.result_after - self.result_before) / abs(self.result_before) * 100, 1)


class Vote(models.Model):
    """One person's support for a proposal; voting again takes it back."""

    proposal = models.ForeignKey(
        ImprovementProposal, verbose_name=_("proposal"), on_delete=models.CASCADE,
        related_name="votes",
    )  # fmt: skip
    user = models.ForeignKey(
        USER, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="improvement_one_vote")
        ]

    def __str__(self) -> str:
        return f"{self.proposal.code} +1"


class ImprovementAction(TimeStampedModel):
    """A step of the plan. Not a project task: most proposals are organisation-wide and have
    no project whose plan could hold them."""

    proposal = models.ForeignKey(
        ImprovementProposal, verbose_name=_("proposal"), on_delete=models.CASCADE,
        related_name="actions",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        USER, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    due_date = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["proposal", "done", "due_date", "id"]

    def __str__(self) -> str:
        return self.title


class StatusChange(models.Model):
    """One move of a proposal through the cycle, kept for its history."""

    proposal = models.ForeignKey(
        ImprovementProposal, verbose_name=_("proposal"), on_delete=models.CASCADE,
        related_name="status_changes",
    )  # fmt: skip
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=12, choices=Status.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=12, choices=Status.choices
    )
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        USER, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal.code}: {self.from_status} → {self.to_status}"


class ProposalComment(models.Model):
    """A remark on a proposal. Not the `comments` app: its threads belong to a project, and an
    organisation-wide proposal has none. Internal remarks stay with the vendor's people."""

    proposal = models.ForeignKey(
        ImprovementProposal, verbose_name=_("proposal"), on_delete=models.CASCADE,
        related_name="comments",
    )  # fmt: skip
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal comment")
        verbose_name_plural = _("proposal comments")
        ordering = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]
