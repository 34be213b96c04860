import pytest

from operations.models import CIRelation, ConfigurationItem

pytestmark = pytest.mark.django_db
CIS = "/api/v1/configuration-items/"
RELATIONS = "/api/v1/ci-relations/"


def test_list_and_detail_with_relations(api, ops_a, ops_b, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        answer = api(ops_a.member).get(CIS)
    assert answer.status_code == 200
    names = {row["name"] for row in answer.json()["results"]}
    assert names == {"esx-01", "erp-app-01", "erp-db-01"}
    vm = api(ops_a.member).get(f"{CIS}{ops_a.vm.pk}/").json()
    assert vm["attributes"] == {"cpu": "8", "os": "RHEL 9"}
    assert {(r["direction"], r["kind"], r["ci"]) for r in vm["relations"]} == {
        ("outgoing", "runs_on", ops_a.host.pk), ("outgoing", "depends_on", ops_a.db.pk),
    }  # fmt: skip


def test_create_update_and_field_errors(api, ops_a, ops_b):
    client = api(ops_a.manager)
    made = client.post(CIS, {
        "client": ops_a.client_org.pk, "name": "lb-01", "kind": "network",
        "criticality": "high", "attributes": {"vendor": "F5"},
    }, format="json")  # fmt: skip
    assert made.status_code == 201, made.json()
    assert made.json()["client"] == ops_a.client_org.pk
    dup = client.post(CIS, {"client": ops_a.client_org.pk, "name": "LB-01", "kind": "vm"})
    assert dup.status_code == 400 and "name" in dup.json()
    bad = client.post(CIS, {"client": ops_a.client_org.pk, "name": "x", "kind": "toaster"})
    assert bad.status_code == 400 and "kind" in bad.json()
    other = client.post(CIS, {"client": ops_b.client_org.pk, "name": "x", "kind": "vm"})
    assert other.status_code == 400 and "client" in other.json()
    ci_id = made.json()["id"]
    patched = client.patch(f"{CIS}{ci_id}/", {"environment": "test", "client": ops_b.client_org.pk})
    assert patched.status_code == 200
    ci = ConfigurationItem.objects.get(pk=ci_id)
    assert ci.environment == "test" and ci.client == ops_a.client_org  # client fixed


def test_clients_read_their_own_items_only(api, ops_a, ops_b):
    client = api(ops_a.client_contact)
    rows = client.get(CIS).json()["results"]
    assert {row["client"] for row in rows} == {ops_a.client_org.pk}
    assert client.patch(f"{CIS}{ops_a.vm.pk}/", {"name": "mine"}).status_code == 403
    assert (
        client.post(CIS, {"client": ops_a.client_org.pk, "name": "x", "kind": "vm"}).status_code
        == 403
    )
    assert client.get(f"{CIS}{ops_b.vm.pk}/").status_code == 404
    assert api(ops_b.manager).get(f"{CIS}{ops_a.vm.pk}/").status_code == 404


def test_relations_endpoint(api, ops_a, ops_b):
    client = api(ops_a.member)
    rows = client.get(RELATIONS, {"ci": ops_a.vm.pk}).json()["results"]
    assert len(rows) == 2
    cycle = client.post(
        RELATIONS, {"source": ops_a.host.pk, "target": ops_a.vm.pk, "kind": "runs_on"}
    )
    assert cycle.status_code == 400 and "target" in cycle.json()
    foreign = client.post(
        RELATIONS, {"source": ops_a.host.pk, "target": ops_b.vm.pk, "kind": "connects_to"}
    )
    assert foreign.status_code == 400 and "target" in foreign.json()
    made = client.post(
        RELATIONS, {"source": ops_a.host.pk, "target": ops_a.db.pk, "kind": "connects_to"}
    )
    assert made.status_code == 201
    assert api(ops_a.client_contact).delete(f"{RELATIONS}{made.json()['id']}/").status_code == 403
    assert client.delete(f"{RELATIONS}{made.json()['id']}/").status_code == 204
    assert not CIRelation.objects.filter(pk=made.json()["id"]).exists()
