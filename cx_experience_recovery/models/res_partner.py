from odoo import fields, models

from odoo.addons.cx_experience.actions import related_action, set_counts

from ..tools import recovery as rec_tools


class ResPartner(models.Model):
    _inherit = "res.partner"

    cx_recovery_case_ids = fields.One2many(
        "cx.recovery.case",
        "partner_id",
        string="Recovery cases",
        groups="cx_experience.group_cx_advisor",
    )
    cx_recovery_case_count = fields.Integer(
        compute="_compute_cx_recovery_case_count",
        groups="cx_experience.group_cx_advisor",
    )

    def _compute_cx_recovery_case_count(self):
        set_counts(self, "cx_recovery_case_count", "cx.recovery.case", "partner_id")

    def _cx_last_nps_scores(self, limit=2):
        """{partner_id: [scores, oldest first]} of the last ``limit`` NPS responses."""
        if not self.ids:
            return {}
        self.env["cx.nps.response"].flush_model(["partner_id", "score", "date"])
        self.env.cr.execute(
            """
            SELECT partner_id, score FROM (
                SELECT partner_id, score, date, id, ROW_NUMBER() OVER (
                    PARTITION BY partner_id ORDER BY date DESC, id DESC) AS rank
                FROM cx_nps_response WHERE partner_id = ANY(%s)
            ) ranked WHERE rank <= %s
            ORDER BY partner_id, date, id
            """,
            [self.ids, limit],
        )
        scores = {}
        for partner_id, score in self.env.cr.fetchall():
            scores.setdefault(partner_id, []).append(score)
        return scores

    def _cx_last_nps_responses(self):
        """{partner_id: last cx.nps.response} (sudo), one query for the whole set."""
        partners = self.filtered("id")
        if not partners:
            return {}
        Response = self.env["cx.nps.response"].sudo()
        Response.flush_model(["partner_id", "date"])
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (partner_id) partner_id, id
              FROM cx_nps_response
             WHERE partner_id = ANY(%s)
          ORDER BY partner_id, date DESC, id DESC
            """,
            [partners.ids],
        )
        return {
            partner_id: Response.browse(response_id)
            for partner_id, response_id in self.env.cr.fetchall()
        }

    def _cx_last_journey_scores(self, limit=2):
        """{partner_id: [peak-end scores, oldest first]} of the last ``limit`` journeys
        with touchpoints (the emotion the customer kept of each visit)."""
        if not self.ids:
            return {}
        self.env["cx.journey"].flush_model(
            ["partner_id", "peak_end_score", "touchpoint_count", "date_start", "state"]
        )
        self.env.cr.execute(
            """
            SELECT partner_id, peak_end_score FROM (
                SELECT partner_id, peak_end_score, date_start, id, ROW_NUMBER() OVER (
                    PARTITION BY partner_id ORDER BY date_start DESC, id DESC) AS rank
                FROM cx_journey
                WHERE partner_id = ANY(%s) AND touchpoint_count > 0
                  AND state != 'cancel'
            ) ranked WHERE rank <= %s
            ORDER BY partner_id, date_start, id
            """,
            [self.ids, limit],
        )
        scores = {}
        for partner_id, score in self.env.cr.fetchall():
            scores.setdefault(partner_id, []).append(score)
        return scores

    def _cx_recovery_trend(self):
        """{partner_id: 'falling' | 'rising' | 'stable' | None}: the recent trend.

        From the last two NPS scores and the peak-end emotion of the last two journeys:
        falling when either falls. Other addons may extend it: call super and refine.
        """
        scores = self._cx_last_nps_scores(limit=2)
        emotions = self._cx_last_journey_scores(limit=2)
        return {
            partner.id: rec_tools.combined_trend(
                rec_tools.trend(scores.get(partner.id, [])),
                rec_tools.trend(emotions.get(partner.id, [])),
            )
            for partner in self
        }

    def action_cx_start_recovery(self):
        """Open (or reuse) this customer's manual recovery case."""
        self.ensure_one()
        self.env["cx.recovery.case"]._cx_check_can_start()
        case = self.env["cx.recovery.case"]._cx_start_cases(
            [{"partner_id": self.id, "origin_type": "manual"}]
        )
        return (
            case[:1]
            .with_env(self.env)
            ._get_records_action(name=self.env._("Recovery case"))
        )

    def action_cx_recovery_cases(self):
        action = related_action(
            self, "cx_experience_recovery.cx_recovery_case_action", "partner_id"
        )
        return action
