from odoo import fields, models


class CxTouchpointStage(models.Model):
    """An ordered stage of the service journey (booking ... follow-up call)."""

    _name = "cx.touchpoint.stage"
    _description = "Touchpoint stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    channel = fields.Selection(
        [("online", "Online"), ("offline", "Offline"), ("people", "People")],
        required=True,
        default="people",
        help="Online: app, SMS, WeChat; offline: the premises and the car; people: "
        "a conversation with staff.",
    )
    is_moment_of_truth = fields.Boolean(
        string="Moment of truth",
        help="A negative emotion here weighs on the whole journey (booking "
        "confirmation, the first 30 seconds at reception, delivery).",
    )
    after_visit = fields.Boolean(
        string="After the visit",
        help="Touchpoints at this stage (the follow-up call, the survey's answer) come "
        "after the visit: shown beside the journey's peak-end, not counted in it.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
