from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.cx_experience.tools.visits import in_future

from ..tools import nps as nps_tools

ROOT_CAUSES = [
    ("waiting_time", "Waiting time"),
    ("price", "Price"),
    ("repair_quality", "Quality of repair"),
    ("communication", "Communication"),
    ("cleanliness", "Cleanliness"),
    ("other", "Other"),
]


# what a CX manager may write on a response (chatter and activities aside)
MANAGER_FIELDS = {"team_id"}


class CxNpsResponse(models.Model):
    """One answered NPS survey: score 0..10 and its promoter/passive/detractor class."""

    _name = "cx.nps.response"
    _description = "NPS response"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "partner_id"
    # advisors log notes and close their follow-up activities on responses they
    # cannot edit
    _mail_post_access = "read"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", index=True)
    model_id = fields.Many2one(
        related="vehicle_id.model_id", string="Vehicle model", store=True, index=True
    )
    service_id = fields.Many2one(
        "fleet.vehicle.log.services", string="Visit", index=True, check_company=True
    )
    journey_id = fields.Many2one("cx.journey", index=True, check_company=True)
    advisor_id = fields.Many2one("res.users", string="Service advisor", index=True)
    team_id = fields.Many2one(
        "cx.advisor.team",
        check_company=True,
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
    )
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
    counts_in_nps = fields.Boolean(
        string="Counts in NPS",
        default=True,
        readonly=True,
        index=True,
        help="A rating of the visit and its advisor. Answers that measure something "
        "else (a recovery's re-survey) are kept out of NPS figures, leaderboards and "
        "the monthly report.",
    )
    reason = fields.Text(string="Main reason")
    root_cause = fields.Selection(ROOT_CAUSES, string="Root cause", index=True)

    follow_up_user_id = fields.Many2one(
        "res.users", string="Follow-up by", index=True, readonly=True
    )
    follow_up_deadline = fields.Datetime(
        string="Follow-up deadline",
        readonly=True,
        help="The answer's time plus the follow-up SLA of its category (company "
        "settings), or the deadline of its recovery case's first call.",
    )
    follow_up_done_date = fields.Datetime(string="Followed up on", readonly=True)
    follow_up_overdue = fields.Boolean(
        string="Follow-up overdue",
        readonly=True,
        index=True,
        help="The follow-up was not done before its deadline.",
    )
    follow_up_escalated = fields.Boolean(
        string="Escalated",
        readonly=True,
        help="The overdue follow-up was escalated to the service manager.",
    )

    @api.constrains("date")
    def _check_date_not_future(self):
        now = fields.Datetime.now()
        for response in self:
            if in_future(response.date, now):
                raise ValidationError(
                    self.env._(
                        "Date: an NPS answer is recorded once given; %(date)s is in "
                        "the future.",
                        date=response.date,
                    )
                )

    _score_range = models.Constraint(
        "CHECK (score BETWEEN 0 AND 10)", "The NPS score must be between 0 and 10."
    )
    _user_input_unique = models.UniqueIndex(
        "(user_input_id) WHERE user_input_id IS NOT NULL",
        "A survey answer gives at most one NPS response.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        responses = super().create(vals_list)
        responses._cx_after_answer()
        return responses

    def _cx_after_answer(self):
        """What a new answer sets off: its follow-up (unless another flow already
        planned it) and its note on the visit's journey."""
        self.filtered(lambda r: not r.follow_up_deadline)._cx_plan_follow_up()
        self.filtered("journey_id")._cx_apply_to_journey()

    def write(self, vals):
        """What rates advisors (the customer's answer, its advisor, visit and date)
        and the follow-up SLA are written by the system only: a manager may move a
        response to another team or annotate it in the chatter, nothing else."""
        if not self.env.su and set(vals) - MANAGER_FIELDS:
            raise AccessError(
                self.env._(
                    "NPS response: %(fields)s cannot be changed; the score, its "
                    "advisor, visit and date are the customer's answer.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(set(vals) - MANAGER_FIELDS)
                        if name in self._fields
                    ),
                )
            )
        return super().write(vals)

    def _cx_apply_to_journey(self):
        """Report the score on the visit's journey: a note, and a follow-up touchpoint
        carrying the score's emotion when no follow-up touchpoint was recorded."""
        stage = self.env.ref(
            "cx_experience.cx_touchpoint_stage_follow_up", raise_if_not_found=False
        )
        labels = dict(self._fields["category"]._description_selection(self.env))
        touchpoints = []
        for response in self.sudo().filtered("journey_id"):
            journey = response.journey_id
            journey.message_post(
                body=self.env._(
                    "NPS answer: %(score)s (%(category)s)",
                    score=response.score,
                    category=labels.get(response.category, ""),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if stage and stage not in journey.touchpoint_ids.stage_id:
                touchpoints.append(
                    {
                        "journey_id": journey.id,
                        "stage_id": stage.id,
                        "date": response.date,
                        "emotion": nps_tools.emotion_from_score(response.score),
                        "note": self.env._(
                            "From the NPS answer (%(score)s/10).", score=response.score
                        ),
                        "company_id": journey.company_id.id,
                    }
                )
        if touchpoints:
            self.env["cx.touchpoint"].sudo().create(touchpoints)

    @api.depends("advisor_id", "company_id")
    def _compute_team_id(self):
        advisors = self.advisor_id
        teams = (
            self.env["cx.advisor.team"]
            .sudo()
            .search([("member_ids", "in", advisors.ids)])
        )
        for response in self:
            response.team_id = teams.filtered(
                lambda t, r=response: r.advisor_id in t.member_ids
                and t.company_id == r.company_id
            )[:1]

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

    # ------------------------------------------------------------------ follow-up
    def _cx_follow_up_plan(self):
        """(activity type xmlid, user, deadline, summary, note) of the follow-up SLA."""
        self.ensure_one()
        company = self.company_id
        hours = nps_tools.follow_up_delay(
            self.category, company._cx_nps_follow_up_hours()
        )
        deadline = self.date + timedelta(hours=hours)
        manager = company._cx_nps_service_manager()
        if self.category == nps_tools.DETRACTOR:
            return (
                "cx_experience_nps.mail_activity_type_cx_nps_detractor_call",
                manager,
                deadline,
                self.env._(
                    "Call within %(hours)s h (score %(score)s)",
                    hours=hours,
                    score=self.score,
                ),
                self.env._(
                    "Detractor: call the customer (a phone call, not an SMS), "
                    "apologise, understand the root cause and agree on a remedy."
                ),
            )
        if self.category == nps_tools.PASSIVE:
            return (
                "cx_experience_nps.mail_activity_type_cx_nps_follow_up",
                self.advisor_id or manager,
                deadline,
                self.env._(
                    "Follow up passive customer (score %(score)s)", score=self.score
                ),
                self.env._(
                    "Passive: ask what would have made the visit excellent and turn "
                    "the customer into a promoter."
                ),
            )
        return (
            "cx_experience_nps.mail_activity_type_cx_nps_referral",
            self.advisor_id or manager,
            deadline,
            self.env._(
                "Thank promoter and invite a referral (score %(score)s)",
                score=self.score,
            ),
            self.env._(
                "Promoter: thank the customer and send the referral invitation "
                '(email template "NPS: referral invitation").'
            ),
        )

    def _cx_plan_follow_up(self):
        """Set the follow-up deadline of the SLA and schedule its activity (not done)."""
        for response in self.sudo().filtered("category"):
            xmlid, user, deadline, summary, note = response._cx_follow_up_plan()
            vals = {"follow_up_user_id": user.id, "follow_up_deadline": deadline}
            if response.follow_up_done_date:
                vals["follow_up_overdue"] = response.follow_up_done_date > deadline
            response.write(vals)
            if not response.follow_up_done_date:
                response.activity_schedule(
                    xmlid,
                    date_deadline=fields.Date.to_date(deadline),
                    summary=summary,
                    note=note,
                    user_id=user.id,
                )

    def _cx_follow_up_activity_types(self):
        return self.env["mail.activity.type"].browse(
            [
                self.env.ref(xmlid).id
                for xmlid in (
                    "cx_experience_nps.mail_activity_type_cx_nps_detractor_call",
                    "cx_experience_nps.mail_activity_type_cx_nps_follow_up",
                    "cx_experience_nps.mail_activity_type_cx_nps_referral",
                    "cx_experience_nps.mail_activity_type_cx_nps_escalation",
                )
            ]
        )

    def _cx_follow_up_activities(self):
        """The open activities of the follow-up duty (call, thanks, escalation),
        wherever they live."""
        types = self._cx_follow_up_activity_types()
        return self.activity_ids.filtered(lambda a: a.activity_type_id in types)

    def _cx_mark_followed_up(self, when=None):
        """Record the follow-up as done (late ones stay counted as overdue)."""
        when = when or fields.Datetime.now()
        for response in self.sudo().filtered(lambda r: not r.follow_up_done_date):
            response.write(
                {
                    "follow_up_done_date": when,
                    "follow_up_overdue": bool(
                        response.follow_up_overdue
                        or (
                            response.follow_up_deadline
                            and when > response.follow_up_deadline
                        )
                    ),
                }
            )

    def action_cx_follow_up_done(self):
        """Button: the customer was followed up; closes the open follow-up activities."""
        self._cx_close_follow_up()
        return True

    def _cx_close_follow_up(self, when=None):
        """Record the follow-up as done at ``when`` and close its open activities
        (the call and any escalation)."""
        types = self._cx_follow_up_activity_types()
        activities = self.activity_ids.filtered(lambda a: a.activity_type_id in types)
        self._cx_mark_followed_up(when)
        if activities:
            activities.action_feedback(feedback=self.env._("Followed up"))

    @api.model
    def _cron_escalate_follow_ups(self, batch_size=500):
        """Escalate overdue follow-ups to the service manager, once (idempotent), one
        committed batch of ``batch_size`` per call (the cron runs again if more)."""
        now = fields.Datetime.now()
        domain = [
            ("follow_up_deadline", "<", now),
            ("follow_up_done_date", "=", False),
            ("follow_up_escalated", "=", False),
        ]
        overdue = self.sudo().search(
            domain, limit=batch_size, order="follow_up_deadline, id"
        )
        remaining = (
            self.sudo().search_count(domain) - len(overdue)
            if len(overdue) == batch_size
            else 0
        )
        overdue._cx_escalate()
        self.env["ir.cron"]._commit_progress(len(overdue), remaining=remaining)
        return overdue

    def _cx_escalate(self):
        """Flag these follow-ups overdue and give the service manager an activity."""
        overdue = self
        overdue.write({"follow_up_overdue": True, "follow_up_escalated": True})
        for response in overdue:
            manager = response.company_id._cx_nps_service_manager()
            response.activity_schedule(
                "cx_experience_nps.mail_activity_type_cx_nps_escalation",
                date_deadline=fields.Date.context_today(response),
                summary=self.env._(
                    "Overdue NPS follow-up of %(advisor)s",
                    advisor=response.follow_up_user_id.name or "",
                ),
                note=self.env._(
                    "The follow-up of this %(category)s was due on %(deadline)s and is "
                    "not done.",
                    category=dict(
                        response._fields["category"]._description_selection(self.env)
                    )[response.category],
                    deadline=fields.Datetime.to_string(response.follow_up_deadline),
                ),
                user_id=manager.id,
            )
        return overdue
