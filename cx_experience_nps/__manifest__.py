# Copyright 2026 cx_experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Experience: NPS",
    "summary": "After-service NPS surveys sent automatically, closed-loop follow-up "
    "and NPS reports",
    "version": "19.0.1.0.0",
    "category": "Services/Customer Experience",
    "website": "https://github.com/cx-experience/cx_experience",
    "author": "cx_experience contributors",
    "maintainers": ["cx-experience"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "installable": True,
    "depends": ["cx_experience", "survey", "base_automation"],
    "data": [
        "security/cx_experience_nps_security.xml",
        "security/ir.model.access.csv",
        "data/survey_nps_data.xml",
        "views/cx_nps_response_views.xml",
        "views/survey_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [],
}
