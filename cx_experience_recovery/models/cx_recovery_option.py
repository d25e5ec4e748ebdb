from odoo import api, fields, models
from odoo.exceptions import UserError


class CxRecoveryOption(models.Model):
    """A solution proposed to the customer (loaner car, pick-up and return, discount)."""

    _name = "cx.recovery.option"
    _description = "Recovery option"
    _order = "case_id, sequence, id"

    case_id = fields.Many2one(
        "cx.recovery.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Option", required=True)
    description = fields.Text()
    is_chosen = fields.Boolean(
        string="Chosen by the customer", compute="_compute_is_chosen"
    )

    @api.depends("case_id.chosen_option_id")
    def _compute_is_chosen(self):
        for option in self:
            option.is_chosen = option.case_id.chosen_option_id == option

    @api.model_create_multi
    def create(self, vals_list):
        cases = self.env["cx.recovery.case"].browse(
            {vals.get("case_id") for vals in vals_list if vals.get("case_id")}
        )
        cases._cx_check_options_unlocked()
        return super().create(vals_list)

    def write(self, vals):
        self.env["cx.recovery.case"]._cx_check_not_moved(self, vals)
        self.case_id._cx_check_options_unlocked()
        self.filtered("is_chosen").case_id._cx_check_choice_unlocked()
        return super().write(vals)

    def action_choose(self):
        """Record this option as the customer's choice (exactly one per case)."""
        self.ensure_one()
        if not self.case_id.is_open:
            raise UserError(self.env._("The recovery case is closed."))
        self.case_id.chosen_option_id = self
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_chosen(self):
        self.case_id._cx_check_options_unlocked()
        if any(option.is_chosen for option in self):
            raise UserError(
                self.env._("The customer's chosen option cannot be deleted.")
            )
