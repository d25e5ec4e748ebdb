from odoo import api, fields, models, tools

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
    _order = "nps desc, response_count desc"
    _rec_name = "name"

    dimension = fields.Selection(
        [("advisor", "Advisor"), ("team", "Team")], readonly=True
    )
    name = fields.Char(readonly=True)
    advisor_id = fields.Many2one("res.users", string="Service advisor", readonly=True)
    team_id = fields.Many2one("cx.advisor.team", string="Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    response_count = fields.Integer(string="Responses", readonly=True)
    promoter_count = fields.Integer(string="Promoters", readonly=True)
    passive_count = fields.Integer(string="Passives", readonly=True)
    detractor_count = fields.Integer(string="Detractors", readonly=True)
    nps = fields.Float(string="NPS", readonly=True, digits=(16, 1), aggregator="avg")
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
            row.band = nps_tools.band(row.nps) if row.response_count else False
            row.reliable = row.response_count >= (
                row.company_id.cx_nps_min_responses or 0
            )
            interval = row.reliable and nps_tools.confidence_interval(
                row.promoter_count, row.passive_count, row.detractor_count
            )
            row.ci_low, row.ci_high = interval or (0.0, 0.0)

    def _select_group(self, dimension, column, name_sql, join_sql):
        return f"""
            SELECT '{dimension}' AS dimension,
                   {column} AS ref_id,
                   {name_sql} AS name,
                   r.company_id AS company_id,
                   COUNT(*) AS response_count,
                   COUNT(*) FILTER (WHERE r.category = 'promoter') AS promoter_count,
                   COUNT(*) FILTER (WHERE r.category = 'passive') AS passive_count,
                   COUNT(*) FILTER (WHERE r.category = 'detractor') AS detractor_count,
                   AVG(r.nps_value)::float AS nps
              FROM cx_nps_response r
              {join_sql}
             WHERE {column} IS NOT NULL
               AND r.date >= (NOW() AT TIME ZONE 'UTC') - INTERVAL '12 months'
          GROUP BY {column}, {name_sql}, r.company_id
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        advisor = self._select_group(
            "advisor",
            "r.advisor_id",
            "p.name",
            "JOIN res_users u ON u.id = r.advisor_id "
            "JOIN res_partner p ON p.id = u.partner_id",
        )
        team = self._select_group(
            "team",
            "r.team_id",
            "t.name",
            "JOIN cx_advisor_team t ON t.id = r.team_id",
        )
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
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
                       g.nps
                  FROM ({advisor} UNION ALL {team}) AS g
            )
            """
        )
