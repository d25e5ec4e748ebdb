from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        follow_ups = self.filtered(lambda a: a.res_model == "cx.nps.response")
        if follow_ups:
            types = self.env["cx.nps.response"]._cx_follow_up_activity_types()
            done = follow_ups.filtered(lambda a: a.activity_type_id in types)
            self.env["cx.nps.response"].browse(
                done.mapped("res_id")
            ).exists()._cx_mark_followed_up()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
