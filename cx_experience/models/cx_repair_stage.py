from odoo import fields, models


class CxRepairStage(models.Model):
    """A step of the work on the car, shown to the customer as a progress bar
    (seed 000: 诊断中 20% → 更换电池 60% → 质检中 90%)."""

    _name = "cx.repair.stage"
    _description = "Repair progress stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    progress = fields.Integer(
        string="Progress (%)",
        required=True,
        default=0,
        help="How far the visit is when it reaches this stage: the customer's "
        "progress bar.",
    )
    touchpoint_stage_id = fields.Many2one(
        "cx.touchpoint.stage",
        string="Journey stage",
        required=True,
        ondelete="restrict",
        help="Stage of the journey at which each move into this stage is recorded.",
    )
    notify_customer = fields.Boolean(
        string="Tell the customer",
        help="Send the customer a progress message when a visit reaches this stage "
        "(at most once per visit and stage).",
    )
    is_received = fields.Boolean(
        string="Car received",
        help="The car is in the workshop: the reception of an urgent visit.",
    )
    is_delivered = fields.Boolean(
        string="Delivered",
        help="The car is back with the customer: the visit is done.",
    )
    fold = fields.Boolean(string="Folded in the workshop board")
    description = fields.Char(
        translate=True, help="What the customer reads under the progress bar."
    )
    active = fields.Boolean(default=True)

    _progress_range = models.Constraint(
        "CHECK (progress BETWEEN 0 AND 100)",
        "Progress (%): a repair stage's progress must be between 0 and 100.",
    )
