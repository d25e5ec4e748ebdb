"""Every company has a recovery service manager; no case is owned by a portal,
public or bot user (Trust 6)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Case = env["cx.recovery.case"]
    for company in env["res.company"].search([]):
        if not Case._cx_can_own(company.cx_recovery_manager_id):
            company.cx_recovery_manager_id = company._cx_default_recovery_manager()
    cases = Case.with_context(active_test=False).search([])
    for case in cases.filtered(lambda c: not Case._cx_can_own(c.owner_id)):
        case.owner_id = Case._cx_owner_for(
            case.company_id, case.playbook_id, case.advisor_id
        )
