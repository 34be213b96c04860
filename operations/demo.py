"""Demo service desk: two SLA policies, three support groups, one contract per demo client
with services, and tickets in every state (one warned, one breached), all through the
services so timelines and SLA clocks are the real ones."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .escalation import escalate_due
from .models import Service, ServiceContract, SlaPolicy, SlaPolicyTarget, SupportGroup
from .permissions import forget
from .services import tickets as svc

TARGETS = {"P1": (30, 240), "P2": (60, 480), "P3": (240, 1440), "P4": (480, 2880)}
SERVICES = [("ERP application support", True), ("Network operations", True),
            ("Database administration", False)]  # fmt: skip


def _policy(name, **fields) -> SlaPolicy:
    policy, created = SlaPolicy.objects.get_or_create(name=name, defaults=fields)
    if created:
        SlaPolicyTarget.objects.bulk_create(
            SlaPolicyTarget(policy=policy, priority=p, response_minutes=r, resolution_minutes=s)
            for p, (r, s) in TARGETS.items()
        )
    return policy


def seed_operations(demo) -> None:
    business = _policy("标准 Standard 09:00–18:00", business_start=dt.time(9),
                       business_end=dt.time(18))  # fmt: skip
    round_clock = _policy("7×24 Critical", twenty_four_seven=True)
    engineers, managers = demo.engineers, demo.managers
    groups = {}
    for name, members in (("L1 Service Desk", engineers[:3]), ("DBA", engineers[3:5]),
                          ("Network", engineers[5:7])):  # fmt: skip
        group, _ = SupportGroup.objects.get_or_create(name=name, defaults={"lead": members[0]})
        group.members.add(*members)
        groups[name] = group
    now = timezone.now()
    for n, (key, client) in enumerate(sorted(demo.clients.items()), start=1):
        contract = ServiceContract.objects.create(
            client=client, name=f"{client.name} 运维服务 Managed services", code=f"OPS-{n:03d}",
            sla_policy=business if n % 2 else round_clock, start_date=demo.today.replace(month=1, day=1),
            service_manager=managers[(n - 1) % len(managers)], default_group=groups["L1 Service Desk"],
        )  # fmt: skip
        contract.support_groups.add(*groups.values())
        services = [Service.objects.create(contract=contract, name=name, critical=critical)
                    for name, critical in SERVICES]  # fmt: skip
        contact = next(u for u, role in demo.client_people[key] if role == "client_contact")
        engineer = groups["L1 Service Desk"].members.order_by("pk").first()
        lead = groups["L1 Service Desk"].lead
        for person in (engineer, lead):
            forget(person)  # they serve one more client now

        def opened(hours_ago, contract=contract, services=services, **fields):
            fields.setdefault("service", services[0])
            return svc.ticket_open(contract=contract, opened_at=now - dt.timedelta(hours=hours_ago),
                                   **fields)  # fmt: skip

        opened(0.2, actor=contact, title="打印机无法连接 Printer offline on floor 3", impact="low",
               urgency="medium")  # fmt: skip
        t = opened(1, actor=contact, title="ERP 登录缓慢 ERP login is slow", urgency="high")
        svc.ticket_assign(actor=lead, ticket=t, assignee=engineer)
        t = opened(3, actor=engineer, title="数据库备份告警 Backup job warning", kind="request",
                   service=services[2])  # fmt: skip
        svc.ticket_assign(actor=lead, ticket=t, assignee=engineer)
        svc.ticket_transition(actor=engineer, ticket=t, to="in_progress")
        svc.ticket_comment(actor=engineer, ticket=t, body="Checking the backup target volume.",
                           public=False)  # fmt: skip
        t = opened(5, actor=contact, title="新员工账号申请 New starter accounts", kind="request",
                   impact="low", urgency="low")  # fmt: skip
        svc.ticket_assign(actor=lead, ticket=t, assignee=engineer)
        svc.ticket_transition(actor=engineer, ticket=t, to="in_progress")
        svc.ticket_comment(actor=engineer, ticket=t, body="Please send the starters' names.")
        svc.ticket_transition(actor=engineer, ticket=t, to="pending_client")
        t = opened(30, actor=contact, title="VPN 断线 VPN drops every hour", service=services[1])
        svc.ticket_assign(actor=lead, ticket=t, assignee=engineer)
        svc.ticket_transition(actor=engineer, ticket=t, to="resolved", resolution_code="Configuration",
                              resolution_notes="Raised the VPN idle timeout to 8 hours.")  # fmt: skip
        t = opened(80, actor=contact, title="邮件退信 Mail bounces to partner", impact="low")
        svc.ticket_assign(actor=lead, ticket=t, assignee=engineer)
        svc.ticket_transition(actor=engineer, ticket=t, to="resolved", resolution_code="DNS",
                              resolution_notes="Fixed the SPF record.")  # fmt: skip
        svc.ticket_transition(actor=contact, ticket=t, to="closed")
        # A P1 left unanswered for hours (breached) and a P2 close to its response target.
        opened(6, actor=contact, title="生产线 MES 宕机 MES down on line 2", impact="high",
               urgency="high")  # fmt: skip
        svc.ticket_open(actor=contact, contract=contract, title="报表生成失败 Reports fail",
                                 impact="high", urgency="medium", service=services[0],
                                 opened_at=now - dt.timedelta(minutes=50))  # fmt: skip
    escalate_due(now=now)
