from . import cx_nps_response
