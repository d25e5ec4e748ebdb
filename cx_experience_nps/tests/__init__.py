from . import test_nps_tools
from . import test_nps_response
from . import test_nps_survey
