"""Tenant A's training objects for tests/test_permission_matrix.py
(`tenant_a.training = training_objects(a)`).

Training is the vendor's, not a client's: plans and sessions are read by every vendor user
(like the resource pool), attendance rows, level changes and manual needs only by the people
concerned (the person, the trainer, the plan owner, the team lead, the PMO), so another
tenant's manager and member get 404 for those. Clients never see any of it.

To add there:
    import: from training.models import Attendance, SkillLevelChange, SkillRequirement,
            TrainingNeed, TrainingPlan, TrainingSession
    OBJECTS: Attendance: lambda a: a.training["attendance"],
             SkillRequirement: lambda a: a.training["requirement"],
             SkillLevelChange: lambda a: a.training["change"],
             TrainingNeed: lambda a: a.training["need"]
    VENDOR_POOL: TrainingPlan: lambda a: a.training["plan"],
                 TrainingSession: lambda a: a.training["session"]
    URL_OBJECTS: "attendance_id": lambda a: a.training["attendance"].pk,
                 "skilllevelchange_id": lambda a: a.training["change"].pk,
                 "trainingneed_id": lambda a: a.training["need"].pk,
                 "skillrequirement_id": lambda a: a.training["requirement"].pk
    VENDOR_POOL_URL_OBJECTS: "trainingplan_id": lambda a: a.training["plan"].pk,
                             "trainingsession_id": lambda a: a.training["session"].pk
    API_VIEW_MODELS: "/api/v1/skill-matrix/": Resource, "/api/v1/training-needs/": Resource
    VENDOR_CREATE_API: add "/api/v1/training-plans/" (any vendor manager may start a plan)
    CREATE_PAYLOADS: see CREATE_PAYLOADS below.
    In the tenant_a fixture: `tenant_a.training = training_objects(tenant_a)`.
"""

import datetime as dt

from django.utils import timezone

from resources.models import Resource, Skill, Team
from training import services


def training_objects(a) -> dict:
    """Tenant A's member attends a session run by tenant A's manager, who leads their team;
    a level change is proposed, a manual need recorded, and the project requires the skill."""
    team = Team.objects.create(name=f"Training team {a.project.code}", lead=a.manager)
    skill, _ = Skill.objects.get_or_create(name="Training matrix skill")
    # The member may already be in the pool (resources' own matrix objects put them there).
    resource = Resource.objects.filter(user=a.member).first() or Resource.objects.create(
        name=f"Trainee {a.project.code}", user=a.member, team=team
    )
    Resource.objects.filter(pk=resource.pk).update(team=team)
    resource.team = team
    plan = services.plan_create(
        actor=a.manager, name="Matrix plan", owner=a.manager,
        start_date=timezone.localdate(), end_date=timezone.localdate() + dt.timedelta(days=30),
    )  # fmt: skip
    starts = timezone.now() - dt.timedelta(days=1)
    session = services.session_create(
        actor=a.manager, plan=plan, topic="Matrix session", skill=skill, target_level=3,
        trainer=a.manager, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), capacity=5,
    )  # fmt: skip
    attendance = services.attendance_register(actor=a.manager, session=session, resource=resource)
    services.attendance_update(actor=a.manager, attendance=attendance, data={"status": "attended"})
    need = services.need_create(
        actor=a.manager, resource=resource, skill=skill, target_level=4, reason="Matrix"
    )
    requirement = services.requirement_create(
        actor=a.manager, skill=skill, level=4, project=a.project
    )
    return {
        "requirement": requirement,
        "plan": plan,
        "session": session,
        "attendance": attendance,
        "change": attendance.skill_changes.get(),
        "need": need,
        "resource": resource,
    }


CREATE_PAYLOADS = {
    "/api/v1/training-sessions/": lambda a: {
        "plan": a.training["plan"].pk,
        "topic": "Stolen",
        "trainer_name": "X",
        "starts_at": "2030-01-01T09:00:00Z",
        "ends_at": "2030-01-01T10:00:00Z",
    },
    "/api/v1/training-attendance/": lambda a: {
        "session": a.training["session"].pk,
        "resource": a.training["resource"].pk,
    },
    "/api/v1/training-plans/": lambda a: {
        "name": "Stolen",
        "start_date": "2030-01-01",
        "end_date": "2030-01-02",
    },  # for clients (vendor users may create plans: VENDOR_CREATE_API)
}
