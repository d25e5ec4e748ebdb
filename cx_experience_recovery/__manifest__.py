# Copyright 2026 cx_experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Experience: Recovery",
    "summary": "Recovery playbooks and cases for detractors and complaint tickets",
    "version": "19.0.1.0.3",
    "category": "Services/Customer Experience",
    "website": "https://github.com/cx-experience/cx_experience",
    "author": "cx_experience contributors",
    "maintainers": ["cx-experience"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "installable": True,
    "depends": ["cx_experience_nps", "helpdesk_mgmt"],
    "data": [
        "security/cx_experience_recovery_security.xml",
        "security/ir.model.access.csv",
        "data/cx_recovery_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/cx_recovery_case_views.xml",
        "views/cx_recovery_playbook_views.xml",
        "report/cx_recovery_report_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/res_partner_views.xml",
        "views/fleet_vehicle_log_services_views.xml",
        "views/res_config_settings_views.xml",
        "report/cx_recovery_report_templates.xml",
        "wizards/cx_recovery_close_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/cx_recovery_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cx_experience_recovery/static/tests/tours/*.js",
        ],
    },
}
