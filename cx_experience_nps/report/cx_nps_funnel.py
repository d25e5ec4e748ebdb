from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.cx_nps_invitation import SENT_STATES


class CxNpsFunnel(models.Model):
    """Response-rate funnel of the NPS invitations per month, company and advisor."""

    _name = "cx.nps.funnel"
    _description = "NPS response-rate funnel"
    _auto = False
    _order = "month desc"

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    advisor_id = fields.Many2one("res.users", string="Service advisor", readonly=True)
    kind = fields.Selection(
        [("nps", "NPS survey"), ("satisfaction", "7-day satisfaction survey")],
        readonly=True,
    )
    scheduled_count = fields.Integer(string="Invitations", readonly=True)
    skipped_count = fields.Integer(string="Skipped", readonly=True)
    failed_count = fields.Integer(
        string="Failed", readonly=True, help="Not sent: an error stopped them."
    )
    sent_count = fields.Integer(string="Sent", readonly=True)
    delivered_count = fields.Integer(string="Delivered", readonly=True)
    opened_count = fields.Integer(string="Opened", readonly=True)
    answered_count = fields.Integer(string="Answered", readonly=True)
    response_rate = fields.Float(
        string="Response rate (%)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Answered / delivered invitations.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT MIN(i.id) AS id,
                       DATE_TRUNC('month', COALESCE(i.date_sent, i.date_scheduled))::date
                           AS month,
                       i.company_id,
                       i.advisor_id,
                       i.kind,
                       COUNT(*) AS scheduled_count,
                       COUNT(*) FILTER (WHERE i.state = 'skipped') AS skipped_count,
                       COUNT(*) FILTER (WHERE i.state = 'failed') AS failed_count,
                       COUNT(*) FILTER (WHERE i.state IN %(sent)s) AS sent_count,
                       COUNT(*) FILTER (WHERE i.state IN %(delivered)s)
                           AS delivered_count,
                       COUNT(*) FILTER (WHERE i.date_opened IS NOT NULL) AS opened_count,
                       COUNT(*) FILTER (WHERE i.state = 'answered') AS answered_count,
                       COALESCE(
                           100.0 * COUNT(*) FILTER (WHERE i.state = 'answered')
                           / NULLIF(COUNT(*) FILTER (WHERE i.state IN %(delivered)s), 0),
                           0)::float AS response_rate
                  FROM cx_nps_invitation i
                 WHERE i.state != 'scheduled'
              GROUP BY 2, i.company_id, i.advisor_id, i.kind
            )
            """,
                table=SQL.identifier(self._table),
                sent=SENT_STATES,
                delivered=tuple(s for s in SENT_STATES if s != "bounced"),
            )
        )
