from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import peak_end
from ..tools.visits import in_future


class CxTouchpoint(models.Model):
    """One moment of a customer journey, with the customer's emotion (-5..+5)."""

    _name = "cx.touchpoint"
    _description = "Touchpoint"
    _order = "stage_sequence, date, id"

    journey_id = fields.Many2one(
        "cx.journey", required=True, index=True, ondelete="cascade"
    )
    stage_id = fields.Many2one(
        "cx.touchpoint.stage", required=True, ondelete="restrict"
    )
    stage_sequence = fields.Integer(related="stage_id.sequence", store=True)
    is_moment_of_truth = fields.Boolean(
        related="stage_id.is_moment_of_truth", store=True, string="Moment of truth"
    )
    channel = fields.Selection(related="stage_id.channel", store=True)
    date = fields.Datetime(string="Time", required=True, default=fields.Datetime.now)
    emotion = fields.Integer(
        default=0,
        aggregator="avg",
        help="-5 (furious) to +5 (delighted), 0 neutral.",
    )
    pain_point = fields.Char(help="What hurt the customer here, in their words.")
    has_pain_point = fields.Boolean(compute="_compute_has_pain_point", store=True)
    pain_point_count = fields.Integer(
        compute="_compute_has_pain_point", store=True, string="Pain points"
    )
    note = fields.Text()
    repair_stage_id = fields.Many2one(
        "cx.repair.stage",
        string="Repair stage",
        index="btree_not_null",
        ondelete="set null",
        help="The visit moved into this repair stage at this time.",
    )
    is_event = fields.Boolean(
        string="Recorded automatically",
        help="A moment the system recorded (a stage move, a message sent) with no "
        "emotion observed: shown on the journey, not counted in its peak-end.",
    )
    user_id = fields.Many2one(
        "res.users", string="Recorded by", default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
    )
    partner_id = fields.Many2one(
        related="journey_id.partner_id", store=True, string="Customer", index=True
    )
    vehicle_id = fields.Many2one(
        related="journey_id.vehicle_id", store=True, index="btree_not_null"
    )
    vehicle_model_id = fields.Many2one(
        related="journey_id.vehicle_id.model_id", store=True, string="Vehicle model"
    )
    service_id = fields.Many2one(
        related="journey_id.service_id", store=True, index="btree_not_null"
    )
    advisor_id = fields.Many2one(
        related="journey_id.advisor_id", store=True, string="Advisor"
    )

    _emotion_range = models.Constraint(
        "CHECK (emotion BETWEEN -5 AND 5)",
        "The emotion of a touchpoint must be between -5 and +5.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._cx_check_emotion_value(vals.get("emotion", 0))
        return super().create(vals_list)

    def write(self, vals):
        if "emotion" in vals:
            self._cx_check_emotion_value(vals["emotion"])
        return super().write(vals)

    def _cx_check_emotion_value(self, value):
        """Clear error before the SQL check refuses the row."""
        try:
            peak_end.check_emotion(int(value or 0))
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                self.env._(
                    "Emotion must be between -5 and +5 (got %(value)s).", value=value
                )
            ) from exc

    @api.depends("journey_id")
    def _compute_company_id(self):
        for touchpoint in self:
            touchpoint.company_id = (
                touchpoint.journey_id.company_id
                or touchpoint.company_id
                or self.env.company
            )

    @api.depends("pain_point")
    def _compute_has_pain_point(self):
        for touchpoint in self:
            touchpoint.has_pain_point = bool((touchpoint.pain_point or "").strip())
            touchpoint.pain_point_count = int(touchpoint.has_pain_point)

    @api.constrains("emotion")
    def _check_emotion(self):
        for touchpoint in self:
            try:
                peak_end.check_emotion(touchpoint.emotion)
            except ValueError as exc:
                raise ValidationError(
                    self.env._(
                        "Emotion must be between -5 and +5 (got %(value)s).",
                        value=touchpoint.emotion,
                    )
                ) from exc

    @api.constrains("date")
    def _check_date_not_future(self):
        now = fields.Datetime.now()
        for touchpoint in self:
            if in_future(touchpoint.date, now):
                raise ValidationError(
                    self.env._(
                        "Time: a touchpoint records what happened; %(date)s is in the "
                        "future.",
                        date=touchpoint.date,
                    )
                )

    @api.constrains("company_id", "journey_id")
    def _check_journey_company(self):
        for touchpoint in self:
            if touchpoint.company_id != touchpoint.journey_id.company_id:
                raise ValidationError(
                    self.env._(
                        "Company: the touchpoint must belong to the company of its "
                        "journey %(journey)s (%(company)s).",
                        journey=touchpoint.journey_id.display_name,
                        company=touchpoint.journey_id.company_id.name,
                    )
                )

    @api.depends("stage_id", "journey_id")
    def _compute_display_name(self):
        for touchpoint in self:
            touchpoint.display_name = " / ".join(
                n for n in (touchpoint.journey_id.name, touchpoint.stage_id.name) if n
            )
