"""Training pages: full pages and htmx fragments, permissions, Chinese, query counts."""

import pytest
from django.urls import reverse

from resources.models import ResourceSkill
from tests.factories import UserFactory
from training import services
from training.models import Attendance, SkillLevelChange

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _attend(world, resource, session=None):
    session = session or world.past
    attendance = services.attendance_register(actor=world.pmo, session=session, resource=resource)
    return attendance


@pytest.mark.parametrize(
    "name", ["training:home", "training:needs", "training:skill_matrix", "training:plan_create"]
)
def test_the_pages_open_for_the_pmo(client, world, name):
    client.force_login(world.pmo)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"<html" in response.content


def test_home_shows_upcoming_sessions_my_trainings_and_gaps_for_a_lead(client, world):
    client.force_login(world.lead)
    page = client.get(reverse("training:home")).content.decode()
    assert "CKA exam" in page
    assert "Largest skill gaps" in page and "Ann A" in page


def test_an_engineer_sees_their_trainings_and_no_gap_panel(client, world):
    attendance = _attend(world, world.ann)
    services.attendance_update(actor=world.pmo, attendance=attendance, data={"status": "attended"})
    client.force_login(world.ann_user)
    page = client.get(reverse("training:home")).content.decode()
    assert "Kubernetes basics" in page and "Give feedback" in page
    assert "Largest skill gaps" not in page


def test_clients_find_no_training_at_all(client, world, tenant_a):
    client.force_login(tenant_a.client_contact)
    for url in (
        reverse("training:home"),
        reverse("training:skill_matrix"),
        reverse("training:needs"),
        world.plan.get_absolute_url(),
        world.past.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404, url


def test_the_session_page_in_chinese(client, world):
    client.force_login(world.lead)
    page = client.get(world.past.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'lang="zh-hans"' in text
    # Words the portal already translates (this app's own arrive with tr_training.json).
    assert "编辑" in text and "人员" in text and "工时" in text


def test_the_trainer_saves_a_row_in_place_and_gets_the_sheet_back(client, world):
    attendance = _attend(world, world.ann)
    client.force_login(world.bob_user)  # the trainer
    url = reverse("training:attendance_row", kwargs={"attendance_id": attendance.pk})
    prefix = f"a{attendance.pk}"
    response = client.post(
        url, {f"{prefix}-status": "attended", f"{prefix}-score": "77", f"{prefix}-hours": ""}, **HX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and 'id="attendance-sheet"' in body
    assert "attendance:updated" in response["HX-Trigger"]
    attendance.refresh_from_db()
    assert (attendance.status, attendance.score) == ("attended", 77)
    assert SkillLevelChange.objects.filter(attendance=attendance).exists()


def test_an_invalid_row_comes_back_with_its_error(client, world):
    attendance = _attend(world, world.ann)
    client.force_login(world.bob_user)
    url = reverse("training:attendance_row", kwargs={"attendance_id": attendance.pk})
    prefix = f"a{attendance.pk}"
    response = client.post(url, {f"{prefix}-status": "attended", f"{prefix}-score": "140"}, **HX)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert Attendance.objects.get(pk=attendance.pk).score is None


def test_someone_who_does_not_run_the_session_cannot_edit_rows(client, world):
    attendance = _attend(world, world.ann)
    client.force_login(world.cid_user)
    url = reverse("training:attendance_row", kwargs={"attendance_id": attendance.pk})
    assert client.get(url).status_code == 404


def test_registering_on_a_full_session_shows_the_error(client, world):
    _attend(world, world.ann, world.upcoming)
    client.force_login(world.bob_user)
    url = reverse("training:session_register", kwargs={"trainingsession_id": world.upcoming.pk})
    response = client.post(url, follow=True)
    assert "The session is full" in response.content.decode()
    assert not world.upcoming.attendances.filter(resource=world.bob).exists()


def test_the_lead_confirms_a_change_and_the_matrix_shows_the_new_level(client, world):
    attendance = _attend(world, world.ann)
    services.attendance_update(actor=world.pmo, attendance=attendance, data={"status": "attended"})
    change = SkillLevelChange.objects.get()
    client.force_login(world.lead)
    url = reverse("training:change_decide", kwargs={"skilllevelchange_id": change.pk})
    response = client.post(url, {"decision": "confirm"}, **HX)
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert ResourceSkill.objects.get(resource=world.ann, skill=world.k8s).level == 3
    matrix = client.get(reverse("training:skill_matrix")).content.decode()
    assert 'data-person="Ann A"' in matrix


def test_nobody_confirms_their_own_level(client, world):
    attendance = _attend(world, world.ann)
    services.attendance_update(actor=world.pmo, attendance=attendance, data={"status": "attended"})
    change = SkillLevelChange.objects.get()
    client.force_login(world.ann_user)
    url = reverse("training:change_decide", kwargs={"skilllevelchange_id": change.pk})
    assert client.post(url, {"decision": "confirm"}).status_code == 404


def test_feedback_form_saves_and_refuses_a_bad_rating(client, world):
    attendance = _attend(world, world.ann)
    services.attendance_update(actor=world.pmo, attendance=attendance, data={"status": "attended"})
    client.force_login(world.ann_user)
    url = reverse("training:feedback", kwargs={"attendance_id": attendance.pk})
    assert client.post(url, {"rating": "9"}).status_code == 400
    assert client.post(url, {"rating": "4", "comment": "Good"}).status_code == 302
    attendance.refresh_from_db()
    assert attendance.rating == 4
    client.force_login(world.bob_user)
    assert client.get(url).status_code == 404  # only the attendee gives their feedback


def test_the_matrix_outlines_gaps_and_filters_by_team(client, world):
    client.force_login(world.pmo)
    page = client.get(reverse("training:skill_matrix")).content.decode()
    assert 'data-testid="matrix-gap"' in page and "Cid C" in page
    fragment = client.get(reverse("training:skill_matrix"), {"team": world.data.pk}, **HX)
    body = fragment.content.decode()
    assert "<html" not in body and "Cid C" in body and "Ann A" not in body


def test_a_manager_adds_a_manual_need(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("training:needs"),
        {"resource": world.cid.pk, "skill": world.python.pk, "target_level": 4, "reason": "AI"},
    )
    assert response.status_code == 302
    page = client.get(reverse("training:needs")).content.decode()
    assert "AI" in page and "Cid C" in page
    invalid = client.post(reverse("training:needs"), {"resource": world.cid.pk})
    assert invalid.status_code == 400


def test_an_engineer_cannot_add_needs(client, world):
    client.force_login(world.cid_user)
    assert client.post(reverse("training:needs"), {}).status_code == 403


def test_session_and_plan_creation_by_the_plan_owner(client, world):
    client.force_login(world.lead)
    url = reverse("training:session_create", kwargs={"trainingplan_id": world.plan.pk})
    response = client.post(
        url,
        {
            "kind": "internal", "topic": "Helm", "trainer": world.bob_user.pk,
            "starts_at": "2030-01-10T09:00", "ends_at": "2030-01-10T08:00", "capacity": "5",
        },
    )  # fmt: skip
    assert response.status_code == 400 and "ends before it starts" in response.content.decode()
    other = UserFactory()
    client.force_login(other)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", ["training:home", "training:needs", "training:skill_matrix"])
def test_list_pages_run_a_constant_number_of_queries(
    client, world, name, django_assert_max_num_queries
):
    from resources.models import Resource, ResourceSkill
    from tests.factories import UserFactory as Users

    for i in range(15):
        resource = Resource.objects.create(name=f"P{i}", user=Users(), team=world.ops)
        ResourceSkill.objects.create(resource=resource, skill=world.python, level=1 + i % 5)
    client.force_login(world.pmo)
    with django_assert_max_num_queries(30):
        assert client.get(reverse(name)).status_code == 200


def test_the_plan_page_shows_its_figures(client, world, django_assert_max_num_queries):
    for resource in (world.ann, world.bob):
        attendance = _attend(world, resource)
        services.attendance_update(
            actor=world.pmo, attendance=attendance, data={"status": "attended", "score": 90}
        )
    client.force_login(world.cid_user)
    with django_assert_max_num_queries(25):
        page = client.get(world.plan.get_absolute_url())
    text = page.content.decode()
    assert "Kubernetes basics" in text and "100%" in text and 'id="training-chart-data"' in text


def test_a_team_lead_sets_their_teams_requirement_and_removes_it(client, world):
    from training.models import SkillRequirement

    client.force_login(world.lead)
    url = reverse("training:requirement_add")
    data = {"req-skill": world.python.pk, "req-level": 2, "req-team": world.ops.pk}
    assert client.post(url, data).status_code == 302
    requirement = SkillRequirement.objects.get(skill=world.python, team=world.ops)
    page = client.get(reverse("training:needs")).content.decode()
    assert "Python" in page and 'data-testid="requirement-form"' in page
    # The same skill twice, or neither team nor project: a form error, nothing written.
    assert client.post(url, data).status_code == 400
    assert client.post(url, {"req-skill": world.python.pk, "req-level": 2}).status_code == 400
    # Not their team: the Data team is not offered to them.
    other = {**data, "req-team": world.data.pk}
    assert client.post(url, other).status_code == 400
    delete = reverse("training:requirement_delete", kwargs={"skillrequirement_id": requirement.pk})
    client.force_login(world.cid_user)
    assert client.post(delete).status_code == 403
    client.force_login(world.lead)
    assert client.post(delete).status_code == 302
    assert not SkillRequirement.objects.filter(pk=requirement.pk).exists()


def test_a_project_requirement_is_hidden_from_people_outside_the_project(client, world, tenant_a):
    from training.models import SkillRequirement

    requirement = services.requirement_create(
        actor=world.pmo, skill=world.python, level=3, project=tenant_a.project
    )
    delete = reverse("training:requirement_delete", kwargs={"skillrequirement_id": requirement.pk})
    client.force_login(world.lead)
    assert client.post(delete).status_code == 404
    client.force_login(tenant_a.member)
    assert client.post(delete).status_code == 403  # sees it (on the project), may not remove it
    client.force_login(tenant_a.manager)
    assert client.post(delete).status_code == 302
    assert (
        not SkillRequirement.objects.exists()
        or SkillRequirement.objects.filter(pk=requirement.pk).count() == 0
    )
