import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import rituals as ritual_dates

_logger = logging.getLogger(__name__)

# Past milestones (first service, odometer crossing) older than this are history.
LOOKBACK_DAYS = 30

LOCK_KEY = "cx_experience.ritual_detection"


class CxRitual(models.Model):
    """One ritual occurrence: a customer's milestone on an occasion (e.g. birthday 2027).

    Unique per type / customer / vehicle / family member / occasion, so detection is
    idempotent.
    """

    _name = "cx.ritual"
    _description = "Ritual"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "due_date, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    type_id = fields.Many2one(
        "cx.ritual.type",
        string="Ritual",
        required=True,
        index=True,
        ondelete="restrict",
    )
    trigger = fields.Selection(related="type_id.trigger", store=True)
    gift_note = fields.Char(related="type_id.gift_note")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle", index="btree_not_null", ondelete="cascade"
    )
    family_member_id = fields.Many2one(
        "cx.family.member", index="btree_not_null", ondelete="cascade"
    )
    occasion = fields.Char(
        required=True, help="Which occurrence: a year for birthdays, 'first', '100000'."
    )
    due_date = fields.Date(required=True, index=True, tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("skipped", "Skipped")],
        required=True,
        default="planned",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Assigned to", index=True, tracking=True
    )
    activity_id = fields.Many2one("mail.activity", ondelete="set null", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    note = fields.Text(help="How it went: what was said, given, felt.")
    photo = fields.Image(max_width=1024, max_height=1024)
    done_date = fields.Date(readonly=True)
    contact_state = fields.Selection(
        [("sent", "Greeting sent"), ("skipped", "Greeting skipped")],
        readonly=True,
        copy=False,
    )
    contact_reason = fields.Char(readonly=True)

    _occurrence_unique = models.UniqueIndex(
        "(type_id, partner_id, COALESCE(vehicle_id, 0), COALESCE(family_member_id, 0),"
        " occasion)",
        "This ritual already exists for this customer and occasion.",
    )

    @api.depends("type_id", "partner_id", "occasion", "family_member_id")
    def _compute_name(self):
        for ritual in self:
            who = ritual.family_member_id.name or ritual.partner_id.name
            ritual.name = "%s — %s (%s)" % (
                ritual.type_id.name or "",
                who or "",
                ritual.occasion or "",
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        """Mark done (with the note/photo filled on the form); closes the activity."""
        for ritual in self:
            if ritual.state != "planned":
                raise UserError(
                    self.env._(
                        "Only a planned ritual can be marked done: %(name)s",
                        name=ritual.name,
                    )
                )
        self.write({"state": "done", "done_date": fields.Date.context_today(self)})
        for ritual in self.filtered("activity_id"):
            ritual.activity_id.action_feedback(feedback=ritual.note or False)

    def action_skip(self):
        self.write({"state": "skipped"})
        self.activity_id.unlink()

    def action_reset(self):
        self.write({"state": "planned", "done_date": False})

    # ------------------------------------------------------------------
    # Detection
    # ------------------------------------------------------------------
    @api.model
    def _cron_cx_detect_rituals(self):
        """Daily: plan rituals within their lead time, send the due greetings."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", LOCK_KEY)
        )
        if not self.env.cr.fetchone()[0]:
            _logger.info("Ritual detection already running, skipped.")
            return
        self._cx_detect()
        self.env["ir.cron"]._commit_progress(1)
        self._cx_send_due_greetings()

    @api.model
    def _cx_detect(self, today=None, vehicles=None, triggers=None):
        """Plan the rituals due within their lead time; returns the new ones.

        ``vehicles``/``triggers`` narrow the detection (on a new odometer reading or a
        done visit).
        """
        today = today or fields.Date.context_today(self)
        domain = [("company_id", "in", [False, *self.env.companies.ids])]
        if triggers:
            domain.append(("trigger", "in", triggers))
        types = self.env["cx.ritual.type"].sudo().search(domain)
        candidates = []
        for ritual_type in types:
            finder = getattr(self, "_cx_candidates_%s" % ritual_type.trigger)
            candidates += finder(ritual_type, today, vehicles)
        return self._cx_plan(candidates)

    def _cx_candidate(
        self, ritual_type, partner, occasion, due, vehicle=None, member=None
    ):
        company = (vehicle and vehicle.company_id) or partner.company_id
        return {
            "type_id": ritual_type.id,
            "partner_id": partner.id,
            "vehicle_id": vehicle.id if vehicle else False,
            "family_member_id": member.id if member else False,
            "occasion": occasion,
            "due_date": due,
            "company_id": (company or self.env.company).id,
        }

    def _cx_candidates_birthday(self, ritual_type, today, vehicles=None):
        if vehicles is not None:
            return []
        partners = (
            self.env["res.partner"]
            .sudo()
            .search_fetch([("cx_birthday", "!=", False)], ["cx_birthday", "company_id"])
        )
        result = []
        for partner in partners:
            due = ritual_dates.next_anniversary(partner.cx_birthday, today)
            if ritual_dates.due_within(due, today, ritual_type.lead_days):
                result.append(
                    self._cx_candidate(ritual_type, partner, str(due.year), due)
                )
        return result

    def _cx_candidates_family_birthday(self, ritual_type, today, vehicles=None):
        if vehicles is not None:
            return []
        members = (
            self.env["cx.family.member"]
            .sudo()
            .search_fetch([("birthday", "!=", False)], ["birthday", "partner_id"])
        )
        result = []
        for member in members:
            due = ritual_dates.next_anniversary(member.birthday, today)
            if ritual_dates.due_within(due, today, ritual_type.lead_days):
                result.append(
                    self._cx_candidate(
                        ritual_type,
                        member.partner_id,
                        str(due.year),
                        due,
                        member=member,
                    )
                )
        return result

    def _cx_vehicle_domain(self, vehicles):
        domain = [("driver_id", "!=", False)]
        if vehicles is not None:
            domain.append(("id", "in", vehicles.ids))
        return domain

    def _cx_candidates_purchase_anniversary(self, ritual_type, today, vehicles=None):
        fleet = (
            self.env["fleet.vehicle"]
            .sudo()
            .search_fetch(
                self._cx_vehicle_domain(vehicles) + [("acquisition_date", "!=", False)],
                ["acquisition_date", "driver_id", "company_id"],
            )
        )
        result = []
        for vehicle in fleet:
            due = ritual_dates.next_anniversary(vehicle.acquisition_date, today)
            if ritual_dates.due_within(due, today, ritual_type.lead_days):
                result.append(
                    self._cx_candidate(
                        ritual_type,
                        vehicle.driver_id,
                        str(due.year),
                        due,
                        vehicle=vehicle,
                    )
                )
        return result

    def _cx_candidates_first_service(self, ritual_type, today, vehicles=None):
        domain = [("state", "=", "done"), ("date", "<=", today)]
        if vehicles is not None:
            domain.append(("vehicle_id", "in", vehicles.ids))
        groups = (
            self.env["fleet.vehicle.log.services"]
            .sudo()
            ._read_group(domain, ["vehicle_id"], ["date:min"])
        )
        since = today - timedelta(days=max(LOOKBACK_DAYS, ritual_type.lead_days))
        result = []
        for vehicle, first in groups:
            if first and first >= since and vehicle.driver_id:
                result.append(
                    self._cx_candidate(
                        ritual_type, vehicle.driver_id, "first", first, vehicle=vehicle
                    )
                )
        return result

    def _cx_candidates_odometer(self, ritual_type, today, vehicles=None):
        fleet = (
            self.env["fleet.vehicle"]
            .sudo()
            .search_fetch(
                self._cx_vehicle_domain(vehicles), ["driver_id", "company_id"]
            )
        )
        if not fleet:
            return []
        readings = defaultdict(list)
        for reading in (
            self.env["fleet.vehicle.odometer"]
            .sudo()
            .search_fetch(
                [("vehicle_id", "in", fleet.ids), ("date", "!=", False)],
                ["vehicle_id", "date", "value"],
            )
        ):
            readings[reading.vehicle_id.id].append((reading.date, reading.value))
        threshold = ritual_type.odometer_threshold
        horizon = today + timedelta(days=ritual_type.lead_days)
        since = today - timedelta(days=LOOKBACK_DAYS)
        result = []
        for vehicle in fleet:
            due = ritual_dates.projected_date(readings.get(vehicle.id, []), threshold)
            if due and since <= due <= horizon:
                result.append(
                    self._cx_candidate(
                        ritual_type,
                        vehicle.driver_id,
                        str(threshold),
                        due,
                        vehicle=vehicle,
                    )
                )
        return result

    @api.model
    def _cx_plan(self, candidates):
        """Create the missing rituals of ``candidates`` (idempotent, under a lock) and
        re-plan the due date of planned odometer rituals."""
        if not candidates:
            return self.browse()
        # Serialise planners: a concurrent run waits, then sees the committed rituals;
        # the unique index is the last guard.
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", LOCK_KEY))
        Ritual = self.sudo()
        existing = Ritual.with_context(active_test=False).search_fetch(
            [
                ("type_id", "in", list({c["type_id"] for c in candidates})),
                ("partner_id", "in", list({c["partner_id"] for c in candidates})),
            ],
            [
                "type_id",
                "partner_id",
                "vehicle_id",
                "family_member_id",
                "occasion",
                "due_date",
                "state",
                "activity_id",
            ],
        )

        def key(vals):
            return (
                vals["type_id"],
                vals["partner_id"],
                vals["vehicle_id"] or 0,
                vals["family_member_id"] or 0,
                vals["occasion"],
            )

        by_key = {
            (
                r.type_id.id,
                r.partner_id.id,
                r.vehicle_id.id or 0,
                r.family_member_id.id or 0,
                r.occasion,
            ): r
            for r in existing
        }
        to_create, seen = [], set()
        for vals in candidates:
            k = key(vals)
            ritual = by_key.get(k)
            if ritual:
                if ritual.state == "planned" and ritual.due_date != vals["due_date"]:
                    ritual.due_date = vals["due_date"]
                    if ritual.activity_id:
                        ritual.activity_id.date_deadline = vals["due_date"]
                continue
            if k not in seen:
                seen.add(k)
                to_create.append(vals)
        if not to_create:
            return self.browse()
        advisors = self.env["res.partner"]._cx_advisor_map(
            list({vals["partner_id"] for vals in to_create})
        )
        types = (
            self.env["cx.ritual.type"].sudo().browse({v["type_id"] for v in to_create})
        )
        types_by_id = {t.id: t for t in types}
        for vals in to_create:
            ritual_type = types_by_id[vals["type_id"]]
            user = (
                ritual_type.responsible == "manager" and ritual_type.manager_user_id.id
            ) or advisors.get(vals["partner_id"])
            vals["user_id"] = user or False
        rituals = Ritual.with_context(
            mail_auto_subscribe_no_notify=True, mail_create_nolog=True
        ).create(to_create)
        activity_vals = []
        with_activity = rituals.filtered(
            lambda r: r.user_id and r.type_id.activity_type_id
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        for ritual in with_activity:
            activity_vals.append(
                {
                    "res_model_id": model_id,
                    "res_id": ritual.id,
                    "activity_type_id": ritual.type_id.activity_type_id.id,
                    "user_id": ritual.user_id.id,
                    "date_deadline": ritual.due_date,
                    "summary": ritual.name,
                    "note": ritual.type_id.gift_note or False,
                }
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(activity_vals)
        )
        for ritual, activity in zip(with_activity, activities, strict=True):
            ritual.activity_id = activity
        return rituals

    # ------------------------------------------------------------------
    # Greetings (customer contacts)
    # ------------------------------------------------------------------
    @api.model
    def _cx_send_due_greetings(self, today=None):
        """Send the greeting mail of the rituals due today (or in the last 3 days),
        respecting do-not-disturb and the contact budget; skipped ones are logged."""
        today = today or fields.Date.context_today(self)
        rituals = self.sudo().search(
            [
                ("state", "=", "planned"),
                ("contact_state", "=", False),
                ("due_date", "<=", today),
                ("due_date", ">=", today - timedelta(days=3)),
                ("type_id.mail_template_id", "!=", False),
            ]
        )
        if not rituals:
            return rituals
        _allowed, refused = rituals.partner_id._cx_contact_allowed("ritual")
        no_email = self.env._("No email address")
        Log = self.env["cx.contact.log"]
        sent = rituals.browse()
        for ritual in rituals:
            reason = refused.get(ritual.partner_id.id)
            if not reason and not ritual.partner_id.email:
                reason = no_email
            if reason:
                ritual.write({"contact_state": "skipped", "contact_reason": reason})
                Log._log(
                    ritual.partner_id,
                    "ritual",
                    records=[ritual],
                    channel="email",
                    state="skipped",
                    reasons={ritual.partner_id.id: reason},
                )
                continue
            ritual.type_id.mail_template_id.send_mail(ritual.id)
            sent |= ritual
        if sent:
            sent.write({"contact_state": "sent"})
            Log._log(
                self.env["res.partner"].browse([r.partner_id.id for r in sent]),
                "ritual",
                records=sent,
                channel="email",
            )
        return rituals
