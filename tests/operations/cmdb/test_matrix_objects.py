"""The matrix objects, checked against tenant B's roles here already (the shared matrix test
adds them when the lead merges tests/operations/cmdb/matrix.py)."""

import pytest
from django.urls import reverse

from .matrix import CREATE_PAYLOADS, cmdb_objects

pytestmark = pytest.mark.django_db


def test_tenant_b_reaches_none_of_tenant_a_cmdb_objects(tenant_a, tenant_b, api, client):
    tenant_a.cmdb = cmdb_objects(tenant_a)
    objects = tenant_a.cmdb
    details = {
        "/api/v1/configuration-items/": objects["ci"],
        "/api/v1/ci-relations/": objects["relation"],
        "/api/v1/alert-integrations/": objects["integration"],
        "/api/v1/backup-jobs/": objects["job"],
        "/api/v1/backup-results/": objects["result"],
        "/api/v1/restore-drills/": objects["drill"],
        "/api/v1/security-assessments/": objects["assessment"],
        "/api/v1/security-findings/": objects["finding"],
    }
    pages = [
        reverse("operations:ci_detail", kwargs={"ci_id": objects["ci"].pk}),
        reverse("operations:ci_edit", kwargs={"ci_id": objects["ci"].pk}),
        reverse("operations:finding_detail", kwargs={"finding_id": objects["finding"].pk}),
    ]
    for role, user in tenant_b.users().items():
        caller = api(user)
        for path, obj in details.items():
            assert caller.get(f"{path}{obj.pk}/").status_code == 404, (role, path)
            rows = caller.get(path).json()["results"]
            assert obj.pk not in {row["id"] for row in rows}, (role, path)
            assert caller.post(path, CREATE_PAYLOADS[path](tenant_a), format="json").status_code in (
                400, 403,
            ), (role, path)  # fmt: skip
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 404, (role, url)
        listing = client.get(reverse("operations:ci_list")).content.decode()
        assert "matrix-db" not in listing
        for name, kwargs in (
            ("operations:ci_unrelate", {"relation_id": objects["relation"].pk}),
            ("operations:ci_relate", {"ci_id": objects["ci"].pk}),
            ("operations:backup_job_create", {"ci_id": objects["ci"].pk}),
            ("operations:drill_create", {"ci_id": objects["ci"].pk}),
            ("operations:backup_result_create", {"job_id": objects["job"].pk}),
        ):
            assert client.post(reverse(name, kwargs=kwargs)).status_code == 404, (role, name)
