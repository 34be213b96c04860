"""Training services and selectors against the real database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditEntry
from resources import services as resource_services
from resources.models import ResourceSkill
from tests.factories import ProjectFactory
from training import selectors, services
from training.choices import AttendanceStatus, ChangeStatus, NeedSource
from training.models import SkillLevelChange

pytestmark = pytest.mark.django_db


def _needs(world, user=None):
    return {(n.resource.name, n.skill.name): n for n in selectors.training_needs(user or world.pmo)}


def test_a_team_requirement_above_the_current_level_is_a_need(world):
    needs = _needs(world)
    need = needs[("Ann A", "Kubernetes")]
    assert (need.current, need.required, need.gap) == (1, 3, 2)
    assert need.sources == [(NeedSource.TEAM, "Ops ≥ 3")]
    assert ("Bob B", "Kubernetes") not in needs  # already at level 3


def test_a_project_the_person_is_booked_on_soon_adds_its_requirement(world):
    project = ProjectFactory()
    services.requirement_create(actor=world.pmo, skill=world.python, level=4, project=project)
    today = timezone.localdate()
    resource_services.allocation_create(
        actor=world.pmo, project=project, resource=world.cid,
        start_date=today + dt.timedelta(days=14), end_date=today + dt.timedelta(days=30),
    )  # fmt: skip
    need = _needs(world)[("Cid C", "Python")]
    assert (need.current, need.required) == (2, 4)
    assert need.sources[0][0] == NeedSource.PROJECT
    assert project.code in need.sources[0][1]
    # Booked only far in the future: not a need in the next 2 weeks.
    assert ("Cid C", "Python") not in {
        (n.resource.name, n.skill.name) for n in selectors.training_needs(world.pmo, weeks=1)
    }


def test_a_manual_need_joins_the_computed_ones_and_closes(world):
    need = services.need_create(
        actor=world.lead, resource=world.bob, skill=world.python, target_level=2, reason="Scripts"
    )
    assert _needs(world)[("Bob B", "Python")].sources == [(NeedSource.MANUAL, "Scripts")]
    with pytest.raises(DomainError):
        services.need_create(
            actor=world.lead, resource=world.bob, skill=world.python, target_level=3
        )
    services.need_close(actor=world.lead, need=need)
    assert ("Bob B", "Python") not in _needs(world)


def test_a_plain_engineer_sees_only_their_own_needs(world):
    assert set(_needs(world, world.ann_user)) == {("Ann A", "Kubernetes")}
    assert _needs(world, world.cid_user) == {}


def test_registering_past_capacity_is_refused_with_a_clear_message(world):
    services.attendance_register(actor=world.pmo, session=world.upcoming, resource=world.ann)
    with pytest.raises(DomainError) as refused:
        services.attendance_register(actor=world.pmo, session=world.upcoming, resource=world.bob)
    assert "full (capacity 1)" in str(refused.value) and "Bob B" in str(refused.value)
    assert "status" in refused.value.errors
    # Nothing half written: Bob's row is not left behind; an invited Bob holds no seat.
    assert world.upcoming.attendances.count() == 1
    services.attendance_invite(actor=world.pmo, session=world.upcoming, resources=[world.bob])
    assert world.upcoming.attendances.get(resource=world.bob).status == AttendanceStatus.INVITED


def test_the_capacity_cannot_drop_below_the_seats_taken(world):
    services.attendance_register(actor=world.pmo, session=world.past, resource=world.ann)
    services.attendance_register(actor=world.pmo, session=world.past, resource=world.bob)
    with pytest.raises(DomainError) as refused:
        services.session_update(actor=world.pmo, session=world.past, data={"capacity": 1})
    assert "capacity" in refused.value.errors


def test_a_session_needs_a_trainer_and_ends_after_it_starts(world):
    with pytest.raises(DomainError) as refused:
        services.session_create(
            actor=world.pmo, plan=world.plan, topic="Nobody teaches", starts_at=world.past.ends_at,
            ends_at=world.past.starts_at,
        )  # fmt: skip
    assert set(refused.value.errors) == {"trainer", "ends_at"}


def test_attending_proposes_the_target_level_and_confirming_sets_it_in_the_pool(world):
    services.attendance_invite(actor=world.pmo, session=world.past, resources=[world.ann])
    attendance = world.past.attendances.get(resource=world.ann)
    services.attendance_register(actor=world.pmo, session=world.past, resource=world.ann)
    services.attendance_update(
        actor=world.bob_user, attendance=attendance, data={"status": "attended", "score": 80}
    )
    attendance.refresh_from_db()
    assert attendance.hours == Decimal("8.0")  # the session's length by default
    change = SkillLevelChange.objects.get()
    assert (change.from_level, change.to_level, change.status) == (1, 3, ChangeStatus.PROPOSED)
    # Saving the row again proposes nothing new.
    services.attendance_update(actor=world.bob_user, attendance=attendance, data={"score": 85})
    assert SkillLevelChange.objects.count() == 1

    services.change_confirm(actor=world.lead, change=change)
    assert ResourceSkill.objects.get(resource=world.ann, skill=world.k8s).level == 3
    change.refresh_from_db()
    assert change.status == ChangeStatus.CONFIRMED and change.decided_by == world.lead
    audited = AuditEntry.objects.filter(object_id=str(world.ann.pk), changes__has_key="skills")
    assert audited.exists()
    assert ("Ann A", "Kubernetes") not in _needs(world)
    with pytest.raises(DomainError):
        services.change_confirm(actor=world.lead, change=change)


def test_no_proposal_when_the_person_is_already_at_the_target(world):
    attendance = services.attendance_register(
        actor=world.pmo, session=world.past, resource=world.bob
    )
    services.attendance_update(actor=world.pmo, attendance=attendance, data={"status": "attended"})
    assert not SkillLevelChange.objects.exists()


def test_a_rejected_change_leaves_the_level(world):
    attendance = services.attendance_register(
        actor=world.pmo, session=world.past, resource=world.ann
    )
    services.attendance_update(actor=world.pmo, attendance=attendance, data={"status": "attended"})
    services.change_reject(actor=world.lead, change=SkillLevelChange.objects.get())
    assert ResourceSkill.objects.get(resource=world.ann, skill=world.k8s).level == 1


def test_feedback_comes_after_attending_and_is_rated_1_to_5(world):
    attendance = services.attendance_register(
        actor=world.pmo, session=world.past, resource=world.ann
    )
    with pytest.raises(DomainError):
        services.feedback_submit(actor=world.ann_user, attendance=attendance, rating=5)
    services.attendance_update(actor=world.pmo, attendance=attendance, data={"status": "attended"})
    with pytest.raises(DomainError) as refused:
        services.feedback_submit(actor=world.ann_user, attendance=attendance, rating=6)
    assert "rating" in refused.value.errors
    services.feedback_submit(actor=world.ann_user, attendance=attendance, rating=4, comment="Ok")
    attendance.refresh_from_db()
    assert (attendance.rating, attendance.comment) == (4, "Ok")


def test_effectiveness_figures_per_session_and_plan(world):
    for resource, status, score, rating in (
        (world.ann, "attended", 80, 5),
        (world.bob, "no_show", None, None),
    ):
        attendance = services.attendance_register(
            actor=world.pmo, session=world.past, resource=resource
        )
        services.attendance_update(
            actor=world.pmo, attendance=attendance, data={"status": status, "score": score}
        )
        if rating:
            services.feedback_submit(actor=world.ann_user, attendance=attendance, rating=rating)
    sessions = list(selectors.session_list(world.pmo, plan=world.plan))
    past = next(s for s in sessions if s.pk == world.past.pk)
    assert (past.attended, past.no_shows, past.avg_rating, past.avg_score) == (1, 1, 5, 80)
    figures = selectors.plan_effectiveness(sessions)
    assert figures == {"attended": 1, "attendance_rate": 50, "avg_rating": 5.0, "avg_score": 80.0}


def test_skill_history_rebuilds_the_average_before_each_confirmed_change(world):
    attendance = services.attendance_register(
        actor=world.pmo, session=world.past, resource=world.ann
    )
    services.attendance_update(actor=world.pmo, attendance=attendance, data={"status": "attended"})
    change = SkillLevelChange.objects.get()
    services.change_confirm(actor=world.lead, change=change)
    SkillLevelChange.objects.filter(pk=change.pk).update(
        decided_at=timezone.now() - dt.timedelta(days=40)
    )
    history = selectors.skill_history(
        resource_ids=[world.ann.pk, world.bob.pk], skill_ids=[world.k8s.pk], months=3
    )
    assert history["average"][0] == 2.0  # before: Ann 1, Bob 3
    assert history["average"][-1] == 3.0  # now: both 3


def test_training_hours_for_people_or_teams(world):
    from resources.models import Resource, Team

    attendance = services.attendance_register(
        actor=world.pmo, session=world.past, resource=world.ann
    )
    services.attendance_update(actor=world.pmo, attendance=attendance, data={"status": "attended"})
    start, end = timezone.localdate() - dt.timedelta(days=7), timezone.localdate()
    assert selectors.training_hours(Resource.objects.all(), start, end) == Decimal("8.00")
    assert selectors.training_hours(Team.objects.filter(name="Ops"), start, end) == Decimal("8.00")
    assert selectors.training_hours(Team.objects.filter(name="Data"), start, end) == Decimal("0")
    assert selectors.training_hours([world.ann], end, end) == Decimal("0")
