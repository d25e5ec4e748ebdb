from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestBriefing(CxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref("cx_experience.mail_activity_type_cx_briefing")
        cls.customer.write(
            {
                "cx_drink": "Americano, no sugar",
                "cx_preferred_channel_id": cls.env.ref(
                    "cx_experience.cx_channel_wechat"
                ).id,
                "cx_communication_style": "efficient",
                "cx_last_topic": "Road trip to Qiandao Lake",
                "cx_last_topic_date": "2026-01-15",
                "cx_lifestyle_tag_ids": [
                    fields.Command.link(
                        cls.env.ref("cx_experience.cx_lifestyle_tag_pets").id
                    )
                ],
                "cx_family_member_ids": [
                    fields.Command.create(
                        {"name": "朵朵", "relation": "child", "notes": "5, child seat"}
                    )
                ],
            }
        )

    def _briefings(self, service):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", service._name),
                ("res_id", "=", service.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    @freeze_time("2026-03-10")
    def test_future_visit_gets_one_briefing_before_the_visit(self):
        service = self._service(date=date(2026, 3, 14))
        activity = self._briefings(service)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.advisor)
        self.assertEqual(activity.date_deadline, date(2026, 3, 13))
        self.assertIn("王磊", activity.summary)
        self.assertIn(
            f"/report/pdf/cx_experience.report_cx_briefing/{service.id}", activity.note
        )
        self.assertEqual(service.cx_journey_ids.partner_id, self.customer)
        # moving to running does not create a second one (idempotent)
        service.write({"state": "running"})
        service._cx_schedule_briefing()
        self.assertEqual(len(self._briefings(service)), 1)
        # even once done
        activity.action_feedback(feedback="Read")
        service._cx_schedule_briefing()
        self.assertFalse(self._briefings(service))
        self.assertEqual(
            len(
                service.message_ids.filtered(
                    lambda m: m.mail_activity_type_id == self.activity_type
                )
            ),
            1,
        )

    @freeze_time("2026-03-10")
    def test_running_visit_gets_briefing_today(self):
        service = self._service(date=date(2026, 3, 10))
        self.assertFalse(self._briefings(service))
        service.write({"state": "running"})
        activity = self._briefings(service)
        self.assertEqual(activity.date_deadline, date(2026, 3, 10))
        self.assertEqual(activity.user_id, self.advisor)

    @freeze_time("2026-03-10")
    def test_past_visit_without_advisor_gets_nothing(self):
        service = self._service(date=date(2026, 3, 1))
        self.assertFalse(self._briefings(service))
        self.vehicle.manager_id = False
        service = self._service(date=date(2026, 3, 20))
        self.assertFalse(service.advisor_id)
        self.assertFalse(self._briefings(service))

    def test_briefing_sections(self):
        service = self._service(date=fields.Date.today() + timedelta(days=2))
        journey = self.env["cx.journey"].create(
            {"partner_id": self.customer.id, "vehicle_id": self.vehicle.id}
        )
        self.env["cx.touchpoint"].create(
            {
                "journey_id": journey.id,
                "stage_id": self.stage["waiting"].id,
                "emotion": -3,
                "pain_point": "No update for 40 minutes",
            }
        )
        sections = {
            s["key"]: s
            for s in self.customer.with_user(self.advisor)._cx_briefing_sections(
                service
            )
        }
        self.assertIn("Drink: Americano, no sugar", sections["preferences"]["lines"])
        self.assertIn("Preferred channel: WeChat", sections["preferences"]["lines"])
        self.assertIn("Lifestyle: Pets", sections["preferences"]["lines"])
        self.assertIn(
            "Communication style: Efficient", sections["conversation"]["lines"]
        )
        self.assertIn(
            "Last topic: Road trip to Qiandao Lake (2026-01-15)",
            sections["conversation"]["lines"],
        )
        self.assertEqual(sections["family"]["lines"], ["朵朵 (Child): 5, child seat"])
        self.assertIn("No update for 40 minutes", sections["pain_points"]["lines"][0])
        self.assertIn("Stable", sections["lifecycle"]["lines"][0])
        self.assertIn(journey.name, sections["open_journeys"]["lines"])
        card = service.with_user(self.advisor).cx_briefing_html
        self.assertIn("Americano, no sugar", card)
        self.assertIn("Staff only", card)

    def test_briefing_pdf(self):
        service = self._service(date=fields.Date.today() + timedelta(days=1))
        report = self.env.ref("cx_experience.action_report_cx_briefing")
        self.assertEqual(
            report.group_ids, self.env.ref("cx_experience.group_cx_advisor")
        )
        html, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.advisor)
            ._render_qweb_html(report.report_name, service.ids)
        )
        self.assertEqual(report_type, "html")
        html = html.decode()
        for text in (
            "Pre-visit briefing",
            "王磊",
            "Americano, no sugar",
            "Efficient",
            "Road trip to Qiandao Lake",
            "朵朵",
            "Staff only",
        ):
            self.assertIn(text, html)

    def test_briefing_staff_only(self):
        service = self._service()
        with self.assertRaises(AccessError):
            service.with_user(self.employee).read(["cx_briefing_html"])
        with self.assertRaises(AccessError):
            self.customer.with_user(self.employee).read(["cx_drink"])
        # not offered to mail templates or the portal: the report is bound to staff
        self.assertFalse(
            self.env["mail.template"].search(
                [
                    (
                        "report_template_ids",
                        "in",
                        self.env.ref("cx_experience.action_report_cx_briefing").ids,
                    )
                ]
            )
        )
