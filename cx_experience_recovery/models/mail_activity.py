from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking a step's activity done (chatter, activity view) is its Done button:
        the step's rule is checked and the case moves on."""
        ids = self.filtered(lambda a: a.res_model == "cx.recovery.case").ids
        if ids:
            steps = (
                self.env["cx.recovery.case.step"]
                .sudo()
                .search([("activity_id", "in", ids), ("done", "=", False)])
            )
            if steps:
                steps.with_env(self.env)._cx_finish(close_activity=False)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
