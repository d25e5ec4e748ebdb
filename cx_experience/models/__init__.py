from . import res_company
from . import res_config_settings
from . import res_partner
from . import fleet_vehicle_log_services
from . import cx_journey
from . import cx_contact_log
from . import cx_family_member
