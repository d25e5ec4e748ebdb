from . import cx_nps_response
from . import res_company
from . import res_config_settings
from . import survey_survey
from . import survey_question
from . import survey_user_input
