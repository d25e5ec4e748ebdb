from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_amount, format_date, format_datetime

from ..tools import mot_sla, visit_link, visit_messages
from ..tools.visits import BOOKING_HORIZON_DAYS, too_far_ahead

# Fields of a done visit that move its customer's tier figures (advisor included).
TIER_FIELDS = {
    "state",
    "date",
    "amount",
    "purchaser_id",
    "vehicle_id",
    "active",
    "advisor_id",
}


class FleetVehicleLogServices(models.Model):
    """The visit: its CX lifecycle, briefing, checklists and journey."""

    _inherit = "fleet.vehicle.log.services"

    purchaser_id = fields.Many2one(index="btree_not_null")

    advisor_id = fields.Many2one(
        "res.users",
        string="Service advisor",
        compute="_compute_advisor_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Advisor in charge of this visit; defaults to the vehicle's manager.",
    )
    cx_journey_ids = fields.One2many(
        "cx.journey",
        "service_id",
        string="Journeys",
        groups="cx_experience.group_cx_advisor",
    )
    cx_touchpoint_ids = fields.One2many(
        "cx.touchpoint",
        "service_id",
        string="Touchpoints",
        readonly=True,
        groups="cx_experience.group_cx_advisor",
    )
    cx_checklist_ids = fields.One2many(
        "cx.checklist",
        "service_id",
        string="Checklists",
        groups="cx_experience.group_cx_advisor",
    )
    cx_checklist_todo = fields.Boolean(
        string="Delivery checklist incomplete",
        compute="_compute_cx_checklist_todo",
        groups="cx_experience.group_cx_advisor",
    )
    cx_fault_repair = fields.Boolean(
        string="Fault repair",
        tracking=True,
        help="This visit repairs a fault (not a scheduled maintenance): the first one "
        "of a vehicle is a churn-risk node.",
    )
    cx_briefing_html = fields.Html(
        string="Pre-visit briefing",
        compute="_compute_cx_briefing_html",
        sanitize=False,
        groups="cx_experience.group_cx_advisor",
    )

    cx_repair_stage_id = fields.Many2one(
        "cx.repair.stage",
        string="Repair progress",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        tracking=True,
        group_expand="_read_group_cx_repair_stage_ids",
        help="Where the car is in the workshop: the customer's progress bar.",
    )
    cx_repair_progress = fields.Integer(
        related="cx_repair_stage_id.progress", string="Progress (%)"
    )
    cx_repair_stage_at = fields.Datetime(
        string="In this stage since", copy=False, readonly=True
    )

    # The customer's page (/cx/visit/<token>): no login, a long random token
    cx_access_token = fields.Char(
        string="Customer's link token",
        copy=False,
        index="btree_not_null",
        groups="cx_experience.group_cx_advisor",
    )
    cx_portal_url = fields.Char(
        string="Customer's page",
        compute="_compute_cx_portal_url",
        groups="cx_experience.group_cx_advisor",
        help="Private link of the customer to follow this visit, without login. It "
        "stops working after the company's setting (days after delivery) or when an "
        "advisor withdraws it.",
    )
    cx_delivered_at = fields.Datetime(string="Delivered", copy=False, readonly=True)
    cx_link_expires_at = fields.Datetime(
        string="Customer's page open until",
        compute="_compute_cx_portal_url",
        groups="cx_experience.group_cx_advisor",
    )
    cx_shared_attachment_ids = fields.Many2many(
        "ir.attachment",
        "cx_visit_shared_attachment_rel",
        "service_id",
        "attachment_id",
        string="Shared with the customer",
        copy=False,
        help="Photos, videos and documents of the diagnosis the customer sees on the "
        "visit page. Nothing else attached to the visit is shown.",
    )

    # what the customer is told at booking and in the service report
    cx_expected_hours = fields.Float(
        string="Expected duration (h)", help="Told in the booking confirmation."
    )
    cx_estimated_amount = fields.Monetary(
        string="Estimated cost", help="Told in the booking confirmation."
    )
    cx_warranty = fields.Char(
        string="Warranty on the work", help="e.g. 12 months or 20,000 km"
    )
    cx_next_service_date = fields.Date(string="Next service date")
    cx_next_service_odometer = fields.Integer(string="Next service at (odometer)")
    cx_mobile_service = fields.Boolean(
        string="Mobile service",
        help="A technician goes to the customer: they are told before arrival.",
    )
    cx_technician_eta = fields.Datetime(string="Technician's arrival (ETA)")
    # urgent visits (seed 000, 紧急通道): a broken-down car taken in within 2 h
    cx_urgent = fields.Boolean(
        string="Urgent",
        tracking=True,
        help="A broken-down car: it must be received within 2 hours of the request; "
        "it comes first on the workshop board and the service manager is warned "
        "when the reception is at risk.",
    )
    cx_urgent_deadline = fields.Datetime(
        string="Receive by", copy=False, readonly=True, index="btree_not_null"
    )
    cx_received_at = fields.Datetime(string="Car received", copy=False, readonly=True)
    cx_urgent_breach = fields.Boolean(
        string="Urgent reception late", copy=False, readonly=True
    )
    cx_urgent_warned = fields.Boolean(
        string="Service manager warned", copy=False, readonly=True
    )
    cx_message_ids = fields.One2many(
        "cx.visit.message",
        "service_id",
        string="Messages to the customer",
        groups="cx_experience.group_cx_advisor",
    )
    cx_finding_ids = fields.One2many(
        "cx.visit.finding",
        "service_id",
        string="Findings for the customer",
        groups="cx_experience.group_cx_advisor",
    )

    _cx_done_date_idx = models.Index("(date) WHERE state = 'done'")

    @api.depends("vehicle_id")
    def _compute_advisor_id(self):
        for service in self:
            if not service.advisor_id:
                service.advisor_id = service.vehicle_id.manager_id

    @api.depends("cx_checklist_ids.is_complete", "cx_checklist_ids.required_for_done")
    def _compute_cx_checklist_todo(self):
        for service in self:
            service.cx_checklist_todo = any(
                c.required_for_done and not c.is_complete
                for c in service.cx_checklist_ids
            )

    @api.depends("cx_access_token", "cx_delivered_at", "date", "state", "company_id")
    def _compute_cx_portal_url(self):
        for service in self:
            token = service.cx_access_token
            service.cx_portal_url = (
                token and f"{service.get_base_url()}/cx/visit/{token}"
            )
            service.cx_link_expires_at = token and service._cx_link_expiry()

    def _cx_link_delivery(self):
        """The delivery that starts the expiry of the customer's page and the days it
        stays open: ``(delivered_at or None, days)``. A visit recorded as done
        without a delivery time (an import) counts from its visit date."""
        self.ensure_one()
        days = (self.company_id or self.env.company).cx_visit_link_days
        if self.state != "done":
            return None, days
        delivered = self.cx_delivered_at or (
            self.date and fields.Datetime.to_datetime(self.date)
        )
        return delivered, days

    def _cx_link_expiry(self):
        """When the customer's page of this visit stops working (None: open)."""
        return visit_link.expires_at(*self._cx_link_delivery())

    @api.model
    def _read_group_cx_repair_stage_ids(self, stages, domain):
        """The workshop board shows every active stage, even empty ones."""
        return stages.search([])

    @api.constrains("date")
    def _check_cx_date_horizon(self):
        today = fields.Date.context_today(self)
        for service in self:
            if too_far_ahead(service.date, today):
                raise ValidationError(
                    self.env._(
                        "Date: %(date)s is more than %(days)s days ahead; book the "
                        "visit %(visit)s at a real date.",
                        date=service.date,
                        days=BOOKING_HORIZON_DAYS,
                        visit=service.display_name,
                    )
                )

    def _compute_cx_briefing_html(self):
        for service in self:
            service.cx_briefing_html = service._cx_render_briefing()

    # ------------------------------------------------------------------ briefing
    def _cx_briefing_sections(self):
        """Sections of the briefing of this visit (customer hook, staff only)."""
        self.ensure_one()
        self.env["res.partner"]._cx_check_briefing_access()
        if not self.purchaser_id:
            return []
        return self.purchaser_id._cx_briefing_sorted_sections(service=self)

    def _cx_render_briefing(self):
        self.ensure_one()
        if not self.id:
            return False
        return self.env["ir.qweb"]._render(
            "cx_experience.cx_briefing_card",
            {"service": self, "sections": self._cx_briefing_sections()},
        )

    def _cx_schedule_briefing(self):
        """One "Pre-visit briefing" activity per visit, for its advisor, before the visit.

        Idempotent: visits that already have one (open or done) are skipped.
        """
        activity_type = self.env.ref("cx_experience.mail_activity_type_cx_briefing")
        services = self.filtered(
            lambda s: s.advisor_id and s.purchaser_id and s.state in ("new", "running")
        )
        if not services:
            return self.env["mail.activity"]
        Activity = self.env["mail.activity"].sudo().with_context(active_test=False)
        already = set(
            Activity.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", services.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ).mapped("res_id")
        )
        # a briefing already marked done leaves a message of its activity type
        already |= set(
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", services.ids),
                    ("mail_activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        today = fields.Date.context_today(self)
        activities = self.env["mail.activity"]
        for service in services.filtered(lambda s: s.id not in already):
            deadline = today
            if service.date and service.date > today:
                deadline = max(today, service.date - timedelta(days=1))
            activities |= service.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._(
                    "Pre-visit briefing: %(customer)s",
                    customer=service.purchaser_id.name,
                ),
                note=Markup('<p>%s <a href="%s" target="_blank">%s</a></p>')
                % (
                    self.env._(
                        "Read the briefing card of this visit (CX briefing tab) before "
                        "meeting the customer, or"
                    ),
                    "/report/pdf/cx_experience.report_cx_briefing/%s" % service.id,
                    self.env._("print it"),
                ),
                user_id=service.advisor_id.id,
                date_deadline=deadline,
            )
        return activities

    def _cx_ensure_journey(self):
        """The visit journey of each service (created if missing)."""
        Journey = self.env["cx.journey"]
        missing = self.filtered(lambda s: s.purchaser_id and not s.cx_journey_ids)
        if missing:
            Journey.create(
                [
                    {
                        "partner_id": service.purchaser_id.id,
                        # a shared customer's car registered at another dealer of
                        # the group: the journey stays with the visit's dealer
                        "vehicle_id": service.vehicle_id.id
                        if service.vehicle_id.company_id
                        in (service.company_id, self.env["res.company"])
                        else False,
                        "service_id": service.id,
                        "advisor_id": (service.advisor_id or self.env.user).id,
                        "company_id": (service.company_id or self.env.company).id,
                        "kind": "visit",
                    }
                    for service in missing
                ]
            )
        return self.cx_journey_ids

    # ------------------------------------------------------------------ lifecycle
    # One entry point: create() and write() call _cx_enter_state() whatever the path
    # (statusbar, RPC, import); each addon extends the transitions with super().
    # The survey is the exception by design: an automated action (NPS addon).

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("cx_urgent") and not vals.get("cx_urgent_deadline"):
                vals["cx_urgent_deadline"] = mot_sla.urgent_deadline(now)
        services = super().create(vals_list)
        services.filtered(lambda s: s.state == "done")._cx_check_created_done()
        for state in {s.state for s in services}:
            services.filtered(lambda s, st=state: s.state == st)._cx_enter_state(state)
        services.filtered("cx_fault_repair")._cx_flag_first_failure()
        self.env["res.partner"]._cx_mark_tier_dirty(services._cx_tier_customers())
        return services

    def write(self, vals):
        stage = vals.get("cx_repair_stage_id")
        staging = self.browse()
        if "cx_repair_stage_id" in vals:
            staging = self.filtered(lambda s: s.cx_repair_stage_id.id != stage)
            if stage:
                vals = dict(vals, cx_repair_stage_at=fields.Datetime.now())
        if vals.get("cx_urgent"):
            flagged = self.filtered(lambda s: not s.cx_urgent_deadline)
            if flagged:
                flagged.write(
                    {
                        "cx_urgent_deadline": mot_sla.urgent_deadline(
                            fields.Datetime.now()
                        )
                    }
                )
        state = vals.get("state")
        moving = self.filtered(lambda s: s.state != state) if state else self.browse()
        if state == "done":
            moving._cx_before_done()
        tier_watch = bool(TIER_FIELDS & set(vals))
        tier_before = self._cx_tier_customers() if tier_watch else set()
        res = super().write(vals)
        if state:
            # a repeated Start re-plans idempotently (journey, briefing, checklists)
            (self if state == "running" else moving)._cx_enter_state(state)
            if state == "done":
                moving._cx_on_delivered()
        if vals.get("cx_fault_repair"):
            self._cx_flag_first_failure()
        if stage and staging:
            staging._cx_on_repair_stage()
        if tier_watch:
            self.env["res.partner"]._cx_mark_tier_dirty(
                tier_before | self._cx_tier_customers()
            )
        return res

    def unlink(self):
        self.env["res.partner"]._cx_mark_tier_dirty(self._cx_tier_customers())
        return super().unlink()

    def _cx_enter_state(self, state):
        """Dispatch the visits of ``self`` that just entered ``state``."""
        if not self:
            return
        if state == "new":
            today = fields.Date.context_today(self)
            self.filtered(lambda s: s.date and s.date > today)._cx_on_booked()
            booked = self.filtered(lambda s: s.date and s.date >= today)
            if booked:
                booked._cx_ensure_link()
                booked.sudo()._cx_ensure_journey()
                booked._cx_stamp_booking_request()
                self.env["cx.visit.message"]._cx_queue(booked, "booking")
        elif state == "running":
            self._cx_on_started()
        elif state == "done":
            self._cx_on_done()
        elif state == "cancelled":
            self._cx_on_cancelled()

    def _cx_on_booked(self):
        """A visit booked for a future date: its journey and the advisor's briefing.

        Journeys are created as superuser so that fleet users without a CX group can
        still plan visits.
        """
        if self:
            self.sudo()._cx_ensure_journey()
            self._cx_schedule_briefing()
            self._cx_ensure_link()

    def _cx_on_started(self):
        """The car is in: journey and briefing if not booked before, and the
        checklists (created as superuser, as the journey)."""
        self._cx_on_booked()
        self.env["cx.checklist"].sudo()._cx_create_for_services(
            self.sudo().filtered(lambda s: s.state == "running")
        )
        received = (
            self.env["cx.repair.stage"]
            .sudo()
            .search([("is_received", "=", True)], limit=1)
        )
        waiting = self.filtered(
            lambda s: s.state == "running" and not s.cx_repair_stage_id
        )
        if received and waiting:
            waiting.write({"cx_repair_stage_id": received.id})

    def _cx_before_done(self):
        """Every path to Done meets the delivery checklist, even a visit clicked
        straight from New; server code (superuser) only meets the checklists that
        exist."""
        if not self.env.su:
            self.env["cx.checklist"].sudo()._cx_create_for_services(self.sudo())
        self._cx_check_delivery_gate()

    def _cx_on_done(self):
        """The visit is over: its journey closes and first-service rituals are
        detected."""
        journeys = self.sudo().cx_journey_ids.filtered(
            lambda j: j.state == "open" and j.kind == "visit"
        )
        if journeys:
            journeys.action_done()
        # visits followed through the workshop end on the delivered stage
        tracked = self.filtered(
            lambda s: s.cx_repair_stage_id and not s.cx_repair_stage_id.is_delivered
        )
        delivered = (
            self.env["cx.repair.stage"]
            .sudo()
            .search([("is_delivered", "=", True)], limit=1)
        )
        if tracked and delivered:
            tracked.write({"cx_repair_stage_id": delivered.id})
        self.env["cx.ritual"]._cx_detect(
            vehicles=self.vehicle_id, triggers=["first_service"]
        )

    def _cx_tier_customers(self):
        """Customers (purchaser, else driver) of the done visits of ``self``."""
        return {
            service.purchaser_id.id or service.vehicle_id.driver_id.id
            for service in self.sudo()
            if service.state == "done"
        }

    def _cx_check_created_done(self):
        """Only a CX manager records visits that are already done (go-live import).

        Anybody else creates the visit open and closes it through the delivery
        checklist. Server code running as superuser is trusted.
        """
        if not self or self.env.su:
            return
        if self.env.user.has_group("cx_experience.group_cx_manager"):
            return
        companies = self.company_id | self.env.company
        gating = (
            self.env["cx.checklist.template"]
            .sudo()
            .search_count(
                [
                    ("auto_create", "=", True),
                    ("required_for_done", "=", True),
                    ("company_id", "in", companies.ids + [False]),
                ]
            )
        )
        if gating:
            raise UserError(
                self.env._(
                    "Stage: only a CX manager can record visits that are already done "
                    "(%(visits)s); create the visit open and complete its delivery "
                    "checklist to close it.",
                    visits=", ".join(self.mapped("display_name")),
                )
            )

    def _cx_check_delivery_gate(self):
        """Refuse to close visits whose delivery checklist is incomplete.

        A CX manager may override with ``cx_checklist_override`` in the context; the
        override is logged in the visit's chatter.
        """
        blocked = self.sudo().filtered(
            lambda s: any(
                c.required_for_done and not c.is_complete for c in s.cx_checklist_ids
            )
        )
        if not blocked:
            return
        if self.env.context.get("cx_checklist_override") and self.env.user.has_group(
            "cx_experience.group_cx_manager"
        ):
            for service in blocked:
                todo = service.cx_checklist_ids.filtered(
                    lambda c: c.required_for_done and not c.is_complete
                )
                service.message_post(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Visit closed by %(user)s although the checklist %(checklists)s "
                        "was incomplete (%(count)s items to do): manager override.",
                        user=self.env.user.name,
                        checklists=", ".join(todo.mapped("name")),
                        count=sum(todo.mapped("todo_count")),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            return
        raise UserError(
            self.env._(
                "Stage: complete the delivery checklist before setting these visits to "
                "done: %(visits)s. A service manager can override.",
                visits=", ".join(blocked.mapped("display_name")),
            )
        )

    def _cx_on_cancelled(self):
        """A cancelled visit leaves no work behind: its journey closes as cancelled and
        its pending CX activities (briefing, checklist follow-ups) are removed, noted in
        the chatter."""
        services = self.sudo()
        journeys = services.cx_journey_ids.filtered(
            lambda j: j.state == "open" and j.kind == "visit"
        )
        if journeys:
            journeys.action_cancel()
        briefing = self.env.ref("cx_experience.mail_activity_type_cx_briefing")
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", briefing.id),
                ]
            )
        )
        activities |= services.cx_checklist_ids.item_ids.activity_id
        for service in services:
            pending = activities.filtered(
                lambda a, s=service: a.res_model == s._name and a.res_id == s.id
            )
            if not pending and not service.cx_journey_ids:
                continue
            service.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Visit cancelled: its journey is closed as cancelled and %(count)s "
                    "pending CX activities are removed (%(names)s).",
                    count=len(pending),
                    names=", ".join(pending.mapped("summary")) or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
        activities.unlink()

    def _cx_on_repair_stage(self):
        """The visits of ``self`` just moved to their repair stage: a touchpoint on
        the journey (stage, time, who) and the visit's state follows the car (in the
        workshop: running; delivered: done, through the delivery checklist)."""
        now = fields.Datetime.now()
        received = self.sudo().filtered(
            lambda s: s.cx_repair_stage_id.is_received and not s.cx_received_at
        )
        for service in received:
            service.write(
                {
                    "cx_received_at": now,
                    "cx_urgent_breach": mot_sla.urgent_breach(
                        service.cx_urgent_deadline, now, now
                    ),
                }
            )
        journeys = self.sudo()._cx_ensure_journey()
        by_service = {j.service_id.id: j for j in journeys if j.kind == "visit"}
        self.env["cx.touchpoint"].sudo().create(
            [
                {
                    "journey_id": by_service[service.id].id,
                    "stage_id": service.cx_repair_stage_id.touchpoint_stage_id.id,
                    "repair_stage_id": service.cx_repair_stage_id.id,
                    "is_event": True,
                    "date": now,
                    "user_id": self.env.user.id,
                    "note": self.env._(
                        "Repair progress: %(stage)s",
                        stage=service.cx_repair_stage_id.name,
                    ),
                }
                for service in self
                if service.id in by_service
            ]
        )
        for stage in self.cx_repair_stage_id.filtered(
            lambda st: st.notify_customer and not st.is_delivered
        ):
            self.env["cx.visit.message"]._cx_queue(
                self.filtered(lambda s, st=stage: s.cx_repair_stage_id == st),
                "progress",
                stage=stage,
            )
        to_done = self.filtered(
            lambda s: s.cx_repair_stage_id.is_delivered
            and s.state not in ("done", "cancelled")
        )
        if to_done:
            to_done.write({"state": "done"})
        to_start = self.filtered(
            lambda s: not s.cx_repair_stage_id.is_delivered and s.state == "new"
        )
        if to_start:
            to_start.write({"state": "running"})

    def action_cx_next_repair_stage(self):
        """One click: move each visit to the next repair stage.

        Technicians are fleet users who may not edit visits: the click checks who
        they are and that they can see the visit, then moves the stage only; the
        touchpoint records them.
        """
        self.check_access("read")
        if not self.env.user.has_group("fleet.fleet_group_user"):
            raise UserError(
                self.env._("Repair progress: only workshop staff move a visit on.")
            )
        stages = self.env["cx.repair.stage"].search([])
        for service in self.sudo():
            current = service.cx_repair_stage_id
            following = (
                stages.filtered(
                    lambda st, c=current: (st.sequence, st.id) > (c.sequence, c.id)
                )[:1]
                if current
                else stages[:1]
            )
            if not following or service.state == "cancelled":
                raise UserError(
                    self.env._(
                        "Repair progress: %(visit)s cannot move on from %(stage)s.",
                        visit=service.display_name,
                        stage=current.name or service.state,
                    )
                )
            service.cx_repair_stage_id = following
        return True

    # ------------------------------------------------------------------ messages
    def _cx_stamp_booking_request(self):
        """The booking was requested when the visit was recorded: the start of the
        confirmation's 5-minute SLA."""
        journeys = self.sudo().cx_journey_ids.filtered(
            lambda j: j.kind == "visit" and not j.booking_requested_at
        )
        if journeys:
            journeys.write({"booking_requested_at": fields.Datetime.now()})

    def _cx_on_delivered(self):
        """The car was just handed back (a visit set to done, not one recorded as
        done by an import): the service report now, the thank-you within the hour,
        and the advisor's personal call within 24 hours (a person, not a robot:
        seed 000, 人工回访)."""
        recent = self.sudo().filtered(lambda s: s.state == "done")
        if not recent:
            return
        recent.filtered(lambda s: not s.cx_delivered_at).write(
            {"cx_delivered_at": fields.Datetime.now()}
        )
        recent._cx_ensure_link()
        Message = self.env["cx.visit.message"]
        Message._cx_queue(recent, "report")
        Message._cx_queue(
            recent,
            "thank_you",
            send_after=fields.Datetime.now()
            + timedelta(minutes=visit_messages.THANK_YOU_AFTER_MINUTES),
        )
        call = self.env.ref("cx_experience.mail_activity_type_cx_personal_call")
        deadline = fields.Date.context_today(self) + timedelta(
            hours=visit_messages.PERSONAL_CALL_HOURS
        )
        for service in recent.sudo().filtered(
            lambda s: s.purchaser_id and s.advisor_id
        ):
            service.activity_schedule(
                activity_type_id=call.id,
                summary=self.env._(
                    "Personal call: how is the car, %(customer)s?",
                    customer=service.purchaser_id.name,
                ),
                note=self.env._(
                    "Call the customer yourself within 24 hours of delivery: is the "
                    "car all right, any question about the work? Leave your direct "
                    "number."
                ),
                user_id=service.advisor_id.id,
                date_deadline=deadline,
            )

    @api.model
    def _cron_cx_urgent_visits(self):
        """Urgent visits not received yet: warn the service manager once when the
        reception is at risk, flag the breach once the 2 hours are over."""
        now = fields.Datetime.now()
        services = self.sudo().search(
            [
                ("cx_urgent", "=", True),
                ("cx_received_at", "=", False),
                ("state", "in", ("new", "running")),
                (
                    "cx_urgent_deadline",
                    "<=",
                    now + timedelta(minutes=mot_sla.URGENT_WARNING_MINUTES),
                ),
            ]
        )
        late = services.filtered(
            lambda s: not s.cx_urgent_breach
            and mot_sla.urgent_breach(s.cx_urgent_deadline, False, now)
        )
        if late:
            late.write({"cx_urgent_breach": True})
        at_risk = services.filtered(
            lambda s: not s.cx_urgent_warned
            and mot_sla.urgent_at_risk(s.cx_urgent_deadline, False, now)
        )
        for service in at_risk:
            company = service.company_id or self.env.company
            service.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "Urgent visit at risk: %(vehicle)s", vehicle=service.vehicle_id.name
                ),
                note=self.env._(
                    "This broken-down car must be received by %(deadline)s (2 hours "
                    "after the request) and is not in the workshop yet.",
                    deadline=format_datetime(
                        self.env, service.cx_urgent_deadline, dt_format="short"
                    ),
                ),
                user_id=company._cx_service_manager().id,
                date_deadline=fields.Date.context_today(self),
            )
        if at_risk:
            at_risk.write({"cx_urgent_warned": True})
        return at_risk

    @api.model
    def _cx_queue_reminders(self):
        """Queue the day-before reminder of the visits booked for tomorrow."""
        tomorrow = visit_messages.reminder_date(fields.Date.context_today(self))
        services = self.sudo().search(
            [
                ("state", "=", "new"),
                ("date", "=", tomorrow),
                ("purchaser_id", "!=", False),
            ]
        )
        return self.env["cx.visit.message"]._cx_queue(services, "reminder")

    @api.model
    def _cx_queue_pre_arrival(self):
        """Queue "technician on the way" for the mobile visits whose technician
        arrives within the company's notice."""
        now = fields.Datetime.now()
        longest = max(
            self.env["res.company"].sudo().search([]).mapped("cx_pre_arrival_minutes")
            or [visit_messages.PRE_ARRIVAL_MINUTES]
        )
        services = self.sudo().search(
            [
                ("cx_mobile_service", "=", True),
                ("state", "in", ("new", "running")),
                ("cx_technician_eta", ">=", now),
                ("cx_technician_eta", "<=", now + timedelta(minutes=longest)),
                ("purchaser_id", "!=", False),
            ]
        )
        due = services.filtered(
            lambda s: visit_messages.pre_arrival_due(
                s.cx_technician_eta,
                now,
                (s.company_id or self.env.company).cx_pre_arrival_minutes,
            )
        )
        return self.env["cx.visit.message"]._cx_queue(due, "pre_arrival")

    # ------------------------------------------------------------------ customer page
    def _cx_ensure_link(self):
        """Give the visits of ``self`` that have a customer their private link."""
        for service in self.sudo().filtered(
            lambda s: s.purchaser_id and not s.cx_access_token
        ):
            service.cx_access_token = visit_link.new_token()

    def action_cx_new_link(self):
        """Advisor: a new link for the customer; any former link stops working."""
        for service in self:
            if not service.purchaser_id:
                raise UserError(
                    self.env._(
                        "Driver: set the customer of %(visit)s before sharing its "
                        "page.",
                        visit=service.display_name,
                    )
                )
            had = bool(service.cx_access_token)
            service.cx_access_token = visit_link.new_token()
            if had:
                service._cx_note_link(self.env._("the former link stops working"))
        return True

    def action_cx_revoke_link(self):
        """Advisor: withdraw the customer's link at once (logged in the chatter)."""
        for service in self.filtered("cx_access_token"):
            service.cx_access_token = False
            service._cx_note_link(self.env._("the customer's page is withdrawn"))
        return True

    def _cx_note_link(self, what):
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Customer's link changed by %(user)s: %(what)s.",
                user=self.env.user.name,
                what=what,
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _cx_from_token(self, token):
        """The visit of ``token`` and why its page is refused, if it is:
        ``(visit, None)``, ``(visit, "expired")`` or ``(empty, "unknown")``.

        Superuser: the caller is the public page, who only knows the token.
        """
        Visits = self.sudo().with_context(active_test=False)
        if not token or len(token) < 32:
            return Visits.browse(), "unknown"
        service = Visits.search([("cx_access_token", "=", token)], limit=1)
        if not service or not service.active or service.state == "cancelled":
            return Visits.browse(), "unknown"
        if visit_link.is_expired(*service._cx_link_delivery(), fields.Datetime.now()):
            return service, "expired"
        return service, None

    def _cx_customer_env(self):
        """``(env, tz)``: the environment in the customer's language and time zone
        (else the dealer's), for what the customer reads (page and messages)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        customer = self.sudo().purchaser_id
        tz = customer.tz or company.partner_id.tz or "UTC"
        return self.env(context=dict(self.env.context, lang=customer.lang, tz=tz)), tz

    def _cx_customer_contacts(self):
        """The names and numbers every customer-facing text carries: dealer, the
        advisor's direct line (else the dealer's), the car."""
        self.ensure_one()
        service = self.sudo()
        company = service.company_id or self.env.company
        vehicle = service.vehicle_id
        return {
            "dealer_name": company.name,
            "dealer_phone": company.phone or "",
            "advisor_name": service.advisor_id.name or "",
            "advisor_phone": service.advisor_id.partner_id.phone or company.phone or "",
            "vehicle_name": " ".join(
                p for p in (vehicle.model_id.name, vehicle.license_plate) if p
            ),
        }

    def _cx_visit_page_values(self):
        """What the customer's page shows, and nothing else: the template reads only
        these values (no record), so no staff-only field can reach the page."""
        self.ensure_one()
        service = self.sudo()
        company = service.company_id or self.env.company
        customer = service.purchaser_id
        advisor = service.advisor_id
        env, tz = self._cx_customer_env()
        contacts = self._cx_customer_contacts()

        def when(value, fmt="short"):
            return value and format_datetime(env, value, tz=tz, dt_format=fmt)

        urgency_labels = dict(
            env["cx.visit.finding"]._fields["urgency"]._description_selection(env)
        )
        reached = {}
        for touchpoint in service.cx_touchpoint_ids.sorted("date"):
            if touchpoint.repair_stage_id:
                reached[touchpoint.repair_stage_id.id] = touchpoint.date
        current = service.cx_repair_stage_id
        stages = [
            {
                "name": stage.with_env(env).name,
                "description": stage.with_env(env).description or "",
                "progress": stage.progress,
                "at": when(reached.get(stage.id)),
                "done": bool(current)
                and (stage.sequence, stage.id) <= (current.sequence, current.id),
                "current": stage == current,
            }
            for stage in env["cx.repair.stage"].sudo().search([])
        ]
        attachments = [
            {
                "id": att.id,
                "name": att.name,
                "is_image": (att.mimetype or "").startswith("image/"),
                "is_video": (att.mimetype or "").startswith("video/"),
            }
            for att in service.cx_shared_attachment_ids.sorted("id")
        ]
        findings_ = [
            {
                "id": finding.id,
                "name": finding.name,
                "description": finding.description or "",
                "price": format_amount(env, finding.price, service.currency_id),
                "urgency": finding.urgency,
                "urgency_label": urgency_labels[finding.urgency],
                "state": finding.state,
                "decided_at": when(finding.decided_at),
                "has_photo": bool(finding.photo),
            }
            for finding in service.cx_finding_ids
        ]
        done = service.state == "done"
        return {
            "findings": findings_,
            "token": service.cx_access_token,
            "lang": customer.lang or "en_US",
            "dealer": {
                "id": company.id,
                "name": contacts["dealer_name"],
                "phone": contacts["dealer_phone"],
                "email": company.email or "",
            },
            "advisor": {
                "name": contacts["advisor_name"],
                "phone": contacts["advisor_phone"],
                "email": advisor.partner_id.email or "",
            },
            "customer_name": customer.name or "",
            "vehicle": contacts["vehicle_name"],
            "service_type": service.service_type_id.with_env(env).name or "",
            "booked_for": service.date and format_date(env, service.date),
            "state": service.state,
            "progress": current.progress if current else 0,
            "stage": current.with_env(env).name if current else "",
            "stages": stages,
            "attachments": attachments,
            "report": done
            and {
                "delivered_at": when(service.cx_delivered_at),
                "work": service.description or service.service_type_id.name or "",
                "odometer": service.odometer
                and "%s %s" % (int(service.odometer), service.odometer_unit or ""),
                "total": format_amount(env, service.amount or 0.0, service.currency_id),
                "declined": [f for f in findings_ if f["state"] == "declined"],
            },
        }

    def _cx_flag_first_failure(self):
        """The first fault repair of a vehicle is a churn-risk node: flag and follow up."""
        vehicles = self.sudo().vehicle_id.filtered(
            lambda v: not v.cx_churn_first_failure
        )
        if vehicles:
            vehicles.write({"cx_churn_first_failure": True})
            vehicles._cx_churn_activity(
                self.env._("Churn risk: first failure"),
                self.env._(
                    "The car had its first fault: call the customer, reassure them and "
                    "check the repair holds."
                ),
            )

    # ------------------------------------------------------------------ actions
    def action_cx_override_done(self):
        """Manager: close the visit despite an incomplete delivery checklist (logged)."""
        return self.with_context(cx_checklist_override=True).write({"state": "done"})

    def action_cx_start_checklists(self):
        self.env["cx.checklist"]._cx_create_for_services(self)
        return True

    def action_cx_journey(self):
        """Open (create if needed) the journey of this visit to record touchpoints."""
        self.ensure_one()
        journey = self._cx_ensure_journey()[:1]
        if not journey:
            raise UserError(self.env._("Driver: set the customer of this visit first."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "cx.journey",
            "res_id": journey.id,
            "view_mode": "form",
            "target": "current",
        }
