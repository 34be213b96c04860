import pytest
from django.core.exceptions import PermissionDenied

from ito_portal.core.errors import DomainError
from operations.models import CIRelation, ConfigurationItem
from operations.services import cmdb

pytestmark = pytest.mark.django_db


def test_name_is_unique_per_client_but_not_across_clients(ops_a, ops_b):
    with pytest.raises(DomainError) as refused:
        cmdb.ci_create(actor=ops_a.manager, client=ops_a.client_org, name="ESX-01", kind="server")
    assert "name" in refused.value.errors
    # Tenant B has its own esx-01 (made by the fixture): names are per client.
    assert ConfigurationItem.objects.filter(name="esx-01").count() == 2


def test_service_of_another_client_is_refused(ops_a, ops_b):
    with pytest.raises(DomainError) as refused:
        cmdb.ci_create(
            actor=ops_a.manager, client=ops_a.client_org, name="x", kind="vm",
            service=ops_b.service,
        )  # fmt: skip
    assert "service" in refused.value.errors


def test_vendor_without_the_client_cannot_add(ops_a, ops_b):
    with pytest.raises(PermissionDenied):
        cmdb.ci_create(actor=ops_b.manager, client=ops_a.client_org, name="x", kind="vm")


def test_relations_stay_within_one_client(ops_a, ops_b):
    with pytest.raises(DomainError) as refused:
        cmdb.ci_relate(actor=None, source=ops_a.vm, target=ops_b.host, kind="runs_on")
    assert "same client" in refused.value.messages[0]


def test_runs_on_cycles_are_refused_even_through_a_chain(ops_a):
    container = cmdb.ci_create(
        actor=ops_a.manager, client=ops_a.client_org, name="pod", kind="application"
    )
    cmdb.ci_relate(actor=ops_a.manager, source=container, target=ops_a.vm, kind="runs_on")
    # vm runs on esx-01 already: esx-01 running on the pod would close the loop.
    with pytest.raises(DomainError) as refused:
        cmdb.ci_relate(actor=ops_a.manager, source=ops_a.host, target=container, kind="runs_on")
    assert "cycle" in refused.value.messages[0]
    # Connects-to may go both ways.
    cmdb.ci_relate(actor=ops_a.manager, source=ops_a.host, target=ops_a.vm, kind="connects_to")
    cmdb.ci_relate(actor=ops_a.manager, source=ops_a.vm, target=ops_a.host, kind="connects_to")


def test_a_relation_exists_once(ops_a):
    with pytest.raises(DomainError):
        cmdb.ci_relate(actor=ops_a.manager, source=ops_a.vm, target=ops_a.host, kind="runs_on")
    assert CIRelation.objects.filter(source=ops_a.vm, kind="runs_on").count() == 1


GOOD = b"""name,kind,environment,criticality,hostname,service,owner,description,runs_on
web-01,vm,production,high,10.0.2.1,ERP,{owner},Web front,esx-01
web-02,Virtual machine,Staging,medium,10.0.2.2,,,,web-01
"""


def test_import_adds_items_and_their_relations(ops_a):
    data = GOOD.replace(b"{owner}", ops_a.member.username.encode())
    report = cmdb.ci_import(actor=ops_a.manager, client=ops_a.client_org, data=data)
    assert report.ok, report.problems
    assert [ci.name for ci in report.created] == ["web-01", "web-02"]
    web1 = ConfigurationItem.objects.get(client=ops_a.client_org, name="web-01")
    assert web1.owner == ops_a.member and web1.service == ops_a.service
    assert ConfigurationItem.objects.get(name="web-02").environment == "staging"
    assert report.relations == 2
    assert CIRelation.objects.filter(source__name="web-02", target=web1, kind="runs_on").exists()


def test_import_is_all_or_nothing_with_a_problem_per_row(ops_a):
    data = (
        b"name,kind,criticality,owner,runs_on\n"
        b"ok-1,vm,high,,\n"
        b",server,,,\n"
        b"bad-kind,toaster,,,\n"
        b"bad-owner,vm,,nobody-here,\n"
        b"erp-db-01,database,,,\n"
        b"orphan,vm,,,missing-host\n"
    )
    before = ConfigurationItem.objects.count()
    report = cmdb.ci_import(actor=ops_a.manager, client=ops_a.client_org, data=data)
    assert not report.ok
    assert {(p.row, p.column) for p in report.problems} == {
        (3, "name"), (4, "kind"), (5, "owner"), (6, "name"), (7, "runs_on"),
    }  # fmt: skip
    assert ConfigurationItem.objects.count() == before  # not even ok-1


def test_import_needs_the_name_and_kind_columns(ops_a):
    report = cmdb.ci_import(actor=ops_a.manager, client=ops_a.client_org, data=b"host\nx\n")
    assert [p.row for p in report.problems] == [1]


def test_import_reads_gbk_and_chinese_headers(ops_a):
    data = "名称,类型,环境\n财务库,database,production\n".encode("gbk")
    report = cmdb.ci_import(actor=ops_a.manager, client=ops_a.client_org, data=data)
    assert report.ok, report.problems
    assert ConfigurationItem.objects.filter(name="财务库").exists()
