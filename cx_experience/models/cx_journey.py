from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..actions import related_action
from ..tools import mot_sla, peak_end
from ..tools.visits import in_future

MOMENT_STAMPS = (
    "booking_requested_at",
    "booking_confirmed_at",
    "pre_arrival_notice_at",
    "arrival_at",
    "delivery_report_sent_at",
)


class CxJourney(models.Model):
    """The touchpoints of one visit (or of a lifecycle episode) of a customer."""

    _name = "cx.journey"
    _description = "Customer journey"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", index=True, check_company=True)
    service_id = fields.Many2one(
        "fleet.vehicle.log.services",
        string="Visit",
        index=True,
        ondelete="set null",
        check_company=True,
    )
    advisor_id = fields.Many2one(
        "res.users",
        string="Service advisor",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(
        [("visit", "Visit"), ("lifecycle", "Lifecycle episode")],
        required=True,
        default="visit",
    )
    date_start = fields.Datetime(
        string="Start", default=fields.Datetime.now, required=True
    )
    state = fields.Selection(
        [("open", "In progress"), ("done", "Done"), ("cancel", "Cancelled")],
        required=True,
        default="open",
        tracking=True,
    )

    vehicle_model_id = fields.Many2one(
        related="vehicle_id.model_id", store=True, string="Vehicle model"
    )
    touchpoint_ids = fields.One2many(
        "cx.touchpoint", "journey_id", string="Touchpoints"
    )
    touchpoint_count = fields.Integer(compute="_compute_analysis", store=True)
    # Peak-end analysis (stored, recomputed when a touchpoint changes)
    emotion_peak = fields.Integer(
        string="Peak", compute="_compute_analysis", store=True, aggregator="avg"
    )
    emotion_trough = fields.Integer(
        string="Trough", compute="_compute_analysis", store=True, aggregator="avg"
    )
    emotion_end = fields.Integer(
        string="End", compute="_compute_analysis", store=True, aggregator="avg"
    )
    peak_end_score = fields.Float(
        string="Peak-end score",
        compute="_compute_analysis",
        store=True,
        aggregator="avg",
        digits=(3, 1),
        help="(peak + end) / 2 over the touchpoints of the visit itself: what the "
        "customer will remember of it. The peak is the most intense moment, good or "
        "bad; the end is the visit's last touchpoint.",
    )
    emotion_after_visit = fields.Integer(
        string="After the visit",
        compute="_compute_analysis",
        store=True,
        aggregator="avg",
        help="Emotion of the last touchpoint after the visit (follow-up call, survey "
        "answer), shown beside the peak-end score and not counted in it.",
    )
    pain_point_count = fields.Integer(
        string="Pain points", compute="_compute_analysis", store=True
    )
    negative_moment_of_truth = fields.Boolean(
        string="Negative moment of truth",
        compute="_compute_analysis",
        store=True,
        help="A touchpoint at a moment of truth (booking confirmation, first 30 "
        "seconds, delivery) had a negative emotion.",
    )
    # Moments-of-truth SLAs (seed 001)
    booking_requested_at = fields.Datetime(string="Booking requested")
    booking_confirmed_at = fields.Datetime(string="Booking confirmed")
    pre_arrival_notice_at = fields.Datetime(string="Pre-arrival notice sent")
    arrival_at = fields.Datetime(string="Arrival")
    delivery_report_sent_at = fields.Datetime(string="Delivery report sent")
    sla_booking_breach = fields.Boolean(
        string="Booking not confirmed in 5 min",
        compute="_compute_sla",
        store=True,
    )
    sla_pre_arrival_breach = fields.Boolean(
        string="Pre-arrival notice under 15 min",
        compute="_compute_sla",
        store=True,
    )
    sla_delivery_report_breach = fields.Boolean(
        string="No delivery report",
        compute="_compute_sla",
        store=True,
    )
    sla_breach_count = fields.Integer(
        string="SLA breaches", compute="_compute_sla", store=True
    )

    @api.depends(
        "touchpoint_ids.emotion",
        "touchpoint_ids.date",
        "touchpoint_ids.stage_id",
        "touchpoint_ids.stage_sequence",
        "touchpoint_ids.pain_point",
        "touchpoint_ids.is_moment_of_truth",
        "touchpoint_ids.stage_id.after_visit",
        "touchpoint_ids.is_event",
    )
    def _compute_analysis(self):
        for journey in self:
            touchpoints = journey.touchpoint_ids.filtered(
                lambda t: not t.is_event
            ).sorted(
                lambda t: (t.stage_sequence, t.date or fields.Datetime.now(), t.id or 0)
            )
            after = touchpoints.filtered(lambda t: t.stage_id.after_visit)
            result = peak_end.analyse([t.emotion for t in touchpoints - after])
            journey.emotion_after_visit = after[-1:].emotion
            journey.touchpoint_count = len(journey.touchpoint_ids)
            journey.emotion_peak = result["peak"]
            journey.emotion_trough = result["trough"]
            journey.emotion_end = result["end"]
            journey.peak_end_score = result["score"]
            journey.pain_point_count = sum(touchpoints.mapped("pain_point_count"))
            journey.negative_moment_of_truth = any(
                t.is_moment_of_truth and t.emotion < 0 for t in touchpoints
            )

    @api.constrains(*MOMENT_STAMPS)
    def _check_moment_stamps(self):
        """Stamps record what happened: never in the future, a booking confirmed
        after it was requested."""
        now = fields.Datetime.now()
        for journey in self:
            for name in MOMENT_STAMPS:
                if in_future(journey[name], now):
                    raise ValidationError(
                        self.env._(
                            "%(field)s: %(date)s is in the future; stamp a moment "
                            "once it has happened.",
                            field=self._fields[name].get_description(self.env)[
                                "string"
                            ],
                            date=journey[name],
                        )
                    )
            requested, confirmed = (
                journey.booking_requested_at,
                journey.booking_confirmed_at,
            )
            if requested and confirmed and confirmed < requested:
                raise ValidationError(
                    self.env._(
                        "Booking confirmed: %(confirmed)s is before the booking was "
                        "requested (%(requested)s).",
                        confirmed=confirmed,
                        requested=requested,
                    )
                )

    @api.depends(*MOMENT_STAMPS, "state")
    def _compute_sla(self):
        for journey in self:
            done = journey.state == "done"
            journey.sla_booking_breach = mot_sla.booking_breach(
                journey.booking_requested_at,
                journey.booking_confirmed_at,
                now=journey.booking_requested_at and done and fields.Datetime.now(),
            )
            journey.sla_pre_arrival_breach = mot_sla.pre_arrival_breach(
                journey.pre_arrival_notice_at, journey.arrival_at
            )
            journey.sla_delivery_report_breach = mot_sla.delivery_report_breach(
                done, journey.delivery_report_sent_at
            )
            journey.sla_breach_count = sum(
                (
                    journey.sla_booking_breach,
                    journey.sla_pre_arrival_breach,
                    journey.sla_delivery_report_breach,
                )
            )

    @api.depends("partner_id", "vehicle_id", "date_start")
    def _compute_name(self):
        for journey in self:
            parts = [
                journey.partner_id.name,
                journey.vehicle_id.license_plate,
                journey.date_start and fields.Date.to_string(journey.date_start),
            ]
            journey.name = " / ".join(p for p in parts if p) or self.env._(
                "New journey"
            )

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancel"})

    def action_reopen(self):
        self.write({"state": "open"})

    def action_cx_stamp(self):
        """Stamp a moment-of-truth timestamp now (``cx_stamp`` in the context)."""
        field = self.env.context.get("cx_stamp")
        if field not in (
            "booking_requested_at",
            "booking_confirmed_at",
            "pre_arrival_notice_at",
            "arrival_at",
            "delivery_report_sent_at",
        ):
            return False
        self.write({field: fields.Datetime.now()})
        return True

    def action_emotion_curve(self):
        """The emotion curve of this journey: its touchpoints as a line graph."""
        action = related_action(
            self, "cx_experience.cx_touchpoint_action_curve", "journey_id"
        )
        action["display_name"] = self.env._(
            "Emotion curve: %(journey)s", journey=self.name
        )
        return action
