"""Risks for tests: `make_risk(project, ...)` goes through the service, as people do."""

from risks import services


def make_risk(project, actor=None, title="Key supplier may go bankrupt", **fields):
    fields.setdefault("probability", 3)
    fields.setdefault("impact", 4)
    return services.risk_create(
        actor=actor or project.manager, project=project, title=title, **fields
    )
