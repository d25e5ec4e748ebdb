from odoo import fields, models


class CxNpsResponse(models.Model):
    _inherit = "cx.nps.response"

    cx_recovery_case_ids = fields.One2many(
        "cx.recovery.case", "nps_response_id", string="Recovery cases"
    )

    def _cx_after_answer(self):
        # the case comes first: its first-call step is the detractor's follow-up;
        # a re-survey answer is the case's outcome: no follow-up, no journey note
        self._cx_recovery_dispatch()
        return super(CxNpsResponse, self - self._cx_resurveys())._cx_after_answer()

    def _cx_resurveys(self):
        """The answers of a recovery case's re-survey."""
        return self.filtered(lambda r: r.sudo().user_input_id.cx_recovery_case_id)

    def _cx_recovery_dispatch(self):
        """Re-survey answers close their case; other detractors open a case whose
        first-call step is their NPS follow-up (one duty, one owner)."""
        resurveys = self._cx_resurveys()
        for response in resurveys:
            response.sudo().user_input_id.cx_recovery_case_id._cx_apply_resurvey(
                response
            )
        cases = self.env["cx.recovery.case"]._cx_start_from_nps(self - resurveys)
        cases._cx_take_nps_follow_up()

    def action_cx_follow_up_done(self):
        """On a detractor with an open case, "Followed up" is the case's first call."""
        calls = (
            self.sudo()
            .cx_recovery_case_ids.filtered("is_open")
            .step_line_ids.filtered(lambda s: s.kind == "first_contact" and not s.done)
        )
        if calls:
            calls.with_env(self.env).action_done()
        handled = calls.case_id.nps_response_id
        return super(CxNpsResponse, self - handled).action_cx_follow_up_done()

    def _cx_follow_up_activities(self):
        """A detractor's call is its open case's first-call step activity."""
        calls = (
            self.sudo()
            .cx_recovery_case_ids.filtered("is_open")
            .step_line_ids.filtered(lambda s: s.kind == "first_contact")
            .activity_id
        )
        return super()._cx_follow_up_activities() | calls.with_env(self.env)
