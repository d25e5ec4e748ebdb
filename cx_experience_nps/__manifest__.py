# Copyright 2026 cx_experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Experience: NPS",
    "summary": "After-service NPS surveys sent automatically, closed-loop follow-up "
    "and NPS reports",
    "version": "19.0.1.0.3",
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
        "data/mail_template_data.xml",
        "data/mail_activity_type_data.xml",
        "data/base_automation_data.xml",
        "data/ir_cron_data.xml",
        "views/cx_nps_invitation_views.xml",
        "views/cx_advisor_team_views.xml",
        "report/cx_nps_leaderboard_views.xml",
        "report/cx_nps_funnel_views.xml",
        "views/res_partner_views.xml",
        "views/fleet_vehicle_log_services_views.xml",
        "views/cx_journey_views.xml",
        "report/report_cx_monthly.xml",
        "wizards/cx_nps_report_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/cx_nps_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cx_experience_nps/static/tests/tours/*.js",
        ],
    },
}
