from . import cx_recovery_close_wizard
