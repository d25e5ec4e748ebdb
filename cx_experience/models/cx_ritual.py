import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from ..batch import claim, mark_failed, run_isolated
from ..tools import rituals as ritual_rules

_logger = logging.getLogger(__name__)

# Past milestones (first service, odometer crossing) older than this are history.
LOOKBACK_DAYS = 30

LOCK_KEY = "cx_experience.ritual_detection"
#: rituals greeted per committed batch of the daily run
GREETING_BATCH = 500


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

    name = fields.Char(compute="_compute_name", store=True, precompute=True)
    type_id = fields.Many2one(
        "cx.ritual.type",
        string="Ritual",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    trigger = fields.Selection(related="type_id.trigger", store=True, precompute=True)
    gift_note = fields.Char(
        related="type_id.gift_note", groups="cx_experience.group_cx_advisor"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle", index="btree_not_null", ondelete="cascade", check_company=True
    )
    family_member_id = fields.Many2one(
        "cx.family.member",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
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
    activity_id = fields.Many2one(
        "mail.activity", ondelete="set null", readonly=True, index="btree_not_null"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    note = fields.Text(
        groups="cx_experience.group_cx_advisor",
        help="How it went: what was said, given, felt.",
    )
    photo = fields.Image(max_width=1024, max_height=1024)
    done_date = fields.Date(readonly=True)
    contact_state = fields.Selection(
        [
            ("sent", "Greeting sent"),
            ("skipped", "Greeting skipped"),
            ("failed", "Greeting failed"),
        ],
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
        # greetings in committed batches; each batch claims its rituals with row
        # locks, so a second worker never greets the same customer twice
        deferred = set()
        while greeted := self._cx_send_due_greetings(
            limit=GREETING_BATCH, deferred=deferred
        ):
            self.env["ir.cron"]._commit_progress(len(greeted))

    @api.model
    def _cx_detect(self, today=None, vehicles=None, triggers=None):
        """Plan the rituals due within their lead time; returns the new ones.

        ``vehicles``/``triggers`` narrow the detection (on a new odometer reading or a
        done visit).
        """
        today = today or fields.Date.context_today(self)
        self.env.flush_all()  # candidates are selected in SQL
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

    def _cx_candidates_sql(self, ritual_type, query, occasion=None):
        """Candidates from ``query`` returning (partner, vehicle, member, due,
        company): one query, no record loaded. ``occasion`` defaults to the year."""
        default_company = self.env.company.id
        return [
            {
                "type_id": ritual_type.id,
                "partner_id": partner_id,
                "vehicle_id": vehicle_id or False,
                "family_member_id": member_id or False,
                "occasion": occasion or str(due.year),
                "due_date": due,
                "company_id": company_id or default_company,
            }
            for partner_id, vehicle_id, member_id, due, company_id in (
                self.env.execute_query(query)
            )
        ]

    @api.model
    def _cx_next_anniversary_sql(self, source, column, select, today, lead_days):
        """SELECT ``select``, due FROM ``source`` whose next anniversary of ``column``
        (``tools.rituals.next_anniversary_sql``) falls within the lead time."""
        return SQL(
            """
            SELECT %(select)s, nxt.due
              FROM %(source)s
             CROSS JOIN LATERAL (SELECT %(due)s AS due) nxt
             WHERE %(c)s IS NOT NULL AND nxt.due BETWEEN %(today)s AND %(horizon)s
            """,
            select=select,
            source=source,
            c=column,
            due=ritual_rules.next_anniversary_sql(column, today),
            today=today,
            horizon=ritual_rules.horizon(today, lead_days),
        )

    def _cx_candidates_birthday(self, ritual_type, today, vehicles=None):
        if vehicles is not None:
            return []
        query = self._cx_next_anniversary_sql(
            SQL("res_partner p"),
            SQL("p.cx_birthday"),
            SQL("p.id, NULL::int, NULL::int"),
            today,
            ritual_type.lead_days,
        )
        return self._cx_candidates_sql(
            ritual_type,
            SQL(
                "SELECT c.*, p.company_id FROM (%s) c(pid, vid, mid, due)"
                " JOIN res_partner p ON p.id = c.pid WHERE p.active",
                query,
            ),
        )

    def _cx_candidates_family_birthday(self, ritual_type, today, vehicles=None):
        if vehicles is not None:
            return []
        query = self._cx_next_anniversary_sql(
            SQL("cx_family_member m"),
            SQL("m.birthday"),
            SQL("m.partner_id, NULL::int, m.id"),
            today,
            ritual_type.lead_days,
        )
        return self._cx_candidates_sql(
            ritual_type,
            SQL(
                "SELECT c.*, m.company_id FROM (%s) c(pid, vid, mid, due)"
                " JOIN cx_family_member m ON m.id = c.mid",
                query,
            ),
        )

    def _cx_vehicle_filter(self, vehicles, alias="v"):
        """SQL filter of the vehicles in scope: active, with a driver (``vehicles``)."""
        where = SQL(
            "%(a)s.active AND %(a)s.driver_id IS NOT NULL", a=SQL.identifier(alias)
        )
        if vehicles is not None:
            where = SQL(
                "%s AND %s.id = ANY(%s)", where, SQL.identifier(alias), vehicles.ids
            )
        return where

    def _cx_candidates_purchase_anniversary(self, ritual_type, today, vehicles=None):
        query = self._cx_next_anniversary_sql(
            SQL("fleet_vehicle v"),
            SQL("v.acquisition_date"),
            SQL("v.driver_id, v.id, NULL::int"),
            today,
            ritual_type.lead_days,
        )
        return self._cx_candidates_sql(
            ritual_type,
            SQL(
                "SELECT c.*, COALESCE(v.company_id, p.company_id)"
                " FROM (%s) c(pid, vid, mid, due)"
                " JOIN fleet_vehicle v ON v.id = c.vid"
                " JOIN res_partner p ON p.id = c.pid WHERE %s",
                query,
                self._cx_vehicle_filter(vehicles),
            ),
        )

    def _cx_candidates_first_service(self, ritual_type, today, vehicles=None):
        since = today - timedelta(days=max(LOOKBACK_DAYS, ritual_type.lead_days))
        restrict = SQL("")
        if vehicles is not None:
            restrict = SQL("AND s.vehicle_id = ANY(%s)", vehicles.ids)
        self.env["fleet.vehicle.log.services"].flush_model(
            ["state", "date", "vehicle_id", "active"]
        )
        return self._cx_candidates_sql(
            ritual_type,
            SQL(
                """
                SELECT v.driver_id, v.id, NULL::int, f.first,
                       COALESCE(v.company_id, p.company_id)
                  FROM (SELECT s.vehicle_id, MIN(s.date) AS first
                          FROM fleet_vehicle_log_services s
                         WHERE s.state = 'done' AND s.active AND s.date <= %(today)s
                               %(restrict)s
                      GROUP BY s.vehicle_id) f
                  JOIN fleet_vehicle v ON v.id = f.vehicle_id
                  JOIN res_partner p ON p.id = v.driver_id
                 WHERE f.first >= %(since)s
                """,
                today=today,
                since=since,
                restrict=restrict,
            ),
            occasion="first",
        )

    def _cx_candidates_odometer(self, ritual_type, today, vehicles=None):
        """Crossing date of the threshold, or its projection from the last readings
        (``tools.rituals.odometer_due_sql``), in one query."""
        threshold = ritual_type.odometer_threshold
        self.env["fleet.vehicle.odometer"].flush_model(["vehicle_id", "date", "value"])
        readings = SQL(
            "SELECT o.vehicle_id, o.date, o.value FROM fleet_vehicle_odometer o"
            " JOIN fleet_vehicle v ON v.id = o.vehicle_id WHERE %s",
            self._cx_vehicle_filter(vehicles),
        )
        return self._cx_candidates_sql(
            ritual_type,
            SQL(
                """
                SELECT v.driver_id, v.id, NULL::int, due.due,
                       COALESCE(v.company_id, p.company_id)
                  FROM (%(due)s) due
                  JOIN fleet_vehicle v ON v.id = due.vehicle_id
                  JOIN res_partner p ON p.id = v.driver_id
                 WHERE due.due BETWEEN %(since)s AND %(horizon)s
                """,
                due=ritual_rules.odometer_due_sql(readings, threshold),
                since=today - timedelta(days=LOOKBACK_DAYS),
                horizon=ritual_rules.horizon(today, ritual_type.lead_days),
            ),
            occasion=str(threshold),
        )

    @api.model
    def _cx_plan(self, candidates):
        """Create the missing rituals of ``candidates`` (idempotent, under a lock) and
        re-plan the due date of planned odometer rituals."""
        # a company's own ritual type greets that company's customers only
        type_companies = {
            t.id: t.company_id.id
            for t in self.env["cx.ritual.type"]
            .sudo()
            .browse({c["type_id"] for c in candidates})
        }
        candidates = [
            c
            for c in candidates
            if type_companies[c["type_id"]] in (False, c["company_id"])
        ]
        if not candidates:
            return self.browse()
        # No blocking lock: a visit or odometer save never waits for the daily run.
        # The unique index is the guard, and rituals a concurrent planner committed
        # meanwhile are skipped by _cx_create_rituals.
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
        moved = defaultdict(lambda: Ritual.browse())
        for vals in candidates:
            k = key(vals)
            ritual = by_key.get(k)
            if ritual:
                if ritual.state == "planned" and ritual.due_date != vals["due_date"]:
                    moved[vals["due_date"]] |= ritual
                continue
            if k not in seen:
                seen.add(k)
                to_create.append(vals)
        # re-planned due dates: one write per new date, not per ritual
        for due_date, rituals in moved.items():
            rituals.write({"due_date": due_date})
            if rituals.activity_id:
                rituals.activity_id.write({"date_deadline": due_date})
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
        rituals = Ritual._cx_create_rituals(to_create)
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
        if activities:
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE cx_ritual r SET activity_id = v.activity_id"
                    " FROM (VALUES %s) AS v(id, activity_id) WHERE r.id = v.id",
                    SQL(", ").join(
                        SQL("(%s::int, %s::int)", ritual.id, activity.id)
                        for ritual, activity in zip(
                            with_activity, activities, strict=True
                        )
                    ),
                )
            )
            with_activity.invalidate_recordset(["activity_id"])
        return rituals

    @api.model
    def _cx_create_rituals(self, vals_list):
        """Create rituals set-wise; when a concurrent planner committed some of them
        after this transaction's snapshot, create the others one by one and skip
        those (no IntegrityError for the user whose save planned them)."""
        # No follower nor tracking message per ritual: the assignee gets the activity.
        Ritual = self.sudo().with_context(
            mail_auto_subscribe_no_notify=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            tracking_disable=True,
        )
        # the conflict is expected and handled: no "bad query" error in the log
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return Ritual.create(vals_list)
        except psycopg2.errors.UniqueViolation:
            _logger.info("Rituals planned concurrently: creating them one by one.")
        rituals = Ritual.browse()
        for vals in vals_list:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    rituals |= Ritual.create(vals)
            except psycopg2.errors.UniqueViolation:
                _logger.info("Ritual %s already planned by a concurrent run.", vals)
        return rituals

    # ------------------------------------------------------------------
    # Greetings (customer contacts)
    # ------------------------------------------------------------------
    @api.model
    def _cx_send_due_greetings(self, today=None, limit=None, deferred=None):
        """Send the greeting mail of the rituals due today (or in the last 3 days),
        respecting do-not-disturb and the contact budget; skipped ones are logged.

        At most ``limit`` rituals, claimed with row locks (``SKIP LOCKED``): a
        concurrent run leaves them to this one. Returns the rituals handled, each
        with its contact state set. Customers in their quiet hours are left for the
        next run: their rituals are added to ``deferred`` (ids this run skips).
        """
        deferred = set() if deferred is None else deferred
        today = today or fields.Date.context_today(self)
        rituals = self.sudo().search(
            [
                ("state", "=", "planned"),
                ("contact_state", "=", False),
                ("due_date", "<=", today),
                ("due_date", ">=", today - timedelta(days=3)),
                ("type_id.mail_template_id", "!=", False),
                ("id", "not in", list(deferred)),
            ],
            limit=limit,
            order="due_date, id",
        )
        if not rituals:
            return rituals
        rituals = claim(rituals, SQL("contact_state IS NULL"))
        quiet = rituals.partner_id._cx_quiet_until()
        waiting = rituals.filtered(lambda r: r.partner_id.id in quiet)
        deferred.update(waiting.ids)
        rituals -= waiting
        if not rituals:
            return waiting
        _allowed, refused = rituals.partner_id._cx_contact_allowed("ritual")
        # greetings are mail templates: the customer's email channel, blacklist honoured
        routes = self.env["cx.channel"]._cx_route(rituals.partner_id, senders=("mail",))
        Log = self.env["cx.contact.log"]
        skipped, reasons = rituals.browse(), {}
        sent_by_template = defaultdict(lambda: rituals.browse())
        for ritual in rituals:
            channel, note = routes[ritual.partner_id.id]
            reason = refused.get(ritual.partner_id.id) or (not channel and note)
            if reason:
                skipped |= ritual
                reasons[ritual.id] = reason
            else:
                sent_by_template[ritual.type_id.mail_template_id] |= ritual
        # skipped: one write per reason, one contact log batch
        by_reason = defaultdict(lambda: rituals.browse())
        for ritual in skipped:
            by_reason[reasons[ritual.id]] |= ritual
        for reason, group in by_reason.items():
            group.write({"contact_state": "skipped", "contact_reason": reason})
        if skipped:
            Log._log(
                skipped.partner_id.browse([r.partner_id.id for r in skipped]),
                "ritual",
                records=skipped,
                state="skipped",
                reasons={r.partner_id.id: reasons[r.id] for r in skipped},
            )
        # sent: one batch render per template; a greeting that cannot be rendered
        # (unknown language, broken template) fails alone, with its reason
        sent, failures = rituals.browse(), {}
        for template, group in sent_by_template.items():
            done, failed = run_isolated(
                group,
                lambda greeted, t=template: t._cx_send_to_customers(greeted.ids),
                "Ritual greetings",
            )
            sent |= done
            failures.update(failed)
        mark_failed(
            rituals,
            failures,
            lambda message: {"contact_state": "failed", "contact_reason": message},
            lambda message: self.env._(
                "Greeting not sent, an error stopped it: %(error)s", error=message
            ),
        )
        if sent:
            sent.write({"contact_state": "sent"})
            by_channel = defaultdict(lambda: rituals.browse())
            for ritual in sent:
                by_channel[routes[ritual.partner_id.id][0]] |= ritual
            for channel, group in by_channel.items():
                Log._log(
                    self.env["res.partner"].browse([r.partner_id.id for r in group]),
                    "ritual",
                    records=group,
                    channel=channel,
                    reasons={
                        r.partner_id.id: routes[r.partner_id.id][1] for r in group
                    },
                )
        return rituals
