"""The REST API under /api/v1/: every app's viewsets on one router."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from accounts.api import MembershipViewSet, OrganizationViewSet, TokenObtainView, UserViewSet
from clients.api import ClientRequestViewSet, SurveyResponseViewSet, SurveyViewSet
from collaboration.api import ActionItemViewSet, DocumentViewSet, MeetingViewSet
from comments.api import CommentViewSet
from notifications.api import NotificationViewSet
from projects.api import (
    BaselineViewSet,
    CalendarViewSet,
    DeliverableViewSet,
    DependencyViewSet,
    MilestoneViewSet,
    ProjectViewSet,
    TaskViewSet,
    TimeEntryViewSet,
    WeekSubmissionViewSet,
)
from projects.api.transfer import PlanImportViewSet
from quality.api.acceptance import DeliverableAcceptanceView
from quality.api.inspections import (
    ChecklistTemplateViewSet,
    CorrectiveActionViewSet,
    DefectViewSet,
    InspectionViewSet,
)
from quality.api.testing import TestCaseViewSet, TestRunViewSet
from reports.api import CommunicationEntryViewSet, StatusReportViewSet
from resources.api.budget import BudgetLineViewSet, ProjectEvmView
from resources.api.leveling import ProjectLevelingView
from resources.api.pool import (
    AbsenceViewSet,
    AllocationViewSet,
    ResourceViewSet,
    SkillViewSet,
    TeamViewSet,
    WorkloadView,
)
from risks.api import ProjectIssueViewSet, ProjectRiskMatrixView, RiskViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet)
router.register("users", UserViewSet)
router.register("projects", ProjectViewSet)
router.register("memberships", MembershipViewSet)
router.register("calendars", CalendarViewSet)
router.register("tasks", TaskViewSet)
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("dependencies", DependencyViewSet)
router.register("deliverables", DeliverableViewSet)
router.register("baselines", BaselineViewSet)
router.register("time-entries", TimeEntryViewSet)
router.register("timesheet-weeks", WeekSubmissionViewSet)
router.register("plan-imports", PlanImportViewSet)
router.register("notifications", NotificationViewSet)
router.register("status-reports", StatusReportViewSet)
router.register("communication-plan", CommunicationEntryViewSet)
router.register("client-requests", ClientRequestViewSet)
router.register("surveys", SurveyViewSet)
router.register("survey-responses", SurveyResponseViewSet)
router.register("comments", CommentViewSet)
router.register("meetings", MeetingViewSet)
router.register("action-items", ActionItemViewSet)
router.register("documents", DocumentViewSet)
router.register("resources", ResourceViewSet)
router.register("skills", SkillViewSet)
router.register("teams", TeamViewSet)
router.register("allocations", AllocationViewSet)
router.register("absences", AbsenceViewSet)
router.register("budget-lines", BudgetLineViewSet)
# --- risks (helper "risks"): imports at the top of the file, registrations here ---
router.register("risks", RiskViewSet)
router.register("project-issues", ProjectIssueViewSet)
# --- quality (helper "quality-a") ---
router.register("checklist-templates", ChecklistTemplateViewSet)
router.register("inspections", InspectionViewSet)
router.register("defects", DefectViewSet)
router.register("corrective-actions", CorrectiveActionViewSet)
# --- quality (helper "quality-b") ---
router.register("test-cases", TestCaseViewSet)
router.register("test-runs", TestRunViewSet)
# --- operations (helpers "ops-tickets", "ops-cmdb", "ops-change"): registrations here ---
# ops-tickets
from operations.api.tickets import (  # noqa: E402
    ServiceContractViewSet,
    SlaPolicyViewSet,
    TicketViewSet,
)

router.register("tickets", TicketViewSet)  # ops-tickets
router.register("service-contracts", ServiceContractViewSet)  # ops-tickets
router.register("sla-policies", SlaPolicyViewSet)  # ops-tickets
# ops-cmdb
from operations.api.alerts import (  # noqa: E402
    AlertIntegrationViewSet,
    AlertmanagerIntakeView,
    GenericIntakeView,
)
from operations.api.cmdb import (  # noqa: E402
    BackupJobViewSet,
    BackupResultViewSet,
    CIRelationViewSet,
    ConfigurationItemViewSet,
    RestoreDrillViewSet,
    SecurityAssessmentViewSet,
    SecurityFindingViewSet,
)

router.register("configuration-items", ConfigurationItemViewSet)  # ops-cmdb
router.register("ci-relations", CIRelationViewSet)  # ops-cmdb
router.register("alert-integrations", AlertIntegrationViewSet)  # ops-cmdb
router.register("backup-jobs", BackupJobViewSet)  # ops-cmdb
router.register("backup-results", BackupResultViewSet)  # ops-cmdb
router.register("restore-drills", RestoreDrillViewSet)  # ops-cmdb
router.register("security-assessments", SecurityAssessmentViewSet)  # ops-cmdb
router.register("security-findings", SecurityFindingViewSet)  # ops-cmdb
# ops-change
from operations.api.changes import (  # noqa: E402
    ChangeViewSet,
    MaintenanceWindowViewSet,
    ProblemViewSet,
)

router.register("problems", ProblemViewSet)
router.register("changes", ChangeViewSet)
router.register("maintenance-windows", MaintenanceWindowViewSet)
# --- knowledge (helper "knowledge") ---
from knowledge.api import ArticleViewSet, LessonViewSet, SpaceViewSet  # noqa: E402

router.register("knowledge-spaces", SpaceViewSet)
router.register("articles", ArticleViewSet)
router.register("lessons-learned", LessonViewSet)
# --- training (helper "training") ---
from training.api import (  # noqa: E402
    AttendanceViewSet,
    SkillMatrixView,
    TrainingNeedsView,
    TrainingPlanViewSet,
    TrainingSessionViewSet,
)

router.register("training-plans", TrainingPlanViewSet)
router.register("training-sessions", TrainingSessionViewSet)
router.register("training-attendance", AttendanceViewSet)
# --- performance (helper "performance") ---
from performance.api import (  # noqa: E402
    KpiDefinitionView,
    KpiSnapshotViewSet,
    ProjectReviewViewSet,
)

router.register("kpi-snapshots", KpiSnapshotViewSet)
router.register("project-reviews", ProjectReviewViewSet)
# --- improvement (helper "improvement") ---
from improvement.api import ImprovementProposalViewSet  # noqa: E402

router.register("improvement-proposals", ImprovementProposalViewSet)

urlpatterns = [
    # Views that are not viewsets, before the router (which owns projects/{id}/...).
    path("v1/projects/<int:pk>/evm/", ProjectEvmView.as_view(), name="api-project-evm"),
    path(
        "v1/projects/<int:pk>/leveling/",
        ProjectLevelingView.as_view(),
        name="api-project-leveling",
    ),
    path("v1/workload/", WorkloadView.as_view(), name="api-workload"),
    path(
        "v1/projects/<int:pk>/risk-matrix/",
        ProjectRiskMatrixView.as_view(),
        name="api-project-risk-matrix",
    ),
    path(
        "v1/deliverables/<int:pk>/acceptance/",
        DeliverableAcceptanceView.as_view(),
        name="api-deliverable-acceptance",
    ),
    # --- non-viewset API paths of operations/knowledge/training/performance helpers here ---
    path("v1/skill-matrix/", SkillMatrixView.as_view(), name="api-skill-matrix"),  # training
    path("v1/training-needs/", TrainingNeedsView.as_view(), name="api-training-needs"),  # training
    path("v1/kpis/", KpiDefinitionView.as_view(), name="api-kpis"),  # performance
    path(
        "v1/alerts/alertmanager/",
        AlertmanagerIntakeView.as_view(),
        name="api-alerts-alertmanager",
    ),  # ops-cmdb
    path("v1/alerts/generic/", GenericIntakeView.as_view(), name="api-alerts-generic"),  # ops-cmdb
    path("v1/", include(router.urls)),
    path("v1/auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
