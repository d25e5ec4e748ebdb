from odoo import fields, models


class CxAdvisorTeam(models.Model):
    """A team of service advisors, the unit of the NPS reports and leaderboards."""

    _name = "cx.advisor.team"
    _description = "Service advisor team"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one("res.users", string="Team leader")
    member_ids = fields.Many2many(
        "res.users",
        "cx_advisor_team_res_users_rel",
        "team_id",
        "user_id",
        string="Advisors",
    )

    _name_company_unique = models.UniqueIndex(
        "(name, company_id)", "A team name is unique per company."
    )
