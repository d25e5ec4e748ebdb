from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools import nps as nps_tools

BANDS = [
    ("poor", "Poor (< 0)"),
    ("average", "Average (0-30)"),
    ("good", "Good (30-50)"),
    ("excellent", "Excellent (50-70)"),
    ("world_class", "World class (> 70)"),
]


class CxNpsLeaderboard(models.Model):
    """Honest NPS leaderboard of advisors and teams over the last 12 months.

    Each row carries its 95 % adjusted-Wald interval; rows below the company's minimum
    number of responses are not ranked (greyed, no interval shown).
    """

    _name = "cx.nps.leaderboard"
    _description = "NPS leaderboard"
    _auto = False
    _order = "nps_score desc, response_count desc"
    _rec_name = "name"

    dimension = fields.Selection(
        [("advisor", "Advisor"), ("team", "Team")], readonly=True
    )
    name = fields.Char(readonly=True)
    advisor_id = fields.Many2one("res.users", string="Service advisor", readonly=True)
    team_id = fields.Many2one("cx.advisor.team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    response_count = fields.Integer(string="Responses", readonly=True)
    promoter_count = fields.Integer(string="Promoters", readonly=True)
    passive_count = fields.Integer(string="Passives", readonly=True)
    detractor_count = fields.Integer(string="Detractors", readonly=True)
    nps_score = fields.Float(
        string="NPS", readonly=True, digits=(16, 1), aggregator="avg"
    )
    ci_low = fields.Float(
        string="95 % low", compute="_compute_interval", digits=(16, 1)
    )
    ci_high = fields.Float(
        string="95 % high", compute="_compute_interval", digits=(16, 1)
    )
    band = fields.Selection(BANDS, compute="_compute_interval")
    reliable = fields.Boolean(
        compute="_compute_interval",
        help="Enough responses (company setting) to be ranked.",
    )

    @api.depends("response_count", "promoter_count", "detractor_count")
    def _compute_interval(self):
        for row in self:
            row.band = nps_tools.band(row.nps_score) if row.response_count else False
            row.reliable = row.response_count >= (
                row.company_id.cx_nps_min_responses or 0
            )
            interval = row.reliable and nps_tools.confidence_interval(
                row.promoter_count, row.passive_count, row.detractor_count
            )
            row.ci_low, row.ci_high = interval or (0.0, 0.0)

    def _select_group(self, dimension, column, name_sql, join_sql):
        return SQL(
            """
            SELECT %(dimension)s AS dimension,
                   %(column)s AS ref_id,
                   %(name)s AS name,
                   r.company_id AS company_id,
                   COUNT(*) AS response_count,
                   COUNT(*) FILTER (WHERE r.category = 'promoter') AS promoter_count,
                   COUNT(*) FILTER (WHERE r.category = 'passive') AS passive_count,
                   COUNT(*) FILTER (WHERE r.category = 'detractor') AS detractor_count,
                   AVG(r.nps_value)::float AS nps_score
              FROM cx_nps_response r
              %(join)s
             WHERE %(column)s IS NOT NULL
               AND r.counts_in_nps
               AND r.date >= (NOW() AT TIME ZONE 'UTC') - INTERVAL '12 months'
          GROUP BY %(column)s, %(name)s, r.company_id
            """,
            dimension=dimension,
            column=column,
            name=name_sql,
            join=join_sql,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        advisor = self._select_group(
            "advisor",
            SQL("r.advisor_id"),
            SQL("p.name"),
            SQL(
                "JOIN res_users u ON u.id = r.advisor_id "
                "JOIN res_partner p ON p.id = u.partner_id"
            ),
        )
        team = self._select_group(
            "team",
            SQL("r.team_id"),
            SQL("t.name"),
            SQL("JOIN cx_advisor_team t ON t.id = r.team_id"),
        )
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT ROW_NUMBER() OVER (ORDER BY g.dimension, g.ref_id, g.company_id)
                           AS id,
                       g.dimension,
                       g.name,
                       CASE WHEN g.dimension = 'advisor' THEN g.ref_id END
                           AS advisor_id,
                       CASE WHEN g.dimension = 'team' THEN g.ref_id END AS team_id,
                       g.company_id,
                       g.response_count,
                       g.promoter_count,
                       g.passive_count,
                       g.detractor_count,
                       g.nps_score
                  FROM (%(advisor)s UNION ALL %(team)s) AS g
            )
            """,
                table=SQL.identifier(self._table),
                advisor=advisor,
                team=team,
            )
        )
