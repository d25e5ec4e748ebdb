from . import test_nps_tools
from . import test_nps_response
from . import test_nps_survey
from . import test_nps_loop
from . import test_nps_fatigue
from . import test_nps_reports
from . import test_nps_http
from . import test_tier_invisible_survey
