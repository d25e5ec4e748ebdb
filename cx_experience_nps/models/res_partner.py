from odoo import fields, models

from odoo.addons.cx_experience.actions import related_action, set_counts


class ResPartner(models.Model):
    _inherit = "res.partner"

    cx_nps_response_ids = fields.One2many(
        "cx.nps.response",
        "partner_id",
        string="NPS responses",
        groups="cx_experience.group_cx_advisor",
    )
    cx_nps_response_count = fields.Integer(
        compute="_compute_cx_nps_response_count",
        groups="cx_experience.group_cx_advisor",
    )

    def _compute_cx_nps_response_count(self):
        set_counts(self, "cx_nps_response_count", "cx.nps.response", "partner_id")

    def action_cx_nps_responses(self):
        action = related_action(
            self, "cx_experience_nps.cx_nps_response_action", "partner_id", create=False
        )
        return action

    def _cx_briefing_sections(self, service=None):
        sections = super()._cx_briefing_sections(service=service)
        response = self.env["cx.nps.response"].search(
            [("partner_id", "=", self.id)], limit=1, order="date desc, id desc"
        )
        if response:
            category = dict(
                response._fields["category"]._description_selection(self.env)
            ).get(response.category, "")
            lines = [
                self.env._(
                    "Last NPS score: %(score)s (%(category)s) on %(date)s",
                    score=response.score,
                    category=category,
                    date=fields.Date.to_string(response.date),
                )
            ]
            if response.reason:
                lines.append(self.env._("Reason: %(reason)s", reason=response.reason))
            if response.follow_up_deadline and not response.follow_up_done_date:
                lines.append(self.env._("Follow-up still open"))
            sections.append(
                {
                    "key": "nps",
                    "sequence": 40,
                    "title": self.env._("Last NPS"),
                    "lines": lines,
                }
            )
        return sections
