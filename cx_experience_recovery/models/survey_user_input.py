from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    cx_recovery_case_id = fields.Many2one(
        "cx.recovery.case",
        string="Recovery case",
        index="btree_not_null",
        ondelete="set null",
        groups="cx_experience.group_cx_advisor",
        help="Set on the re-survey of a recovery case: its answer closes the case "
        "instead of opening a new one.",
    )

    def _cx_issued_by_us(self):
        return super()._cx_issued_by_us() | self.filtered(
            lambda ui: ui.sudo().cx_recovery_case_id
        )

    def _cx_nps_values(self):
        vals = super()._cx_nps_values()
        if vals and self.sudo().cx_recovery_case_id:
            # a recovery outcome, not a second rating of the visit and its advisor
            vals["counts_in_nps"] = False
        return vals
