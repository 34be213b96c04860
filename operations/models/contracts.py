"""What the vendor promised a client: services, coverage hours and the SLA targets."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ito_portal.core.models import TimeStampedModel

from ..choices import Priority


class SlaPolicy(TimeStampedModel):
    """Response and resolution targets per priority, counted in business minutes.

    Coverage is either 24×7 or the business hours `business_start`–`business_end` on the
    working days of `calendar` (weekdays, public holidays and 调休 working weekends).
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    calendar = models.ForeignKey(
        "projects.WorkCalendar",
        verbose_name=_("working calendar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the organisation's default calendar."),
    )
    business_start = models.TimeField(_("business hours start"), default=datetime.time(9))
    business_end = models.TimeField(_("business hours end"), default=datetime.time(18))
    twenty_four_seven = models.BooleanField(_("24×7"), default=False)
    warning_percent = models.PositiveSmallIntegerField(
        _("warning at (% of the target)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    pause_when_pending_client = models.BooleanField(
        _("pause while waiting for the client"), default=True
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        help_text=_("Business hours are read in this time zone (e.g. Asia/Shanghai)."),
    )

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(twenty_four_seven=True)
                | models.Q(business_end__gt=models.F("business_start")),
                name="operations_business_hours_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SlaPolicyTarget(models.Model):
    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="targets")
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices)
    response_minutes = models.PositiveIntegerField(
        _("response target (business minutes)"), validators=[MinValueValidator(1)]
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution target (business minutes)"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ["policy", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "priority"], name="operations_one_target_per_priority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy} {self.priority}"


class SupportGroup(TimeStampedModel):
    """An assignment group of the vendor's engineers (e.g. "DBA", "Network", "L1 desk")."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("group lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_support_groups",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="support_groups",
        blank=True,
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("support group")
        verbose_name_plural = _("support groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceContract(TimeStampedModel):
    """The operations contract with one client organisation."""

    client = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="service_contracts",
        limit_choices_to={"kind": "client"},
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=30, unique=True)
    sla_policy = models.ForeignKey(
        SlaPolicy,
        verbose_name=_("SLA policy"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    service_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("service manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_service_contracts",
        help_text=_("Told about every SLA breach; answers to the client for the service."),
    )
    support_groups = models.ManyToManyField(
        SupportGroup,
        verbose_name=_("support groups"),
        related_name="contracts",
        blank=True,
        help_text=_("Their members see and work this client's tickets."),
    )
    default_group = models.ForeignKey(
        SupportGroup,
        verbose_name=_("default group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("New tickets go to this group's queue."),
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("reopen within (days)"),
        default=7,
        help_text=_("A resolved ticket may be reopened this long; then it closes."),
    )
    availability_target = models.DecimalField(
        _("availability target (%)"), max_digits=6, decimal_places=3, default=99.9
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        ordering = ["client__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="operations_contract_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Service(TimeStampedModel):
    """A service a contract covers (e.g. "ERP application support", "Network operations")."""

    contract = models.ForeignKey(
        ServiceContract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    critical = models.BooleanField(
        _("critical service"), default=False, help_text=_("Its availability is reported.")
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["contract", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "name"], name="operations_service_name_per_contract"
            )
        ]

    def __str__(self) -> str:
        return self.name
