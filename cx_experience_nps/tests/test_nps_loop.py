from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import Form, TransactionCase, tagged

from .common import CxNpsCommon


@tagged("post_install", "-at_install")
class TestNpsLoop(CxNpsCommon, TransactionCase):
    """Visit done -> invitation -> survey sent -> detractor -> call -> escalation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dealer()

    def test_whole_loop(self):
        with freeze_time("2026-03-02 09:00:00"):
            service = self._visit(self.customer)
            service.write({"state": "running"})
            service.cx_checklist_ids.action_mark_all_done()
            # the advisor closes the visit in the form
            with Form(service.with_user(self.advisor)) as form:
                form.state = "done"
            invitation = self.env["cx.nps.invitation"].search(
                [("service_id", "=", service.id)]
            )
            self.assertEqual(len(invitation), 1)
            self.assertEqual(invitation.state, "scheduled")
            self.assertEqual(invitation.date_scheduled, datetime(2026, 3, 3, 9, 0))
            self.assertEqual(invitation.partner_id, self.customer)
            self.assertEqual(invitation.advisor_id, self.advisor)
            # a second save does not schedule twice
            service.write({"state": "running"})
            service.cx_checklist_ids.action_mark_all_done()
            service.write({"state": "done"})
            self.assertEqual(
                self.env["cx.nps.invitation"].search_count(
                    [("service_id", "=", service.id)]
                ),
                1,
            )
            # not due yet
            self._send_due()
            self.assertEqual(invitation.state, "scheduled")

        with freeze_time("2026-03-03 10:00:00"):
            self._send_due()
            self.assertEqual(invitation.state, "sent")
            self.assertEqual(invitation.channel_id.code, "email")
            answer = invitation.user_input_id
            self.assertEqual(answer.partner_id, self.customer)
            self.assertEqual(answer.cx_service_id, service)
            self.assertEqual(answer.cx_advisor_id, self.advisor)
            self.assertEqual(answer.deadline, datetime(2026, 3, 17, 10, 0))
            mail = invitation.mail_id
            self.assertTrue(mail)
            self.assertIn(answer.access_token, mail.body_html)
            self.assertIn(answer.get_start_url(), mail.body_html)
            self.assertEqual(mail.recipient_ids, self.customer)
            log = self.env["cx.contact.log"].search(
                [("partner_id", "=", self.customer.id), ("kind", "=", "survey")]
            )
            self.assertEqual(log.state, "sent")
            self.assertEqual(log.channel_id.code, "email")

        # the visit's journey (opened when the visit started running)
        journey = service._cx_ensure_journey()
        self.assertEqual(service.cx_journey_ids, journey)
        with freeze_time("2026-03-03 18:00:00"), self._no_commit():
            answer._mark_in_progress()
            self.assertEqual(invitation.state, "opened")
            response = self._answer(answer, 3, "Waited two hours", "waiting_time")
            self.assertEqual(invitation.state, "answered")
            self.assertEqual(invitation.date_answered, datetime(2026, 3, 3, 18, 0))
            self.assertEqual(response.category, "detractor")
            self.assertEqual(invitation.response_id, response)
            # shown on the customer, the visit and the journey, and in the briefing
            self.assertEqual(response.journey_id, journey)
            self.assertEqual(journey.cx_nps_response_ids, response)
            self.assertEqual(service.cx_nps_response_ids, response)
            # a follow-up touchpoint carries the score's emotion, shown beside the
            # visit's peak-end score and not mixed in (no visit touchpoint here)
            follow_up = journey.touchpoint_ids.filtered(
                lambda t: t.stage_id
                == self.env.ref("cx_experience.cx_touchpoint_stage_follow_up")
            )
            self.assertEqual(follow_up.emotion, -2)
            self.assertEqual(journey.emotion_after_visit, -2)
            self.assertEqual(journey.emotion_end, 0)
            self.assertEqual(journey.peak_end_score, 0.0)
            customer = self.customer.with_user(self.advisor)
            self.assertEqual(customer.cx_nps_response_count, 1)
            section = next(
                s for s in customer._cx_briefing_sections() if s["key"] == "nps"
            )
            self.assertIn("Last NPS score: 3", section["lines"][0])
            self.assertIn("Reason: Waited two hours", section["lines"])
            # the service manager must call within the detractor SLA (phone)
            self.assertEqual(response.follow_up_user_id, self.manager)
            self.assertEqual(
                response.follow_up_deadline,
                datetime(2026, 3, 3, 18, 0)
                + timedelta(hours=self.company.cx_nps_detractor_hours),
            )
            activity = response._cx_follow_up_activities()
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.manager)
            self.assertEqual(activity.activity_type_id.category, "phonecall")
            self.assertEqual(str(activity.date_deadline), "2026-03-04")
            # not overdue yet
            self.assertFalse(self.env["cx.nps.response"]._cron_escalate_follow_ups())

        with freeze_time("2026-03-05 08:00:00"), self._no_commit():
            Response = self.env["cx.nps.response"]
            escalated = Response._cron_escalate_follow_ups()
            self.assertEqual(escalated, response)
            self.assertTrue(response.follow_up_overdue)
            self.assertTrue(response.follow_up_escalated)
            escalation = response.activity_ids.filtered(
                lambda a: a.activity_type_id
                == self.env.ref(
                    "cx_experience_nps.mail_activity_type_cx_nps_escalation"
                )
            )
            self.assertEqual(escalation.user_id, self.manager)
            # idempotent
            self.assertFalse(Response._cron_escalate_follow_ups())
            self.assertEqual(len(response._cx_follow_up_activities()), 2)
            # the manager calls: marking the call done records the follow-up
            activity.with_user(self.manager).action_feedback(feedback="Called")
            self.assertEqual(response.follow_up_done_date, datetime(2026, 3, 5, 8, 0))
            self.assertTrue(response.follow_up_overdue)

    def test_follow_up_slas_are_hours(self):
        """The passive and promoter SLAs are hours in the settings (One home 3): a
        deadline keeps the hour of the answer, not a day rounded."""
        settings = Form(self.env["res.config.settings"])
        settings.cx_nps_passive_hours = 30
        settings.cx_nps_promoter_hours = 5
        settings.save().execute()
        with freeze_time("2026-03-02 09:00:00"):
            passive, promoter = self.env["cx.nps.response"].create(
                [{"partner_id": self.customer.id, "score": score} for score in (8, 10)]
            )
        self.assertEqual(passive.follow_up_deadline, datetime(2026, 3, 3, 15, 0))
        self.assertEqual(promoter.follow_up_deadline, datetime(2026, 3, 2, 14, 0))
        for xmlid in ("detractor_call", "follow_up", "referral"):
            kind = self.env.ref(f"cx_experience_nps.mail_activity_type_cx_nps_{xmlid}")
            # no second SLA: the type names no delay, the response plans the date
            self.assertNotRegex(kind.with_context(lang="en_US").name, r"\d")
            self.assertNotRegex(kind.with_context(lang="en_US").summary or "", r"\d")
            self.assertEqual(kind.delay_count, 0)

    def test_passive_and_promoter_follow_up(self):
        with freeze_time("2026-03-02 09:00:00"):
            Response = self.env["cx.nps.response"]
            passive, promoter = Response.create(
                [
                    {
                        "partner_id": self.customer.id,
                        "advisor_id": self.advisor.id,
                        "score": score,
                    }
                    for score in (8, 10)
                ]
            )
            self.assertEqual(passive.follow_up_user_id, self.advisor)
            answered = datetime(2026, 3, 2, 9, 0)
            self.assertEqual(
                passive.follow_up_deadline,
                answered + timedelta(hours=self.company.cx_nps_passive_hours),
            )
            self.assertEqual(
                promoter.follow_up_deadline,
                answered + timedelta(hours=self.company.cx_nps_promoter_hours),
            )
            self.assertEqual(
                promoter.activity_ids.activity_type_id,
                self.env.ref("cx_experience_nps.mail_activity_type_cx_nps_referral"),
            )
            self.assertIn(
                self.env.ref("cx_experience_nps.mail_template_cx_nps_referral"),
                promoter.activity_ids.activity_type_id.mail_template_ids,
            )
            # the advisor marks the passive followed up in time
            passive.with_user(self.advisor).action_cx_follow_up_done()
            self.assertFalse(passive.activity_ids)
            self.assertFalse(passive.follow_up_overdue)
            self.assertTrue(passive.follow_up_done_date)

    def test_reminder_expiry_bounce(self):
        with freeze_time("2026-03-02 09:00:00"):
            services = self._visit(self.customer) | self._visit(
                self._customer("Gao Ming", street="9 River Road")
            )
            services.write({"state": "done"})
        with freeze_time("2026-03-03 09:00:00"):
            self._send_due()
        first, second = self.env["cx.nps.invitation"].search(
            [("service_id", "in", services.ids)], order="id"
        )
        self.assertEqual((first.state, second.state), ("sent", "sent"))
        second.mail_id.write({"state": "exception"})
        Invitation = self.env["cx.nps.invitation"]
        with freeze_time("2026-03-05 09:00:00"), self._no_commit():
            result = Invitation._cron_follow_up()
            self.assertEqual(result["bounced"], second)
            self.assertFalse(result["reminded"])
        with freeze_time("2026-03-06 10:00:00"), self._no_commit():
            result = Invitation._cron_follow_up()
            self.assertEqual(result["reminded"], first)
            self.assertEqual(first.date_reminded, datetime(2026, 3, 6, 10, 0))
            # mails of no record (12.4: no staff reads the link), mapped by res_id
            reminders = self.env["mail.mail"].search(
                [("model", "=", False), ("res_id", "=", first.id)]
            )
            self.assertEqual(len(reminders), 2)
            # only once
            self.assertFalse(Invitation._cron_follow_up()["reminded"])
        with freeze_time("2026-03-17 10:00:00"), self._no_commit():
            result = Invitation._cron_follow_up()
            self.assertEqual(result["expired"], first)
            self.assertEqual(first.state, "expired")
            self.assertEqual(second.state, "bounced")

    def test_escalations_in_committed_batches(self):
        """Overdue follow-ups are escalated one committed batch at a time (13.10)."""
        Response = self.env["cx.nps.response"]
        late = Response.create(
            [
                {
                    "partner_id": self.customer.id,
                    "score": 2,
                    "date": datetime(2026, 3, 1, 9, 0),
                    "follow_up_deadline": datetime(2026, 3, 2, 9, 0),
                }
                for _i in range(3)
            ]
        )
        with freeze_time("2026-03-05 08:00:00"), self._no_commit():
            batches = [Response._cron_escalate_follow_ups(batch_size=2) for _i in "123"]
        self.assertEqual([len(b) for b in batches], [2, 1, 0])
        self.assertEqual(batches[0] | batches[1], late)
        self.assertTrue(all(late.mapped("follow_up_escalated")))

    def test_follow_up_reads_only_what_is_due(self):
        """The hourly run reads the invitations due, not every open one, and sends
        the reminders in batches (13.10)."""
        with freeze_time("2026-03-02 09:00:00"):
            services = self._visit(self.customer) | self._visit(
                self._customer("Gao Ming", street="9 River Road")
            )
            services.write({"state": "done"})
        with freeze_time("2026-03-03 09:00:00"):
            self._send_due()
        with freeze_time("2026-03-05 09:00:00"):
            late = self._visit(self._customer("Late", street="1 Late Road"))
            late.write({"state": "done"})
        with freeze_time("2026-03-06 09:00:00"):
            self._send_due()
        Invitation = self.env["cx.nps.invitation"]
        first, second = Invitation.search(
            [("service_id", "in", services.ids)], order="id"
        )
        recent = Invitation.search([("service_id", "=", late.id)])
        self.assertEqual(recent.state, "sent")
        with freeze_time("2026-03-06 10:00:00"):
            expire, remind = Invitation._cx_follow_up_domains(datetime.now())
            self.assertFalse(Invitation.search(expire))
            self.assertEqual(Invitation.search(remind), first | second)
            with self._no_commit():
                one = Invitation._cron_follow_up(batch_size=1)["reminded"]
                two = Invitation._cron_follow_up(batch_size=1)["reminded"]
                self.assertFalse(Invitation._cron_follow_up(batch_size=1)["reminded"])
            self.assertEqual(one | two, first | second)
            self.assertFalse(recent.date_reminded)

    def test_queries_do_not_grow_per_invitation(self):
        with freeze_time("2026-03-02 09:00:00"):
            customers = [
                self._customer(f"Batch {i}", street=f"{i} Batch St") for i in range(6)
            ]
            services = self.env["fleet.vehicle.log.services"]
            for customer in customers:
                services |= self._visit(customer)
            services.write({"state": "done"})
        invitations = self.env["cx.nps.invitation"].search(
            [("service_id", "in", services.ids)]
        )
        self.assertEqual(len(invitations), 6)
        with freeze_time("2026-03-03 10:00:00"):
            self.env.invalidate_all()
            reasons = invitations[:2]._cx_skip_reasons()
            self.assertFalse(reasons)
            counts = []
            for batch in (invitations[:2], invitations):
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                batch._cx_skip_reasons()
                counts.append(self.env.cr.sql_log_count - before)
            # set-wise: six invitations cost the same queries as two
            self.assertEqual(counts[0], counts[1])
            self.assertLessEqual(counts[1], 12)

    def test_default_service_manager_is_a_cx_manager(self):
        self.company.cx_nps_service_manager_id = False
        manager = self.company._cx_nps_service_manager()
        self.assertTrue(manager.has_group("cx_experience.group_cx_manager"))

    def test_later_reply_window(self):
        """The satisfaction survey of seed 002 is a second, optional invitation."""
        self.company.cx_nps_satisfaction_survey_id = self.survey
        with freeze_time("2026-03-02 09:00:00"):
            service = self._visit(self.customer)
            service.write({"state": "done"})
        invitations = self.env["cx.nps.invitation"].search(
            [("service_id", "=", service.id)], order="kind"
        )
        self.assertEqual(invitations.mapped("kind"), ["nps", "satisfaction"])
        self.assertEqual(
            invitations[1].date_scheduled,
            datetime(2026, 3, 2, 9, 0) + timedelta(days=7),
        )

    def test_company_survey_and_company_rule(self):
        other_survey = self.survey.copy({"title": "Short NPS"})
        self.company.cx_nps_survey_id = other_survey
        other_company = self.env["res.company"].create({"name": "Second dealer"})
        with freeze_time("2026-03-02 09:00:00"):
            service = self._visit(self.customer)
            foreign = self._visit(
                self._customer("Far Away"), company_id=other_company.id
            )
            (service | foreign).write({"state": "done"})
        invitation = service.cx_nps_invitation_ids
        self.assertEqual(invitation.survey_id, other_survey)
        self.assertEqual(foreign.cx_nps_invitation_ids.company_id, other_company)
        # an advisor of the first company only sees its invitations
        visible = (
            self.env["cx.nps.invitation"]
            .with_user(self.advisor)
            .search([("service_id", "in", (service | foreign).ids)])
        )
        self.assertEqual(visible, invitation)
