"""Every write in quality control: validated, atomic, audited (one module per area)."""

# --- plans, checklists, inspections, defects (helper "quality-a") ---
from .checklists import ItemSpec, items_as_text, parse_items, template_create, template_revise
from .defects import (
    TRANSITIONS,
    VERIFYING,
    action_add,
    action_complete,
    action_verify,
    allowed_transitions,
    defect_create,
    defect_transition,
    defect_update,
)
from .inspections import (
    MAX_EVIDENCE_BYTES,
    evidence_add,
    evidence_delete,
    inspection_answer,
    inspection_complete,
    inspection_start,
)
from .plans import (
    criteria_import,
    criterion_add,
    criterion_delete,
    criterion_update,
    plan_for,
    plan_update,
)

__all__ = [
    "MAX_EVIDENCE_BYTES", "TRANSITIONS", "VERIFYING", "ItemSpec", "action_add",
    "action_complete", "action_verify", "allowed_transitions", "criteria_import",
    "criterion_add", "criterion_delete", "criterion_update", "defect_create",
    "defect_transition", "defect_update", "evidence_add", "evidence_delete",
    "inspection_answer", "inspection_complete", "inspection_start", "items_as_text",
    "parse_items", "plan_for", "plan_update", "template_create", "template_revise",
]  # fmt: skip

# --- test management and acceptance (helper "quality-b") ---
