"""Tenant A's test-management and acceptance objects, for the cross-tenant permission matrix."""


def testing_objects(a) -> dict:
    """A suite of the plan's deliverable with one case, a client-visible run with its result,
    and the deliverable submitted for acceptance (so a decision could be attempted)."""
    from quality.services import acceptance, testing

    deliverable = a.plan()["deliverable"]
    suite = testing.suite_create(
        actor=a.manager, project=a.project, name="Matrix suite", deliverable=deliverable
    )
    case = testing.case_create(actor=a.manager, suite=suite, title="Matrix case")
    run = testing.run_start(actor=a.manager, suite=suite, client_visible=True)
    decision = acceptance.acceptance_submit(actor=a.manager, deliverable=deliverable)
    return {
        "suite": suite,
        "case": case,
        "run": run,
        "result": run.results.get(),
        "decision": decision,
    }
