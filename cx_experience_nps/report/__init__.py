from . import cx_nps_leaderboard
from . import cx_nps_funnel
from . import report_cx_monthly
