"""The risk pages: register (filter, sort, inline reassess), heatmap, detail with its actions,
issue log, portfolio and import, for each role; constant queries on the lists."""

import datetime as dt

import pytest
from django.urls import reverse

from projects.models import Task
from risks import services
from risks.models import ProjectIssue, Risk

from .factories import make_risk

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def risks(tenant_a):
    p = tenant_a.project
    return {
        "high": make_risk(p, title="Supplier bankrupt", probability=3, impact=4,
                          owner=tenant_a.member),
        "critical": make_risk(p, title="Data centre outage", probability=5, impact=5,
                              strategy="mitigate", residual_probability=2, residual_impact=3),
        "internal": make_risk(p, title="Key engineer leaves", probability=2, impact=2,
                              contingency_amount=50000),
        "shared": make_risk(p, title="Client approvals slow", probability=2, impact=3,
                            client_visible=True, contingency_amount=12345),
    }  # fmt: skip


def _register(tenant):
    return reverse("risks:register", kwargs={"project_id": tenant.project.pk})


def test_register_lists_by_score_and_filters_by_level(client, tenant_a, risks):
    client.force_login(tenant_a.manager)
    page = client.get(_register(tenant_a)).content.decode()
    assert page.index("Data centre outage") < page.index("Supplier bankrupt")
    assert page.index("Supplier bankrupt") < page.index("Client approvals slow")
    assert "<html" in page and "Identify a risk" in page
    fragment = client.get(_register(tenant_a) + "?level=critical", **HTMX).content.decode()
    assert "<html" not in fragment
    assert "Data centre outage" in fragment and "Supplier bankrupt" not in fragment
    ascending = client.get(_register(tenant_a) + "?sort=-score").content.decode()
    assert ascending.index("Key engineer leaves") < ascending.index("Data centre outage")


def test_clients_see_client_visible_risks_only_and_never_the_money(client, tenant_a, risks):
    client.force_login(tenant_a.client_contact)
    page = client.get(_register(tenant_a)).content.decode()
    assert "Client approvals slow" in page and "Supplier bankrupt" not in page
    assert "Identify a risk" not in page
    detail = client.get(reverse("risks:risk_detail", kwargs={"risk_id": risks["shared"].pk}))
    assert detail.status_code == 200
    assert "12,345" not in detail.content.decode() and "12345" not in detail.content.decode()
    hidden = client.get(reverse("risks:risk_detail", kwargs={"risk_id": risks["internal"].pk}))
    assert hidden.status_code == 404


def test_other_tenants_get_404(client, tenant_a, tenant_b, risks):
    client.force_login(tenant_b.manager)
    assert client.get(_register(tenant_a)).status_code == 404
    url = reverse("risks:risk_detail", kwargs={"risk_id": risks["high"].pk})
    assert client.get(url).status_code == 404


def test_register_runs_constant_queries(client, tenant_a, risks, django_assert_max_num_queries):
    client.force_login(tenant_a.manager)
    client.get(_register(tenant_a))
    with django_assert_max_num_queries(20) as few:
        client.get(_register(tenant_a))
    for n in range(8):
        risk = make_risk(tenant_a.project, title=f"More {n}", owner=tenant_a.member)
        services.risk_action_create(actor=tenant_a.manager, risk=risk, name=f"Act {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_register(tenant_a))


def test_owner_reassesses_inline_their_own_risk_only(client, tenant_a, risks):
    client.force_login(tenant_a.member)
    url = reverse("risks:risk_reassess", kwargs={"risk_id": risks["high"].pk})
    form = client.get(url + "?inline=1", **HTMX)
    assert form.status_code == 200 and "risk-reassess-row" in form.content.decode()
    answer = client.post(
        url, {"inline": "1", "probability": "2", "impact": "2", "note": "Audited"}, **HTMX
    )
    assert answer.status_code == 200
    row = answer.content.decode()
    assert 'data-testid="risk-row"' in row and "<html" not in row
    assert "risk:reassessed" in answer["HX-Trigger"]
    risks["high"].refresh_from_db()
    assert risks["high"].score == 4
    other = reverse("risks:risk_reassess", kwargs={"risk_id": risks["critical"].pk})
    assert client.post(other, {"probability": "1", "impact": "1"}).status_code == 403


def test_invalid_reassessment_shows_translated_errors(client, tenant_a, risks, settings):
    client.force_login(tenant_a.manager)
    url = reverse("risks:risk_reassess", kwargs={"risk_id": risks["high"].pk})
    answer = client.post(url, {"probability": "9", "impact": "3"})
    assert answer.status_code == 400
    settings.LANGUAGE_CODE = "zh-hans"
    answer = client.post(
        url, {"probability": "2", "impact": "3", "residual_probability": "2"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip
    assert answer.status_code == 400


def test_create_edit_respond_occur_and_close_through_the_pages(client, tenant_a):
    client.force_login(tenant_a.manager)
    new = reverse("risks:risk_create", kwargs={"project_id": tenant_a.project.pk})
    assert client.get(new).status_code == 200
    answer = client.post(new, {
        "title": "Licence audit", "category": "", "kind": "threat", "probability": "4",
        "impact": "4", "owner": tenant_a.member.pk, "contingency_days": "3",
    })  # fmt: skip
    assert answer.status_code == 400  # category missing
    category = Risk._meta.get_field("category").related_model.objects.get(key="compliance")
    answer = client.post(new, {
        "title": "Licence audit", "category": category.pk, "kind": "threat",
        "probability": "4", "impact": "4", "owner": tenant_a.member.pk,
        "strategy": "mitigate", "contingency_days": "3",
    })  # fmt: skip
    risk = Risk.objects.get(title="Licence audit")
    assert answer.status_code == 302 and answer["Location"] == f"/risks/{risk.pk}/"
    edit = reverse("risks:risk_edit", kwargs={"risk_id": risk.pk})
    assert client.get(edit).status_code == 200
    act = reverse("risks:risk_action_create", kwargs={"risk_id": risk.pk})
    client.post(act, {"name": "Count installed licences", "assignee": tenant_a.member.pk,
                      "duration_days": "2"})  # fmt: skip
    task = Task.objects.get(name="Count installed licences")
    detail = client.get(reverse("risks:risk_detail", kwargs={"risk_id": risk.pk})).content.decode()
    assert "Count installed licences" in detail and "0 of 1 done" in detail
    occur = reverse("risks:risk_occur", kwargs={"risk_id": risk.pk})
    answer = client.post(occur, {"owner": tenant_a.member.pk, "due_date": "2026-12-01",
                                 "impact": "Fine to pay"})  # fmt: skip
    assert answer.status_code == 302
    issue = ProjectIssue.objects.get(risk=risk)
    log = client.get(reverse("risks:issue_log", kwargs={"project_id": tenant_a.project.pk}))
    assert issue.code in log.content.decode() and "Fine to pay" in log.content.decode()
    edit_issue = reverse("risks:issue_edit", kwargs={"projectissue_id": issue.pk})
    answer = client.post(edit_issue, {"title": issue.title, "severity": "high",
                                      "status": "resolved", "resolution": ""})  # fmt: skip
    assert answer.status_code == 400
    answer = client.post(edit_issue, {"title": issue.title, "severity": "high",
                                      "status": "resolved", "resolution": "Bought licences"})  # fmt: skip
    assert answer.status_code == 302
    status = reverse("risks:risk_status", kwargs={"risk_id": risk.pk})
    assert client.post(status, {"status": "closed", "note": "Done"}).status_code == 302
    risk.refresh_from_db()
    assert risk.status == "closed" and task.risk_actions.get().risk == risk


def test_heatmap_counts_cells_and_links_to_their_risks(client, tenant_a, risks):
    client.force_login(tenant_a.manager)
    page = client.get(reverse("risks:matrix", kwargs={"project_id": tenant_a.project.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-p="5" data-i="5" data-count="1"' in html
    assert "?cell=p5i5" in html and "?cell=p2i3&amp;after=1" in html
    cell = client.get(_register(tenant_a) + "?cell=p5i5").content.decode()
    assert "Data centre outage" in cell and "Supplier bankrupt" not in cell


def test_portfolio_for_vendor_people_only(client, tenant_a, tenant_b, risks, pmo):
    make_risk(tenant_b.project, title="Beta risk", probability=5, impact=4)
    client.force_login(pmo)
    page = client.get(reverse("risks:portfolio")).content.decode()
    assert "Beta risk" in page and "Data centre outage" in page
    client.force_login(tenant_a.manager)
    page = client.get(reverse("risks:portfolio")).content.decode()
    assert "Beta risk" not in page and "Data centre outage" in page
    client.force_login(tenant_a.client_contact)
    assert client.get(reverse("risks:portfolio")).status_code == 404


def test_import_is_all_or_nothing_with_a_report(client, tenant_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(tenant_a.manager)
    url = reverse("risks:risk_import", kwargs={"project_id": tenant_a.project.pk})
    bad = "title,category,probability,impact,owner\nA,technical,3,4,\nB,nonsense,7,2,\n"
    answer = client.post(url, {"file": SimpleUploadedFile("r.csv", bad.encode())})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Nothing was imported" in html and "nonsense" in html
    assert not Risk.objects.exists()
    good = (
        f"标题,类别,可能性,影响,负责人,复审日期\n"
        f"Vendor late,vendor,4,3,{tenant_a.member.username},2026-12-01\n"
        "Scope creep,范围,3,3,,\n"
    )
    answer = client.post(url, {"file": SimpleUploadedFile("r.csv", good.encode("utf-8-sig"))})
    assert answer.status_code == 200, answer.content.decode()
    assert list(Risk.objects.values_list("code", "title", "score")) == [
        ("R-001", "Vendor late", 12), ("R-002", "Scope creep", 9),
    ]  # fmt: skip
    assert Risk.objects.get(code="R-001").review_date == dt.date(2026, 12, 1)
    client.force_login(tenant_a.member)
    assert client.get(url).status_code == 403


def test_import_reads_excel(client, tenant_a):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Title", "Probability", "Impact", "Kind", "Strategy"])
    sheet.append(["New market", 3, 5, "opportunity", "exploit"])
    data = io.BytesIO()
    book.save(data)
    client.force_login(tenant_a.manager)
    url = reverse("risks:risk_import", kwargs={"project_id": tenant_a.project.pk})
    answer = client.post(url, {"file": SimpleUploadedFile("r.xlsx", data.getvalue())})
    assert answer.status_code == 200
    assert Risk.objects.get().kind == "opportunity"


def test_pages_read_in_chinese(client, tenant_a, risks):
    client.force_login(tenant_a.manager)
    tenant_a.manager.language = "zh-hans"
    tenant_a.manager.save(update_fields=["language"])
    page = client.get(_register(tenant_a), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "技术" in page.content.decode()  # the category's Chinese name
