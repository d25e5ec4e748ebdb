# Copyright 2026 cx_experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Experience: Recovery",
    "summary": "Recovery playbooks and cases for detractors and complaint tickets",
    "version": "19.0.1.0.0",
    "category": "Services/Customer Experience",
    "website": "https://github.com/cx-experience/cx_experience",
    "author": "cx_experience contributors",
    "maintainers": ["cx-experience"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "installable": True,
    "depends": ["cx_experience_nps", "helpdesk_mgmt"],
    "data": [
        "views/menus.xml",
    ],
    "demo": [],
}
