from . import cx_recovery_report
from . import report_cx_monthly
