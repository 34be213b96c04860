"""Take the README's screenshots: each role's pages, in Chinese and English.

Builds a scratch database with the demo data, serves it, and drives headless Chromium:
    python scripts/screenshots.py [--out docs/screenshots]
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-2026")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

# (file stem, username, path); the path may name a project by code as {NH-ERP}.
SHOTS = [
    ("dashboard-pmo", "pmo", "/"),
    ("dashboard-manager", "pm.li", "/"),
    ("dashboard-member", "eng.chen", "/"),
    ("dashboard-client", "nh.sun", "/"),
    ("project-list", "pmo", "/projects/"),
    ("project-overview", "pm.li", "/projects/{NH-ERP}/"),
    ("project-wbs", "pm.li", "/projects/{NH-ERP}/wbs/"),
    ("project-gantt", "pm.li", "/projects/{NH-ERP}/gantt/"),
    ("project-board", "eng.zhang", "/projects/{NH-ERP}/board/"),
    ("project-baselines", "pm.li", "/projects/{NH-ERP}/baselines/"),
    ("project-transfer", "pm.li", "/projects/{NH-ERP}/transfer/"),
    ("client-project", "nh.sun", "/projects/{NH-ERP}/"),
    ("client-gantt", "nh.sun", "/projects/{NH-ERP}/gantt/?zoom=month"),
    ("my-work", "eng.zhang", "/projects/my-work/"),
    ("timesheet", "eng.zhang", "/projects/timesheet/"),
    ("timesheet-approvals", "pm.li", "/projects/timesheet/approvals/"),
    ("calendar", "pmo", "/projects/calendars/{calendar}/"),
    ("client-portal", "nh.sun", "/"),
    ("client-requests", "nh.sun", "/clients/requests/"),
    ("client-reports", "nh.sun", "/reports/projects/{NH-ERP}/"),
    ("satisfaction", "pm.li", "/clients/satisfaction/"),
    ("reports", "pm.li", "/reports/projects/{NH-ERP}/"),
    ("report-detail", "pm.li", "/reports/{draft}/"),
    ("client-report", "nh.sun", "/reports/{published}/"),
    ("communication-plan", "pm.li", "/reports/projects/{NH-ERP}/plan/"),
    ("meetings", "pm.li", "/projects/{NH-ERP}/meetings/"),
    ("documents", "pm.li", "/projects/{NH-ERP}/documents/"),
    ("announcements", "pm.li", "/announcements/"),
    ("notifications", "eng.zhang", "/notifications/"),
    ("notification-preferences", "eng.zhang", "/notifications/preferences/"),
    ("resource-pool", "pmo", "/resources/"),
    ("resource-detail", "pmo", "/resources/{resource}/"),
    ("workload", "pmo", "/resources/workload/"),
    ("staffing", "pm.wang", "/resources/staffing/?skill={skill}&min_level=3&hours=40"),
    ("project-allocations", "pm.li", "/resources/projects/{NH-ERP}/allocations/"),
    ("project-budget", "pm.li", "/resources/projects/{NH-ERP}/budget/"),
    ("cost-portfolio", "pmo", "/resources/portfolio/"),
    ("project-leveling", "pm.li", "/resources/projects/{NH-ERP}/leveling/?beyond=1"),
    ("risk-register", "pm.li", "/risks/projects/{NH-ERP}/"),
    ("risk-matrix", "pm.li", "/risks/projects/{NH-ERP}/matrix/"),
    ("risk-detail", "pm.li", "/risks/{risk}/"),
    ("issue-log", "pm.li", "/risks/projects/{NH-ERP}/issues/"),
    ("risk-portfolio", "pmo", "/risks/portfolio/"),
    ("quality-plan", "pm.li", "/quality/projects/{NH-ERP}/plan/"),
    ("checklist-library", "pm.li", "/quality/templates/"),
    ("inspection-run", "eng.zhang", "/quality/inspections/{inspection}/"),
    ("defect-board", "pm.li", "/quality/projects/{NH-ERP}/defects/"),
    ("test-runs", "pm.li", "/quality/projects/{NH-ERP}/tests/"),
    ("quality-dashboard", "pm.li", "/quality/projects/{NH-ERP}/dashboard/"),
    ("client-acceptance", "nh.sun", "/quality/deliverables/{accepted}/acceptance/"),
    ("service-desk-queue", "eng.chen", "/operations/tickets/?tab=all"),
    ("ticket-detail", "eng.chen", "/operations/tickets/{ticket}/"),
    ("client-tickets", "nh.sun", "/operations/tickets/"),
    ("client-open-ticket", "nh.sun", "/operations/tickets/new/"),
    ("contract-detail", "pmo", "/operations/contracts/{contract}/"),
    ("cmdb-item", "eng.chen", "/operations/cmdb/{ci}/"),
    ("change-calendar", "pmo", "/operations/changes/calendar/"),
    ("operations-dashboard", "pmo", "/operations/dashboard/"),
    ("client-account", "pmo", "/operations/accounts/{ninghai}/"),
    ("sla-report", "pmo", "/operations/reports/{slareport}/"),
    ("backups", "pmo", "/operations/backups/"),
    ("security-findings", "pmo", "/operations/security/"),
    ("knowledge-home", "eng.chen", "/knowledge/"),
    ("knowledge-search", "eng.chen", "/knowledge/search/?q=备份"),
    ("knowledge-article", "eng.chen", "/knowledge/articles/{article}/"),
    ("skills-matrix", "pmo", "/training/skills/"),
    ("training-session", "pmo", "/training/sessions/{session}/"),
    ("kpi-portfolio", "pmo", "/performance/"),
    ("kpi-client", "pmo", "/performance/clients/{ninghai}/"),
    ("innovation-board", "pmo", "/improvement/board/"),
]
# Pages people use on a phone, taken at a phone's size.
PHONE = {"inspection-run"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", nargs="*", help="file stems to take")
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "VAR_DIR": scratch, "DEBUG": "1"}
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        env.pop("CELERY_BROKER_URL", None)
        run = [sys.executable, "manage.py"]
        subprocess.run([*run, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*run, "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        codes = subprocess.run(
            [*run, "shell", "--no-imports", "-v0", "-c",
             "import json; from projects.models import Project; "
             "from projects.models import WorkCalendar; "
             "ids = dict(Project.objects.values_list('code', 'pk')); "
             "ids['calendar'] = WorkCalendar.objects.get(is_default=True).pk; "
             "from reports.models import StatusReport; "
             "reports = StatusReport.objects.filter(project__code='NH-ERP', audience='client'); "
             "ids['draft'] = reports.filter(status='draft').values_list('pk', flat=True).first(); "
             "ids['published'] = reports.filter(status='published').values_list('pk', flat=True).first(); "
             "from resources.models import Resource, Skill; "
             "ids['resource'] = Resource.objects.get(user__username='eng.chen').pk; "
             "ids['skill'] = Skill.objects.get(name='Linux 运维 Linux administration').pk; "
             "from risks.models import Risk; "
             "ids['risk'] = Risk.objects.get(project__code='NH-ERP', number=1).pk; "
             "from quality.models import Inspection, AcceptanceDecision; "
             "ids['inspection'] = Inspection.objects.filter(project__code='NH-ERP').first().pk; "
             "ids['accepted'] = AcceptanceDecision.objects.filter(action='accept').first().deliverable_id; "
             "from accounts.models import Organization; "
             "ids['ninghai'] = Organization.objects.get(name__startswith='宁海').pk; "
             "from operations.models import ConfigurationItem, ServiceContract, SlaReport, Ticket; "
             "ids['contract'] = ServiceContract.objects.filter(client_id=ids['ninghai']).first().pk; "
             "ids['ticket'] = Ticket.objects.filter(client_id=ids['ninghai'], status='in_progress').first().pk; "
             "ids['ci'] = ConfigurationItem.objects.filter(client_id=ids['ninghai'], incoming_relations__isnull=False).first().pk; "
             "ids['slareport'] = SlaReport.objects.first().pk; "
             "from knowledge.models import Article; "
             "ids['article'] = Article.objects.filter(versions__number=3).first().pk; "
             "from training.models import TrainingSession; "
             "ids['session'] = TrainingSession.objects.filter(attendances__score__isnull=False).first().pk; "
             "print(json.dumps(ids))"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        project_ids = json.loads(codes.strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(
            [*run, "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz")
                    break
                except OSError:
                    time.sleep(0.1)
            shoot(base, out, project_ids, options.only)
        finally:
            server.terminate()
            server.wait()


def shoot(base: str, out: Path, project_ids: dict, only) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for stem, username, path in SHOTS:
            if only and stem not in only:
                continue
            for language, locale in (("zh-hans", "zh-CN"), ("en", "en-US")):
                size = (
                    {"width": 390, "height": 844}
                    if stem in PHONE
                    else {"width": 1440, "height": 900}
                )
                context = browser.new_context(viewport=size, locale=locale, device_scale_factor=1)
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", PASSWORD)
                page.click("[data-testid=sign-in]")
                page.wait_for_url(f"{base}/")
                url = path
                for code, pk in project_ids.items():
                    url = url.replace("{" + code + "}", str(pk))
                page.goto(base + url)
                page.wait_for_load_state("networkidle")
                target = out / f"{stem}-{'zh' if language == 'zh-hans' else 'en'}.png"
                page.screenshot(path=str(target), full_page=False)
                print(target)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
