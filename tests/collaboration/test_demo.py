"""The collaboration demo data: what each person sees in the seeded demo's meetings, documents,
announcements and comments."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.models import User
from collaboration import selectors
from collaboration.choices import MeetingKind
from collaboration.models import Announcement, Document, Meeting
from collaboration.tasks import send_meeting_invitations_task, send_meeting_minutes_task
from comments import selectors as comment_selectors
from comments.models import Comment
from demo.seed import seed
from notifications.models import Notification
from projects.choices import TaskStatus
from projects.models import Project, Task

pytestmark = pytest.mark.django_db

ACTIVE = ("NH-ERP", "NH-AMS")
SHARED_ERP = {
    "项目章程 Project charter",
    "项目联系人 Project contacts",
    "蓝图设计文档 Business blueprint",
}
INTERNAL_ERP = {"数据迁移对象清单 Migration objects", "系统环境清单 System environments"}


@pytest.fixture
def demo():
    return seed()


def person(username: str) -> User:
    return User.objects.get(username=username)


def project(code: str) -> Project:
    return Project.objects.get(code=code)


def test_the_client_sees_and_downloads_only_the_documents_shared_with_them(demo, client):
    erp = project("NH-ERP")
    as_engineer = selectors.document_browser(user=person("eng.chen"), project=erp)
    assert {d.name for d in as_engineer.documents} == SHARED_ERP | INTERNAL_ERP
    as_client = selectors.document_browser(user=person("nh.sun"), project=erp)
    assert {d.name for d in as_client.documents} == SHARED_ERP
    assert {f.name for f in as_client.folders} == {
        "01 项目管理 Project management",
        "02 蓝图设计 Blueprint",
    }

    client.force_login(person("nh.sun"))
    page = client.get(reverse("collaboration:document_list", kwargs={"project_id": erp.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert all(name in html for name in SHARED_ERP)
    assert not any(name in html for name in INTERNAL_ERP)
    charter = Document.objects.get(project=erp, name="项目章程 Project charter")
    download = client.get(charter.download_url)
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode()
    assert text.startswith("# ERP 系统上线") and erp.manager.get_display_name() in text
    internal = Document.objects.get(project=erp, name="数据迁移对象清单 Migration objects")
    assert client.get(internal.download_url).status_code == 404
    # Another client sees none of it.
    other = selectors.document_browser(user=person("df.guo"), project=erp)
    assert other.documents == []


def test_the_blueprint_has_two_versions_and_the_signed_one_is_current(demo, client):
    blueprint = Document.objects.get(name="蓝图设计文档 Business blueprint")
    versions = selectors.document_versions(user=person("nh.sun"), document=blueprint)
    assert [v.number for v in versions] == [2, 1]
    assert blueprint.current_version.number == 2
    assert blueprint.current_version.uploaded_by == project("NH-ERP").manager
    assert "signed" in blueprint.current_version.note
    assert versions[1].uploaded_at < versions[0].uploaded_at < timezone.now()
    client.force_login(person("nh.sun"))
    current = b"".join(client.get(blueprint.download_url).streaming_content).decode()
    first = b"".join(client.get(versions[1].download_url).streaming_content).decode()
    assert "签署版 signed" in current and "草稿 draft" in first
    assert Document.objects.filter(current_version__content_type="text/csv").count() == 3


def test_each_active_project_has_met_and_has_a_client_review_ahead(demo):
    now = timezone.now()
    for code in ACTIVE:
        meetings = Meeting.objects.filter(project__code=code)
        past = meetings.filter(starts_at__lt=now)
        kickoff = past.get(kind=MeetingKind.KICKOFF)
        assert kickoff.client_visible and kickoff.minutes_published_at > kickoff.ends_at
        weekly = past.filter(kind=MeetingKind.WEEKLY)
        assert weekly.count() == 3 and not weekly.filter(client_visible=True).exists()
        for meeting in past:
            assert meeting.minutes_published and meeting.decisions.exists()
            assert meeting.action_items.exists()
        upcoming = meetings.get(starts_at__gte=now)
        assert upcoming.kind == MeetingKind.CLIENT_REVIEW and upcoming.client_visible
        assert upcoming.minutes_published_at is None
        assert upcoming.attendees.filter(organization__kind="client").count() == 2
        assert dt.timedelta(days=1) < upcoming.starts_at - now < dt.timedelta(days=12)


def test_meeting_actions_are_tasks_in_the_plan_done_before_and_open_from_last_week(demo):
    erp = project("NH-ERP")
    kickoff = Meeting.objects.get(project=erp, kind=MeetingKind.KICKOFF)
    latest = Meeting.objects.filter(project=erp, kind=MeetingKind.WEEKLY).latest("starts_at")
    for item in kickoff.action_items.all():
        assert item.is_done
        if item.owner.is_client:
            assert item.task is None  # the client's own action, ticked off
        else:
            assert item.task.status == TaskStatus.DONE and item.task.assignee == item.owner
    open_tasks = [item.task for item in latest.action_items.select_related("task")]
    assert len(open_tasks) == 3 and all(t is not None for t in open_tasks)
    meeting_day = timezone.localtime(latest.starts_at).date()
    for task in open_tasks:
        assert task.status != TaskStatus.DONE and task.parent is not None
        assert task.start_date > meeting_day  # work starts after the meeting
        assert task.finish_date >= timezone.localdate()  # and is not late yet
        assert latest.get_absolute_url() in task.description
    assert Task.objects.filter(project=erp, action_item__isnull=False).count() == 5


def test_the_client_sees_client_meetings_only_and_past_meeting_mail_is_not_sent_again(
    demo, client, mailoutbox
):
    erp = project("NH-ERP")
    upcoming, past = selectors.meetings_of(user=person("nh.sun"), project=erp)
    assert {m.kind for m in upcoming} == {MeetingKind.CLIENT_REVIEW}
    assert {m.kind for m in past} == {MeetingKind.KICKOFF}
    _ahead, team_past = selectors.meetings_of(user=person("eng.chen"), project=erp)
    assert len(team_past) == 4
    client.force_login(person("nh.sun"))
    html = client.get(
        reverse("collaboration:meeting_list", kwargs={"project_id": erp.pk})
    ).content.decode()
    assert "Client review: integration test readiness" in html
    assert "Weekly project meeting" not in html

    # The past meetings' invitations and minutes went out back then: the worker sends nothing
    # for them, only the invitations to the review still to come.
    for meeting in team_past:
        assert send_meeting_invitations_task(meeting_id=meeting.pk) == 0
        assert send_meeting_minutes_task(meeting_id=meeting.pk) == 0
    assert mailoutbox == []
    review = upcoming[0]
    assert send_meeting_invitations_task(meeting_id=review.pk) == review.attendees.count()
    # Sun Li is the contact of both Ninghai projects: two reviews ahead, unread; the two
    # kick-offs' invitations read long ago.
    invitations = Notification.objects.filter(
        event="meeting.invitation", recipient__username="nh.sun"
    )
    assert invitations.count() == 4
    assert {n.object_id for n in invitations.filter(read_at__isnull=True)} == {
        str(m.pk) for m in Meeting.objects.filter(kind=MeetingKind.CLIENT_REVIEW)
    }


def test_announcements_reach_the_organisation_and_the_project_people(demo):
    everyone = Announcement.objects.get(project__isnull=True)
    assert everyone.pinned and everyone.client_visible
    erp_news = Announcement.objects.get(project__code="NH-ERP")
    ams_news = Announcement.objects.get(project__code="NH-AMS")
    assert not ams_news.client_visible

    def seen_by(username):
        return set(selectors.announcement_list(user=person(username)))

    assert seen_by("nh.sun") == {everyone, erp_news}  # not the internal one
    assert seen_by("df.guo") == {everyone}  # another client's project: not theirs
    assert seen_by("eng.wu") >= {everyone, ams_news} and erp_news not in seen_by("eng.wu")
    assert seen_by("pmo") == {everyone, erp_news, ams_news}
    assert all(a.published_at < timezone.now() - dt.timedelta(hours=1) for a in seen_by("pmo"))


def test_comments_mention_team_members_who_are_told_and_clients_read_only_shared_ones(demo):
    comments = Comment.objects.all()
    assert comments.count() >= 8
    mentioned = [(c, person) for c in comments for person in c.mentions.all()]
    assert len(mentioned) >= 8
    for comment, someone in mentioned:
        assert f"@{someone.username}" in comment.body
        assert Notification.objects.filter(
            event="comment.mention", recipient=someone, event_key=f"comment.mention:{comment.pk}"
        ).exists()
    erp = project("NH-ERP")
    late_config = Task.objects.get(project=erp, name__startswith="生产模块配置")
    thread = comment_selectors.comment_list(user=person("pm.li"), target=late_config)
    assert len(thread) == 2 and all(c.internal for c in thread)
    assert [u.username for u in thread[0].mentions.all()] == ["pm.li"]
    report = erp.deliverables.get(name__startswith="集成测试报告")
    shared = comment_selectors.comment_list(user=person("nh.sun"), target=report)
    assert len(shared) == 2 and not any(c.internal for c in shared)
    assert shared[0].author.username == "nh.sun"
    assert "nh.sun" in {u.username for u in shared[1].mentions.all()}
    # The client reads none of the team's internal threads.
    assert not any(c.internal for c in access.visible(person("nh.sun"), Comment))
    assert not access.can(person("nh.sun"), "projects.view_task", late_config)
