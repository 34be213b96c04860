"""The matrix objects build, and another tenant reaches none of them through the API."""

import pytest

from tests.operations.change.matrix import CREATE_PAYLOADS, change_objects

pytestmark = pytest.mark.django_db

READS = (
    "/api/v1/problems/{problem}/",
    "/api/v1/changes/{change}/",
    "/api/v1/maintenance-windows/{window}/",
)
WRITES = (
    "/api/v1/changes/{change}/approve/",
    "/api/v1/changes/{change}/reject/",
    "/api/v1/changes/{change}/submit/",
    "/api/v1/problems/{problem}/transition/",
)


def test_other_tenant_roles_reach_nothing(ops_a, ops_b, api):
    objects = change_objects(ops_a)
    ids = {name: obj.pk for name, obj in objects.items()}
    for user in (ops_b.manager, ops_b.member, ops_b.client_contact, ops_b.client_viewer,
                 ops_b.lead):  # fmt: skip
        client = api(user)
        for path in READS:
            assert client.get(path.format(**ids)).status_code == 404
        for path in WRITES:
            assert client.post(path.format(**ids), {}, format="json").status_code == 404
        for path, payload in CREATE_PAYLOADS.items():
            assert client.post(path, payload(ops_a), format="json").status_code >= 400
    objects["change"].refresh_from_db()
    assert objects["change"].status == "submitted"
