# Copyright 2026 cx_experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Experience (Dealer After-Sales)",
    "summary": "Customer profiles, pre-visit briefings, journeys, tiers and rituals "
    "for car dealers' after-sales",
    "version": "19.0.1.0.0",
    "category": "Services/Customer Experience",
    "website": "https://github.com/cx-experience/cx_experience",
    "author": "cx_experience contributors",
    "maintainers": ["cx-experience"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["fleet", "mail", "contacts"],
    "external_dependencies": {"python": []},
    "data": [
        "security/cx_experience_security.xml",
        "security/ir.model.access.csv",
        "views/res_config_settings_views.xml",
        "views/fleet_vehicle_log_services_views.xml",
        "views/cx_journey_views.xml",
        "views/cx_contact_log_views.xml",
        "views/res_partner_views.xml",
        "data/mail_activity_type_data.xml",
        "data/cx_touchpoint_stage_data.xml",
        "data/cx_checklist_template_data.xml",
        "data/cx_lifestyle_tag_data.xml",
        "data/ir_cron_data.xml",
        "views/cx_lifestyle_tag_views.xml",
        "views/cx_touchpoint_stage_views.xml",
        "views/cx_touchpoint_views.xml",
        "views/cx_checklist_template_views.xml",
        "views/cx_checklist_views.xml",
        "views/fleet_vehicle_views.xml",
        "report/cx_briefing_report.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/cx_demo_users.xml",
        "demo/cx_experience_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cx_experience/static/tests/tours/*.js",
        ],
    },
}
