from . import test_foundation
from . import test_cx_tools
from . import test_journey
from . import test_briefing
from . import test_lifecycle
from . import test_profile
from . import test_checklist
from . import test_tour
