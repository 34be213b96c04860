import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ito_portal.core.errors import DomainError
from notifications.models import Notification
from operations.checks_cmdb import backups_check
from operations.models import BackupResult
from operations.services import backups

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def job_for(tenant, **extra):
    return backups.backup_job_create(
        actor=tenant.manager, configuration_item=tenant.db, name="Nightly dump",
        what="pg_dump erp", schedule="0 2 * * *", expected_period_hours=24,
        retention_days=30, target="s3://backups/erp", **extra,
    )  # fmt: skip


def result(job, status, hours_ago, **extra):
    started = NOW - dt.timedelta(hours=hours_ago)
    return backups.backup_result_record(
        actor=None, job=job, status=status, started_at=started,
        finished_at=started + dt.timedelta(minutes=20), size_bytes=5_000_000, **extra,
    )  # fmt: skip


def drill(tenant, days_ago, **extra):
    values = {"rpo_target_minutes": 60, "rpo_achieved_minutes": 30, "rto_target_minutes": 240,
              "rto_achieved_minutes": 180, **extra}  # fmt: skip
    return backups.restore_drill_record(
        actor=tenant.manager, configuration_item=tenant.db,
        performed_at=NOW - dt.timedelta(days=days_ago), **values,
    )  # fmt: skip


def test_result_rules(ops_a):
    job = job_for(ops_a)
    with pytest.raises(DomainError) as refused:
        backups.backup_result_record(
            actor=None, job=job, status="success", started_at=NOW,
            finished_at=NOW - dt.timedelta(minutes=1),
        )  # fmt: skip
    assert "finished_at" in refused.value.errors
    with pytest.raises(DomainError):
        backups.backup_job_create(
            actor=ops_a.manager, configuration_item=ops_a.db, name="nightly DUMP"
        )


def test_overview_shows_strip_overdue_and_drills(client, ops_a, ops_b):
    job = job_for(ops_a)
    for day in range(1, 14):
        result(job, "failed" if day == 3 else "success", 24 * day)
    late = backups.backup_job_create(
        actor=None, configuration_item=ops_a.vm, name="VM snapshot", expected_period_hours=24
    )
    result(late, "success", 24 * 5)
    result(late, "failed", 2)
    drill(ops_a, 20)
    drill(ops_a, 10, rto_achieved_minutes=300)
    client.force_login(ops_a.member)
    page = client.get(reverse("operations:backup_overview"))
    assert page.status_code == 200
    jobs = {j.name: j for j in page.context["jobs"]}
    assert jobs["VM snapshot"].overdue and not jobs["Nightly dump"].overdue
    strip = [cell["status"] for cell in jobs["Nightly dump"].strip]
    assert len(strip) == 14 and strip[-1] is None and "failed" in strip
    body = page.content.decode()
    assert body.count('data-testid="drill-row"') == 2 and "Target missed" in body
    # esx-01 is critical but has no backup job; erp-app-01 (high) has one and no drill.
    assert [ci.name for ci in page.context["drills_due"]] == ["erp-app-01"]
    assert ops_b.client_org.name not in body


def test_overview_is_internal(client, ops_a):
    client.force_login(ops_a.client_contact)
    assert client.get(reverse("operations:backup_overview")).status_code == 404


def test_overview_queries_do_not_grow(client, ops_a, django_assert_max_num_queries):
    job = job_for(ops_a)
    result(job, "success", 3)
    client.force_login(ops_a.member)
    client.get(reverse("operations:backup_overview"))
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("operations:backup_overview"))
    for n in range(6):
        other = backups.backup_job_create(actor=None, configuration_item=ops_a.vm, name=f"j{n}")
        for day in range(5):
            result(other, "success", 24 * day + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("operations:backup_overview"))


def test_daily_check_notifies_owner_and_manager_once_per_period(ops_a):
    job = job_for(ops_a)
    result(job, "success", 30)  # older than the 24 h period
    first = backups_check(now=NOW)
    assert first == {"backup_overdue": 2, "drill_overdue": 2}  # the db: critical, never drilled
    assert backups_check(now=NOW) == {"backup_overdue": 0, "drill_overdue": 0}
    recipients = set(
        Notification.objects.filter(event="backup.overdue").values_list("recipient", flat=True)
    )
    assert recipients == {ops_a.member.pk, ops_a.manager.pk}
    # A day later, still no success: a new period, a new reminder; a success stops it.
    assert backups_check(now=NOW + dt.timedelta(days=1))["backup_overdue"] == 2
    result(job, "success", 0)
    assert backups_check(now=NOW + dt.timedelta(hours=12))["backup_overdue"] == 0


def test_a_recent_drill_clears_the_drill_flag(ops_a):
    job_for(ops_a)
    drill(ops_a, 400)
    from operations.selectors_cmdb import drill_due_cis

    assert ops_a.db in drill_due_cis()
    drill(ops_a, 10)
    assert ops_a.db not in drill_due_cis()


def test_api_backup_system_posts_results(api, ops_a, ops_b):
    job = job_for(ops_a)
    client = api(ops_a.member)
    posted = client.post("/api/v1/backup-results/", {
        "job": job.pk, "status": "success", "started_at": "2026-11-20T02:00:00+08:00",
        "finished_at": "2026-11-20T02:31:00+08:00", "size_bytes": 123456,
    }, format="json")  # fmt: skip
    assert posted.status_code == 201, posted.json()
    assert BackupResult.objects.get(pk=posted.json()["id"]).source == "api"
    bad = client.post("/api/v1/backup-results/", {
        "job": job.pk, "status": "maybe", "started_at": "2026-11-20T02:00:00+08:00",
    }, format="json")  # fmt: skip
    assert bad.status_code == 400 and "status" in bad.json()
    backwards = client.post("/api/v1/backup-results/", {
        "job": job.pk, "status": "failed", "started_at": "2026-11-20T02:00:00+08:00",
        "finished_at": "2026-11-20T01:00:00+08:00",
    }, format="json")  # fmt: skip
    assert backwards.status_code == 400 and "finished_at" in backwards.json()
    stolen = api(ops_b.manager).post("/api/v1/backup-results/", {
        "job": job.pk, "status": "success", "started_at": "2026-11-20T02:00:00+08:00",
    }, format="json")  # fmt: skip
    assert stolen.status_code == 400 and "job" in stolen.json()
    assert api(ops_a.client_contact).get("/api/v1/backup-jobs/").json()["results"] == []
    jobs = client.get("/api/v1/backup-jobs/").json()["results"]
    assert jobs[0]["last_result"]["status"] == "success"


def test_api_drills_and_jobs(api, ops_a):
    client = api(ops_a.manager)
    made = client.post("/api/v1/backup-jobs/", {
        "configuration_item": ops_a.vm.pk, "name": "Snapshot", "expected_period_hours": 12,
    })  # fmt: skip
    assert made.status_code == 201 and made.json()["client"] == ops_a.client_org.pk
    drilled = client.post("/api/v1/restore-drills/", {
        "configuration_item": ops_a.vm.pk, "job": made.json()["id"],
        "performed_at": "2026-11-01T10:00:00+08:00", "rpo_target_minutes": 60,
        "rpo_achieved_minutes": 90, "rto_target_minutes": 120, "rto_achieved_minutes": 100,
    })  # fmt: skip
    assert drilled.status_code == 201
    assert drilled.json()["rpo_met"] is False and drilled.json()["rto_met"] is True
    wrong_job = client.post("/api/v1/restore-drills/", {
        "configuration_item": ops_a.db.pk, "job": made.json()["id"],
        "performed_at": "2026-11-01T10:00:00+08:00", "rpo_target_minutes": 1,
        "rpo_achieved_minutes": 1, "rto_target_minutes": 1, "rto_achieved_minutes": 1,
    })  # fmt: skip
    assert wrong_job.status_code == 400 and "job" in wrong_job.json()


def test_jobs_runs_and_drills_entered_on_the_ci_page(client, ops_a, ops_b):
    client.force_login(ops_a.member)
    page = client.get(reverse("operations:ci_detail", kwargs={"ci_id": ops_a.db.pk}))
    assert 'data-testid="job-form"' in page.content.decode()
    add = reverse("operations:backup_job_create", kwargs={"ci_id": ops_a.db.pk})
    answer = client.post(add, {"name": "WAL archive", "expected_period_hours": 1,
                               "retention_days": 7})  # fmt: skip
    assert answer.status_code == 302 and answer["Location"].endswith("#ci-backups")
    job = ops_a.db.backup_jobs.get(name="WAL archive")
    again = client.post(add, {"name": "wal ARCHIVE", "expected_period_hours": 1,
                              "retention_days": 7})  # fmt: skip
    assert again.status_code == 400 and "already has a backup job" in again.content.decode()
    run = reverse("operations:backup_result_create", kwargs={"job_id": job.pk})
    p = f"result-{job.pk}-"  # the prefix of the job's form
    bad = client.post(run, {f"{p}status": "success",
                            f"{p}started_at": "2026-11-20T02:00",
                            f"{p}finished_at": "2026-11-20T01:00"})  # fmt: skip
    assert bad.status_code == 400 and "cannot finish before it started" in bad.content.decode()
    good = client.post(run, {f"{p}status": "partial",
                             f"{p}started_at": "2026-11-20T02:00",
                             f"{p}message": "2 files skipped"})  # fmt: skip
    assert good.status_code == 302
    assert job.results.get().source == "manual"
    drill = client.post(reverse("operations:drill_create", kwargs={"ci_id": ops_a.db.pk}), {
        "performed_at": "2026-11-10T10:00", "job": job.pk, "rpo_target_minutes": 60,
        "rpo_achieved_minutes": 15, "rto_target_minutes": 120, "rto_achieved_minutes": 100,
        "success": "on",
    })  # fmt: skip
    assert drill.status_code == 302 and ops_a.db.restore_drills.get().rpo_met
    client.force_login(ops_b.member)
    assert client.post(add, {"name": "x", "expected_period_hours": 1,
                             "retention_days": 1}).status_code == 404  # fmt: skip
    assert client.post(run, {}).status_code == 404
    client.force_login(ops_a.client_contact)
    assert client.post(run, {}).status_code == 404
    body = client.get(reverse("operations:ci_detail", kwargs={"ci_id": ops_a.db.pk})).content
    assert b'data-testid="job-form"' not in body
