from . import cx_nps_report_wizard
