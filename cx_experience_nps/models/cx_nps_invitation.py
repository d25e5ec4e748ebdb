from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Command, Domain

from odoo.addons.cx_experience.batch import mark_failed, run_isolated

from ..tools import nps as nps_tools

SENT_STATES = ("sent", "opened", "answered", "bounced", "expired")


class CxNpsInvitation(models.Model):
    """One survey invitation of a customer after a visit, from scheduling to answer.

    Scheduled by the automated action when a visit is done, sent by a cron in batches
    after the fatigue rules; a refused invitation stays here as *skipped* with its
    reason, never silently dropped.
    """

    _name = "cx.nps.invitation"
    _description = "NPS survey invitation"
    _inherit = ["mail.thread"]
    _order = "date_scheduled desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Customer", index=True)
    vehicle_id = fields.Many2one("fleet.vehicle", index="btree_not_null")
    service_id = fields.Many2one(
        "fleet.vehicle.log.services",
        string="Visit",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
    )
    advisor_id = fields.Many2one("res.users", string="Service advisor", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(
        [("nps", "NPS survey"), ("satisfaction", "7-day satisfaction survey")],
        required=True,
        default="nps",
    )
    survey_id = fields.Many2one("survey.survey", index=True)
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey answer",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )
    response_id = fields.Many2one(
        "cx.nps.response", compute="_compute_response_id", string="NPS response"
    )
    mail_id = fields.Many2one(
        "mail.mail", string="Email", index="btree_not_null", ondelete="set null"
    )
    channel_id = fields.Many2one("cx.channel", readonly=True, ondelete="restrict")
    state = fields.Selection(
        [
            ("scheduled", "Scheduled"),
            ("sent", "Sent"),
            ("opened", "Opened"),
            ("answered", "Answered"),
            ("bounced", "Bounced"),
            ("expired", "Expired"),
            ("skipped", "Skipped"),
            ("failed", "Failed"),
        ],
        required=True,
        default="scheduled",
        index=True,
        tracking=True,
    )
    skip_reason = fields.Char(string="Skipped because", readonly=True)
    date_scheduled = fields.Datetime(
        string="Scheduled for", required=True, default=fields.Datetime.now, index=True
    )
    date_sent = fields.Datetime(string="Sent on", readonly=True, index=True)
    date_reminded = fields.Datetime(string="Reminded on", readonly=True)
    date_opened = fields.Datetime(string="Opened on", readonly=True)
    date_answered = fields.Datetime(string="Answered on", readonly=True)
    date_bounced = fields.Datetime(string="Bounced on", readonly=True)
    date_expired = fields.Datetime(string="Expired on", readonly=True)
    date_skipped = fields.Datetime(string="Skipped on", readonly=True)
    survey_url = fields.Char(
        compute="_compute_survey_url",
        string="Survey link",
        groups="base.group_system",
        help="The customer's personal link: only the mails and SMS to the customer "
        "carry it (staff never see a live token).",
    )

    _service_kind_unique = models.UniqueIndex(
        "(service_id, kind) WHERE service_id IS NOT NULL",
        "A visit gets at most one invitation per survey kind.",
    )
    _user_input_unique = models.UniqueIndex(
        "(user_input_id) WHERE user_input_id IS NOT NULL",
        "A survey answer belongs to one invitation.",
    )

    def _compute_response_id(self):
        for invitation in self:
            invitation.response_id = (
                invitation.user_input_id.sudo().cx_nps_response_ids[:1]
            )

    @api.depends("user_input_id.access_token")
    def _compute_survey_url(self):
        for invitation in self:
            answer = invitation.user_input_id.sudo()
            invitation.survey_url = (
                f"{invitation.get_base_url()}{answer.get_start_url()}"
                if answer
                else False
            )

    # ------------------------------------------------------------------ scheduling
    @api.model
    def _cx_schedule_for_services(self, services):
        """Schedule the invitations of finished visits (idempotent per visit and kind)."""
        services = services.sudo().filtered(lambda s: s.state == "done")
        if not services:
            return self.browse()
        existing = {
            (invitation.service_id.id, invitation.kind)
            for invitation in self.sudo().search([("service_id", "in", services.ids)])
        }
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        vals_list = []
        for service in services:
            company = service.company_id or self.env.company
            if not nps_tools.is_recent_visit(
                service.date, today, company.cx_nps_recent_days
            ):
                continue  # recorded late or imported: the customer left long ago
            partner = service.purchaser_id or service.vehicle_id.driver_id
            plans = [
                ("nps", company.cx_nps_survey_id, company.cx_nps_delay_days),
                (
                    "satisfaction",
                    company.cx_nps_satisfaction_survey_id,
                    company.cx_nps_satisfaction_delay_days,
                ),
            ]
            for kind, survey, delay in plans:
                if not survey or (service.id, kind) in existing:
                    continue
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "vehicle_id": service.vehicle_id.id,
                        "service_id": service.id,
                        "advisor_id": service.advisor_id.id,
                        "company_id": company.id,
                        "kind": kind,
                        "survey_id": survey.id,
                        "date_scheduled": now + timedelta(days=delay),
                    }
                )
        return self.sudo().create(vals_list)

    # ------------------------------------------------------------------ fatigue
    def _cx_skip_reasons(self, now=None):
        """{invitation id: reason} for the invitations that must not be sent, set-wise.

        Rules: a customer, not a company/fleet customer nor an employee; not
        do-not-disturb and within the contact budget; outside the OEM survey blackout;
        reachable by email or SMS; at most one invitation of the kind per customer and
        household (same address, or same parent/commercial partner) per fatigue window.
        """
        now = now or fields.Datetime.now()
        reasons = {}
        partners = self.partner_id.sudo()
        employees = set(
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids), ("share", "=", False)])
            .partner_id.ids
        )
        _allowed, refused = partners._cx_contact_allowed("survey", when=now)
        routes = self.env["cx.channel"]._cx_route(partners)
        households = self._cx_recent_households(now)
        claimed = set()
        for invitation in self.sorted(lambda i: (i.date_scheduled, i.id)):
            partner = invitation.partner_id.sudo()
            company = invitation.company_id
            service = invitation.service_id
            blackout = company.cx_nps_oem_blackout_days
            if not partner:
                reason = self.env._("No customer on the visit")
            elif not invitation.survey_id:
                reason = self.env._("No survey configured")
            elif partner.is_company or partner.commercial_partner_id.is_company:
                reason = self.env._("Company or fleet customer")
            elif partner.id in employees:
                reason = self.env._("Employee")
            elif partner.id in refused:
                reason = refused[partner.id]
            elif (
                blackout
                and service.date
                and fields.Date.to_date(now) < service.date + timedelta(days=blackout)
            ):
                reason = self.env._(
                    "OEM survey blackout (%(days)s days after the visit)", days=blackout
                )
            elif not routes[partner.id][0]:
                reason = routes[partner.id][1]
            else:
                reason = None
                keys = invitation._cx_household_keys()
                since = now - timedelta(days=company.cx_nps_fatigue_days)
                for key in keys:
                    last = households.get((invitation.kind, key))
                    if company.cx_nps_fatigue_days and last and last > since:
                        reason = self.env._(
                            "Customer or household already surveyed on %(date)s "
                            "(window of %(days)s days)",
                            date=fields.Date.to_string(last),
                            days=company.cx_nps_fatigue_days,
                        )
                        break
                    if (invitation.kind, key) in claimed:
                        reason = self.env._("Household already surveyed in this batch")
                        break
                if not reason:
                    claimed.update((invitation.kind, key) for key in keys)
            if reason:
                reasons[invitation.id] = reason
        return reasons

    def _cx_household_keys(self):
        """Keys shared by a customer's household: family (commercial) partner, address."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        keys = {("partner", partner.commercial_partner_id.id)}
        address = nps_tools.address_key(partner.street, partner.zip, partner.city)
        if address:
            keys.add(("address", address))
        return keys

    def _cx_recent_households(self, now):
        """{(kind, household key): last sending date} of sent invitations, one query."""
        partners = self.partner_id.sudo()
        if not partners:
            return {}
        days = max(self.company_id.mapped("cx_nps_fatigue_days") or [0])
        if not days:
            return {}
        streets = [street for street in partners.mapped("street") if street]
        household = Domain(
            "partner_id.commercial_partner_id",
            "in",
            partners.commercial_partner_id.ids,
        )
        if streets:
            household |= Domain("partner_id.street", "in", streets)
        recent = self.sudo().search(
            Domain("state", "in", SENT_STATES)
            & Domain("date_sent", ">", now - timedelta(days=days))
            & Domain("id", "not in", self.ids)
            & household
        )
        last = {}
        for invitation in recent:
            for key in invitation._cx_household_keys():
                current = last.get((invitation.kind, key))
                if not current or invitation.date_sent > current:
                    last[(invitation.kind, key)] = invitation.date_sent
        return last

    # ------------------------------------------------------------------ sending
    @api.model
    def _cron_send_due(self, batch_size=200):
        """Send the due invitations, one batch per call (the cron runs again if more)."""
        domain = [
            ("state", "=", "scheduled"),
            ("date_scheduled", "<=", fields.Datetime.now()),
        ]
        invitations = self.sudo().search(
            domain, limit=batch_size, order="date_scheduled, id"
        )
        if not invitations:
            return
        invitations._cx_defer_quiet_hours()._cx_send_isolated()
        remaining = (
            self.sudo().search_count(domain) if len(invitations) == batch_size else 0
        )
        self.env["ir.cron"]._commit_progress(len(invitations), remaining=remaining)

    def _cx_defer_quiet_hours(self, now=None):
        """Move the invitations of customers in their quiet hours to the end of them
        (no longer due, so no batch picks them again); return the others."""
        quiet = {}
        for company in self.company_id:
            quiet.update(
                self.filtered(
                    lambda i, c=company: i.company_id == c
                ).partner_id._cx_quiet_until(now, company)
            )
        deferred = self.filtered(lambda i: i.partner_id.id in quiet)
        by_end = defaultdict(lambda: self.browse())
        for invitation in deferred:
            by_end[quiet[invitation.partner_id.id]] |= invitation
        for end, group in by_end.items():
            group.with_context(tracking_disable=True).write({"date_scheduled": end})
        return self - deferred

    def _cx_send_isolated(self):
        """Send these invitations; one that fails (archived survey, unknown language)
        is marked failed with its reason and the others still go out."""
        done, failures = run_isolated(
            self, lambda invitations: invitations._cx_send(), "NPS invitations"
        )
        self.browse(list(failures))._cx_mark_failed(failures)
        return done

    def _cx_mark_failed(self, failures):
        """Failed with the error's text, noted on each invitation (one batch)."""
        if not self:
            return
        now = fields.Datetime.now()
        mark_failed(
            self.sudo().with_context(tracking_disable=True),
            failures,
            lambda message: {
                "state": "failed",
                "skip_reason": message,
                "date_skipped": now,
            },
            lambda message: self.env._(
                "Not sent, an error stopped it: %(error)s", error=message
            ),
        )

    def action_cx_retry(self):
        """Managers send failed invitations again once the cause is mended."""
        if not self.env.user.has_group("cx_experience.group_cx_manager"):
            raise AccessError(
                self.env._("Only CX managers can send an invitation again.")
            )
        failed = self.filtered(lambda i: i.state == "failed")
        failed.sudo().write(
            {"state": "scheduled", "skip_reason": False, "date_skipped": False}
        )
        return True

    def _cx_send(self):
        """Create the tokenised answers and send them; skip (with reason) the others.

        Set-wise: one create of the answers, grouped writes without tracking messages
        (the state is the funnel itself), the mail template rendered for the batch and
        the contact log written once per channel.
        """
        now = fields.Datetime.now()
        reasons = self._cx_skip_reasons(now)
        quiet = self.sudo().with_context(tracking_disable=True)
        skipped = quiet.filtered(lambda i: i.id in reasons)
        for reason in set(reasons.values()):
            skipped.filtered(lambda i, r=reason: reasons[i.id] == r).write(
                {"state": "skipped", "skip_reason": reason, "date_skipped": now}
            )
        logged = skipped.filtered("partner_id")
        if logged:
            self.env["cx.contact.log"]._log(
                logged.partner_id.browse([i.partner_id.id for i in logged]),
                "survey",
                records=logged,
                state="skipped",
                reasons={i.partner_id.id: reasons[i.id] for i in logged},
            )
        to_send = quiet - skipped
        if not to_send:
            return self.browse()
        answers = to_send._cx_create_answers(now)
        routes = self.env["cx.channel"]._cx_route(to_send.partner_id)
        channels = defaultdict(lambda: to_send.browse())
        for invitation, answer in zip(to_send, answers, strict=True):
            invitation.user_input_id = answer
            channels[routes[invitation.partner_id.id][0]] |= invitation
        for channel, invitations in channels.items():
            invitations.write(
                {"channel_id": channel.id, "state": "sent", "date_sent": now}
            )
            invitations._cx_send_on(channel.sender, reminder=False)
            self.env["cx.contact.log"]._log(
                invitations.partner_id.browse([i.partner_id.id for i in invitations]),
                "survey",
                records=invitations,
                channel=channel,
                reasons={
                    i.partner_id.id: routes[i.partner_id.id][1] for i in invitations
                },
            )
        return self.browse(to_send.ids)

    def _cx_send_on(self, sender, reminder=False):
        """Send the survey link (or its reminder) by ``sender`` (cx.channel)."""
        if sender == "mail":
            self._cx_send_mail(
                "cx_experience_nps.mail_template_cx_nps_reminder"
                if reminder
                else "cx_experience_nps.mail_template_cx_nps_invitation"
            )
        elif sender == "sms":
            self._cx_send_sms(reminder=reminder)

    def _cx_create_answers(self, now):
        """The tokenised survey answers of these invitations, in their order, at once.

        The batch version of ``survey.survey._create_answer`` (same checks and values,
        one ``create``, no creation message in the answers' chatter).
        """
        Answer = (
            self.env["survey.user_input"]
            .sudo()
            .with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
            )
        )
        checked = set()
        predefined = {}
        vals_list = []
        for invitation in self:
            survey = invitation.survey_id.sudo()
            partner = invitation.partner_id.sudo()
            user = partner.user_ids[:1]
            if (survey.id, user.id) not in checked:
                survey._check_answer_creation(
                    user, partner, False, check_attempts=False
                )
                checked.add((survey.id, user.id))
            if survey.questions_selection == "all":
                if survey.id not in predefined:
                    predefined[survey.id] = (
                        survey._prepare_user_input_predefined_questions().ids
                    )
                question_ids = predefined[survey.id]
            else:
                question_ids = survey._prepare_user_input_predefined_questions().ids
            # as _create_answer: a customer with a login answers as that user
            who = user if user and not user._is_public() else partner
            who_partner = user.partner_id if who._name == "res.users" else partner
            expiry = invitation.company_id.cx_nps_expiry_days
            vals = {
                "survey_id": survey.id,
                "test_entry": False,
                "is_session_answer": survey.session_state in ("ready", "in_progress"),
                "partner_id": who_partner.id,
                "email": who.email,
                "nickname": who.name,
                "predefined_question_ids": [Command.set(question_ids)],
                "cx_service_id": invitation.service_id.id,
                "cx_vehicle_id": invitation.vehicle_id.id,
                "cx_advisor_id": invitation.advisor_id.id,
                "cx_invited": True,
                "deadline": now + timedelta(days=expiry) if expiry else False,
            }
            if survey.session_state == "in_progress":
                vals.update(state="in_progress", start_datetime=now)
            if survey.is_attempts_limited and survey.access_mode != "public":
                vals["invite_token"] = Answer._generate_invite_token()
            vals_list.append(vals)
        answers = Answer.create(vals_list)
        questions = self.survey_id.sudo().question_ids.filtered(
            lambda q: q.question_type == "char_box"
            and (q.save_as_email or q.save_as_nickname)
        )
        for answer in answers if questions else ():
            for question in questions.filtered(
                lambda q, a=answer: q.survey_id == a.survey_id
            ):
                if question.save_as_email and answer.email:
                    answer._save_lines(question, answer.email)
                if question.save_as_nickname and answer.nickname:
                    answer._save_lines(question, answer.nickname)
        return answers

    def _cx_send_mail(self, template_xmlid):
        if not self:
            return
        template = self.env.ref(template_xmlid).sudo()
        template._cx_check_customer_safe()
        # model False: the mail (and its live survey link) is no message of the
        # invitation, so nobody who reads invitations reads it; res_id maps it back
        mails = template.send_mail_batch(self.ids, email_values={"model": False})
        by_res_id = {mail.res_id: mail for mail in mails}
        quiet = self.sudo().with_context(tracking_disable=True)
        for invitation in quiet:
            mail = by_res_id.get(invitation.id)
            if mail:
                invitation.mail_id = mail

    def _cx_send_sms(self, reminder=False):
        """Send the survey link by SMS (only when the sms app is installed), set-wise.

        One ``sms.sms`` create for the batch, sent by the SMS queue cron, and one
        note per invitation logged in a single batch.
        """
        if not self or "sms.sms" not in self.env:
            return self.env["sms.sms"] if "sms.sms" in self.env else None
        bodies = {}
        vals_list = []
        for invitation in self.sudo():
            partner = invitation.partner_id
            if reminder:
                body = self.env._(
                    "Reminder from %(company)s: how was your visit? %(url)s",
                    company=invitation.company_id.name,
                    url=invitation.survey_url,
                )
            else:
                body = self.env._(
                    "%(company)s: how likely are you to recommend us? %(url)s",
                    company=invitation.company_id.name,
                    url=invitation.survey_url,
                )
            # the note tells what was sent, never the live link
            bodies[invitation.id] = body.replace(
                invitation.survey_url, self.env._("[personal survey link]")
            )
            vals_list.append(
                {
                    "body": body,
                    "partner_id": partner.id,
                    "number": partner.phone_sanitized or partner.phone,
                    "state": "outgoing",
                }
            )
        sms = self.env["sms.sms"].sudo().create(vals_list)
        self.sudo()._message_log_batch(bodies=bodies)
        cron = self.env.ref(
            "sms.ir_cron_sms_scheduler_action", raise_if_not_found=False
        )
        if cron:
            cron.sudo()._trigger()
        return sms

    # ------------------------------------------------------------------ follow-up
    @api.model
    def _cron_follow_up(self, batch_size=500):
        """Bounces, the single reminder and expiry of sent invitations (idempotent).

        Only the invitations due are read, by one domain per company's delays;
        reminders go out in committed batches of ``batch_size``.
        """
        now = fields.Datetime.now()
        Invitation = self.sudo().with_context(tracking_disable=True)
        bounced = Invitation.search(
            [("state", "=", "sent"), ("mail_id.state", "=", "exception")]
        )
        bounced.write({"state": "bounced", "date_bounced": now})
        expire_domain, remind_domain = self._cx_follow_up_domains(now)
        expired = Invitation.search(expire_domain)
        expired.write({"state": "expired", "date_expired": now})
        to_remind = Invitation.search(
            remind_domain, limit=batch_size, order="date_sent, id"
        )
        remaining = (
            Invitation.search_count(remind_domain) - len(to_remind)
            if len(to_remind) == batch_size
            else 0
        )
        # customers in their quiet hours get the reminder at a later run
        quiet = set()
        for company in to_remind.company_id:
            quiet.update(
                to_remind.filtered(
                    lambda i, c=company: i.company_id == c
                ).partner_id._cx_quiet_until(now, company)
            )
        if quiet:
            to_remind = to_remind.filtered(lambda i: i.partner_id.id not in quiet)
            remaining = 0
        to_remind, failures = run_isolated(
            to_remind, lambda invitations: invitations._cx_remind(now), "NPS reminders"
        )
        # not reminded, not retried every hour: the reason stays on the invitation
        mark_failed(
            Invitation,
            failures,
            lambda message: {"date_reminded": now},
            lambda message: self.env._("Reminder not sent: %(error)s", error=message),
        )
        self.env["ir.cron"]._commit_progress(
            len(bounced) + len(expired) + len(to_remind) + len(failures),
            remaining=max(remaining, 0),
        )
        return {"bounced": bounced, "expired": expired, "reminded": to_remind}

    @api.model
    def _cx_follow_up_domains(self, now):
        """``(expire, remind)``: the domains of the open invitations due for expiry
        and for their reminder, by each company's delays."""
        expire, remind = [], []
        for company in self.env["res.company"].sudo().search([]):
            expiry = company.cx_nps_expiry_days
            reminder = company.cx_nps_reminder_days
            own = Domain("company_id", "=", company.id)
            if expiry:
                expire.append(
                    own & Domain("date_sent", "<=", now - timedelta(days=expiry))
                )
            if reminder:
                due = own & Domain("date_sent", "<=", now - timedelta(days=reminder))
                if expiry:
                    due &= Domain("date_sent", ">", now - timedelta(days=expiry))
                remind.append(due)
        sent = Domain("state", "in", ["sent", "opened"]) & Domain(
            "date_sent", "!=", False
        )
        return (
            sent & Domain.OR(expire or [Domain.FALSE]),
            sent
            & Domain("user_input_id", "!=", False)
            & Domain("date_reminded", "=", False)
            & Domain.OR(remind or [Domain.FALSE]),
        )

    def _cx_remind(self, now):
        self.write({"date_reminded": now})
        for sender in set(self.channel_id.mapped("sender")):
            self.filtered(lambda i, s=sender: i.channel_id.sender == s)._cx_send_on(
                sender, reminder=True
            )

    @api.model
    def _cx_track_answers(self, answers, state):
        """Opened (answer in progress) / answered (done) from the survey answers."""
        field = {"opened": "date_opened", "answered": "date_answered"}[state]
        allowed = {"opened": ["sent", "bounced"], "answered": SENT_STATES}[state]
        invitations = (
            self.sudo()
            .with_context(tracking_disable=True)
            .search(
                [("user_input_id", "in", answers.ids), ("state", "in", list(allowed))]
            )
        )
        now = fields.Datetime.now()
        invitations = invitations.filtered(lambda i: i.state != state)
        invitations.write({"state": state, field: now})
        invitations.filtered(lambda i: not i.date_opened).date_opened = now
        return invitations
