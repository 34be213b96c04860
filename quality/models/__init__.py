"""Quality control: plans and criteria, versioned checklists, inspections, defects with CAPA,
test management and client acceptance, one module each."""

from .acceptance import *  # noqa: F403
from .checklists import *  # noqa: F403
from .defects import *  # noqa: F403
from .inspections import *  # noqa: F403
from .plans import *  # noqa: F403
from .testing import *  # noqa: F403
