import logging
from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL, mute_logger
from odoo.tools.misc import format_amount, format_date, format_datetime

from ..batch import claim, run_isolated
from ..tools import visit_messages

_logger = logging.getLogger(__name__)

MOMENT_SELECTION = [
    ("booking", "Booking confirmation"),
    ("reminder", "Reminder the day before"),
    ("pre_arrival", "Technician on the way"),
    ("progress", "Repair progress"),
    ("report", "Service report"),
    ("thank_you", "Thank-you"),
]
TEMPLATES = {
    moment: f"cx_experience.mail_template_cx_visit_{moment}"
    for moment, _label in MOMENT_SELECTION
}
BATCH = 500


class CxVisitMessage(models.Model):
    """A message to the customer at one moment of their visit: queued when the
    moment happens, sent once by the cron through the customer's channel."""

    _name = "cx.visit.message"
    _description = "Visit message to the customer"
    _order = "id desc"

    service_id = fields.Many2one(
        "fleet.vehicle.log.services",
        string="Visit",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    moment = fields.Selection(MOMENT_SELECTION, required=True)
    repair_stage_id = fields.Many2one(
        "cx.repair.stage", string="Repair stage", ondelete="set null"
    )
    transactional = fields.Boolean(
        compute="_compute_transactional",
        store=True,
        help="A service message the customer asked for by booking: sent despite "
        "do-not-disturb and blacklists, not counted in the contact budget.",
    )
    send_after = fields.Datetime(required=True, default=fields.Datetime.now)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("skipped", "Not sent"),
            ("failed", "Failed"),
        ],
        required=True,
        default="queued",
        index=True,
    )
    channel_id = fields.Many2one("cx.channel", readonly=True)
    reason = fields.Char(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    mail_id = fields.Many2one("mail.mail", readonly=True, index="btree_not_null")

    # what the templates read: the customer's own visit, nothing staff-only
    dealer_name = fields.Char(compute="_compute_content")
    dealer_phone = fields.Char(compute="_compute_content")
    advisor_name = fields.Char(compute="_compute_content")
    advisor_phone = fields.Char(compute="_compute_content")
    vehicle_name = fields.Char(compute="_compute_content")
    visit_when = fields.Char(compute="_compute_content")
    expected = fields.Char(compute="_compute_content")
    page_url = fields.Char(compute="_compute_content")
    stage_name = fields.Char(compute="_compute_content")
    stage_text = fields.Char(compute="_compute_content")
    eta = fields.Char(compute="_compute_content")
    work_done = fields.Char(compute="_compute_content")
    total = fields.Char(compute="_compute_content")
    warranty = fields.Char(compute="_compute_content")
    next_service = fields.Char(compute="_compute_content")
    declined = fields.Char(compute="_compute_content")

    _moment_once = models.UniqueIndex(
        "(service_id, moment, COALESCE(repair_stage_id, 0))"
    )
    _queued_idx = models.Index("(send_after) WHERE state = 'queued'")

    @api.depends("moment")
    def _compute_transactional(self):
        for message in self:
            message.transactional = bool(message.moment) and (
                visit_messages.is_transactional(message.moment)
            )

    @api.depends_context("lang")
    @api.depends("service_id", "repair_stage_id")
    def _compute_content(self):
        for message in self:
            values = message.sudo()._cx_content()
            for name, value in values.items():
                message[name] = value

    def _cx_content(self):
        """The values the templates read, in the customer's language and time zone."""
        self.ensure_one()
        service = self.service_id
        env, tz = service._cx_customer_env()
        currency = service.currency_id
        expected = []
        if service.cx_expected_hours:
            expected.append(
                env._("about %(hours)s h", hours="%g" % service.cx_expected_hours)
            )
        if service.cx_estimated_amount:
            expected.append(format_amount(env, service.cx_estimated_amount, currency))
        next_service = []
        if service.cx_next_service_date:
            next_service.append(format_date(env, service.cx_next_service_date))
        if service.cx_next_service_odometer:
            next_service.append(
                "%s %s"
                % (service.cx_next_service_odometer, service.odometer_unit or "km")
            )
        declined = service.cx_finding_ids.filtered(lambda f: f.state == "declined")
        stage = self.repair_stage_id.with_env(env)
        return {
            **service._cx_customer_contacts(),
            "visit_when": (service.date and format_date(env, service.date)) or "",
            "expected": ", ".join(expected),
            "page_url": service.cx_portal_url or "",
            "stage_name": stage.name or "",
            "stage_text": stage.description or "",
            "eta": (
                service.cx_technician_eta
                and format_datetime(
                    env, service.cx_technician_eta, tz=tz, dt_format="short"
                )
            )
            or "",
            "work_done": service.description or service.service_type_id.name or "",
            "total": format_amount(env, service.amount or 0.0, currency),
            "warranty": service.cx_warranty or "",
            "next_service": " / ".join(next_service),
            "declined": ", ".join(declined.mapped("name")),
        }

    # ------------------------------------------------------------------ queue
    @api.model
    def _cx_queue(self, services, moment, stage=None, send_after=None):
        """Queue the message of ``moment`` for the visits of ``services`` that have a
        customer, once per visit (and stage): a moment already queued or sent is
        not queued again, even by a concurrent transaction."""
        services = services.sudo().filtered(
            lambda s: s.purchaser_id
            and (s.company_id or self.env.company).cx_visit_messages
        )
        if not services:
            return self.browse()
        stage_id = stage.id if stage else False
        existing = set(
            self.sudo()
            .search(
                [
                    ("service_id", "in", services.ids),
                    ("moment", "=", moment),
                    ("repair_stage_id", "=", stage_id),
                ]
            )
            .mapped("service_id")
            .ids
        )
        vals_list = [
            {
                "service_id": service.id,
                "partner_id": service.purchaser_id.id,
                "company_id": (service.company_id or self.env.company).id,
                "moment": moment,
                "repair_stage_id": stage_id,
                "send_after": send_after or fields.Datetime.now(),
            }
            for service in services
            if service.id not in existing
        ]
        Message = self.sudo()
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                messages = Message.create(vals_list)
        except psycopg2.errors.UniqueViolation:
            messages = Message.browse()
            for vals in vals_list:
                try:
                    with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                        messages |= Message.create(vals)
                except psycopg2.errors.UniqueViolation:
                    _logger.info("Visit message %s already queued.", vals)
        if messages:
            cron = self.env.ref(
                "cx_experience.ir_cron_cx_visit_messages", raise_if_not_found=False
            )
            if cron:
                cron.sudo()._trigger(min(messages.mapped("send_after")))
        return messages

    # ------------------------------------------------------------------ send
    @api.model
    def _cron_cx_send_visit_messages(self):
        """Queue the time-based moments (reminders, technician on the way), then
        send what is due in committed batches; rows are claimed with SKIP LOCKED
        so that two workers never send the same message."""
        Services = self.env["fleet.vehicle.log.services"]
        Services._cx_queue_reminders()
        Services._cx_queue_pre_arrival()
        self.env["ir.cron"]._commit_progress(0)
        deferred = set()
        while batch := self._cx_send_due(limit=BATCH, deferred=deferred):
            self.env["ir.cron"]._commit_progress(len(batch))

    @api.model
    def _cx_send_due(self, limit=None, deferred=None):
        """Send the queued messages that are due; returns those handled."""
        deferred = set() if deferred is None else deferred
        messages = self.sudo().search(
            [
                ("state", "=", "queued"),
                ("send_after", "<=", fields.Datetime.now()),
                ("id", "not in", list(deferred)),
            ],
            limit=limit,
            order="send_after, id",
        )
        if not messages:
            return messages
        messages = claim(messages, SQL("state = 'queued'"))
        # reminders and thank-yous wait for the end of the customer's quiet hours
        daytime = messages.filtered(
            lambda m: visit_messages.waits_for_daytime(m.moment)
        )
        quiet = daytime.partner_id._cx_quiet_until()
        waiting = daytime.filtered(lambda m: m.partner_id.id in quiet)
        deferred.update(waiting.ids)
        messages -= waiting
        courtesy = messages.filtered(lambda m: not m.transactional)
        _allowed, refused = courtesy.partner_id._cx_contact_allowed("follow_up")
        routes = {}
        for transactional in (True, False):
            group = messages.filtered(lambda m, t=transactional: m.transactional == t)
            if group:
                routes.update(
                    {
                        (transactional, pid): route
                        for pid, route in self.env["cx.channel"]
                        ._cx_route(group.partner_id, transactional=transactional)
                        .items()
                    }
                )
        skipped = defaultdict(lambda: self.browse())
        to_send = defaultdict(lambda: self.browse())
        for message in messages:
            channel, note = routes[(message.transactional, message.partner_id.id)]
            reason = (
                not message.transactional and refused.get(message.partner_id.id)
            ) or (not channel and note)
            if reason:
                skipped[reason] |= message
            else:
                to_send[(channel, message.moment)] |= message
        Log = self.env["cx.contact.log"]
        for reason, group in skipped.items():
            group.write({"state": "skipped", "reason": reason})
            Log._log(
                self.env["res.partner"].browse([m.partner_id.id for m in group]),
                "service",
                records=group,
                state="skipped",
                reasons={m.partner_id.id: reason for m in group},
            )
        now = fields.Datetime.now()
        for (channel, moment), group in to_send.items():
            done, failures = run_isolated(
                group,
                lambda batch, c=channel, mo=moment: batch._cx_send_on(c, mo),
                "Visit messages",
            )
            for message_text in set(failures.values()):
                group.browse(
                    [mid for mid, text in failures.items() if text == message_text]
                ).write({"state": "failed", "reason": message_text})
            if not done:
                continue
            done.write({"state": "sent", "sent_at": now, "channel_id": channel.id})
            Log._log(
                self.env["res.partner"].browse([m.partner_id.id for m in done]),
                "service",
                records=done,
                channel=channel,
                reasons={
                    m.partner_id.id: routes[(m.transactional, m.partner_id.id)][1]
                    for m in done
                },
            )
            done._cx_stamp_journeys(now)
        return messages | waiting

    def _cx_send_on(self, channel, moment):
        """Send these messages of one ``moment`` on ``channel`` (mail or SMS)."""
        if channel.sender == "mail":
            template = self.env.ref(TEMPLATES[moment]).sudo()
            mails = template._cx_send_to_customers(self.ids)
            by_res_id = {mail.res_id: mail for mail in mails}
            for message in self:
                message.mail_id = by_res_id.get(message.id)
        elif channel.sender == "sms":
            self._cx_send_sms()

    def _cx_send_sms(self):
        """The short version by SMS (the Odoo SMS app), in the customer's language."""
        vals_list = []
        for message in self.sudo():
            partner = message.partner_id
            lang_message = message.with_context(lang=partner.lang or "en_US")
            template = self.env.ref(TEMPLATES[message.moment]).sudo()
            subject = template._render_field("subject", message.ids, compute_lang=True)[
                message.id
            ]
            body = " ".join(p for p in (subject, lang_message.page_url) if p)
            vals_list.append(
                {
                    "body": body,
                    "partner_id": partner.id,
                    "number": partner.phone_sanitized or partner.phone,
                    "state": "outgoing",
                }
            )
        self.env["sms.sms"].sudo().create(vals_list)

    def _cx_stamp_journeys(self, now):
        """Each message sent stamps its moment of truth on the visit's journey."""
        for moment in set(self.mapped("moment")):
            stamp = visit_messages.stamp_of(moment)
            if not stamp:
                continue
            services = self.filtered(lambda m, mo=moment: m.moment == mo).service_id
            journeys = services.sudo().cx_journey_ids.filtered(
                lambda j, st=stamp: j.kind == "visit" and not j[st]
            )
            if journeys:
                journeys.write({stamp: now})
