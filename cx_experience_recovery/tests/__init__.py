from . import test_install
from . import test_recovery_tools
from . import test_recovery_case
from . import test_recovery_ticket
from . import test_recovery_kpi
from . import test_recovery_portal
from . import test_recovery_tour
from . import test_recovery_integration
