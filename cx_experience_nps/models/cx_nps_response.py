from odoo import api, fields, models

from ..tools import nps as nps_tools

ROOT_CAUSES = [
    ("waiting_time", "Waiting time"),
    ("price", "Price"),
    ("repair_quality", "Quality of repair"),
    ("communication", "Communication"),
    ("cleanliness", "Cleanliness"),
    ("other", "Other"),
]


class CxNpsResponse(models.Model):
    """One answered NPS survey: score 0..10 and its promoter/passive/detractor class."""

    _name = "cx.nps.response"
    _description = "NPS response"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", index=True)
    model_id = fields.Many2one(
        related="vehicle_id.model_id", string="Vehicle model", store=True, index=True
    )
    service_id = fields.Many2one(
        "fleet.vehicle.log.services", string="Visit", index=True
    )
    journey_id = fields.Many2one("cx.journey", index=True)
    advisor_id = fields.Many2one("res.users", string="Service advisor", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    survey_id = fields.Many2one("survey.survey", index=True)
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey answer",
        index="btree_not_null",
        ondelete="set null",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    score = fields.Integer(required=True, aggregator="avg")
    category = fields.Selection(
        [
            (nps_tools.PROMOTER, "Promoter"),
            (nps_tools.PASSIVE, "Passive"),
            (nps_tools.DETRACTOR, "Detractor"),
        ],
        compute="_compute_category",
        store=True,
        index=True,
    )
    nps_value = fields.Integer(
        string="NPS",
        compute="_compute_category",
        store=True,
        aggregator="avg",
        help="+100 for a promoter, 0 for a passive, -100 for a detractor: the average "
        "of this field over any group is that group's NPS.",
    )
    reason = fields.Text(string="Main reason")
    root_cause = fields.Selection(ROOT_CAUSES, string="Root cause", index=True)

    _score_range = models.Constraint(
        "CHECK (score BETWEEN 0 AND 10)", "The NPS score must be between 0 and 10."
    )
    _user_input_unique = models.UniqueIndex(
        "(user_input_id) WHERE user_input_id IS NOT NULL",
        "A survey answer gives at most one NPS response.",
    )

    @api.depends("score")
    def _compute_category(self):
        for response in self:
            if 0 <= response.score <= 10:
                response.category = nps_tools.classify(response.score)
                response.nps_value = nps_tools.SIGNED[response.category]
            else:
                response.category = False
                response.nps_value = 0

    @api.depends("partner_id", "score")
    def _compute_display_name(self):
        for response in self:
            response.display_name = (
                f"{response.partner_id.name or ''} ({response.score})"
            )
