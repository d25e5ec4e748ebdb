from odoo import api, fields, models


class CxNpsResponse(models.Model):
    _inherit = "cx.nps.response"

    cx_recovery_case_ids = fields.One2many(
        "cx.recovery.case", "nps_response_id", string="Recovery cases"
    )

    @api.model_create_multi
    def create(self, vals_list):
        responses = super().create(vals_list)
        responses._cx_recovery_dispatch()
        return responses

    def _cx_recovery_dispatch(self):
        """Re-survey answers close their case; other detractors open a case."""
        resurveys = self.filtered(lambda r: r.sudo().user_input_id.cx_recovery_case_id)
        for response in resurveys:
            response.sudo().user_input_id.cx_recovery_case_id._cx_apply_resurvey(
                response
            )
        self.env["cx.recovery.case"]._cx_start_from_nps(self - resurveys)
