from odoo import fields, models
from odoo.exceptions import UserError


class CxRecoveryCloseWizard(models.TransientModel):
    """Close a recovery case without its re-survey: the reason is mandatory."""

    _name = "cx.recovery.close.wizard"
    _description = "Close a recovery case"

    case_id = fields.Many2one("cx.recovery.case", required=True, ondelete="cascade")
    outcome = fields.Selection(
        [("recovered", "Recovered"), ("not_recovered", "Not recovered")],
        required=True,
        default="not_recovered",
    )
    reason = fields.Text(required=True)

    def action_close(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(
                self.env._("Reason: say why the case closes without a re-survey.")
            )
        case = self.case_id
        if not case.is_open:
            raise UserError(
                self.env._("Case %(case)s is already closed.", case=case.name)
            )
        # the user must be allowed to edit the case; the forced close (not recovered
        # with open steps) is then taken by this action, never by a client's context
        case.check_access("write")
        case.sudo().with_context(cx_recovery_force_close=True).write(
            {"stage": self.outcome, "close_reason": self.reason}
        )
        case.message_post(
            body=self.env._(
                "Closed without re-survey as %(outcome)s: %(reason)s",
                outcome=dict(self._fields["outcome"].selection)[self.outcome],
                reason=self.reason,
            )
        )
        return {"type": "ir.actions.act_window_close"}
