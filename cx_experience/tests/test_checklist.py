from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestChecklist(CxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delivery = cls.env.ref("cx_experience.cx_checklist_template_delivery")
        cls.discovery = cls.env.ref("cx_experience.cx_checklist_template_discovery")

    def _running(self):
        service = self._service()
        service.write({"state": "running"})
        return service

    def _delivery(self, service):
        return service.cx_checklist_ids.filtered(
            lambda c: c.template_id == self.delivery
        )

    def test_seeded_templates(self):
        self.assertTrue(self.delivery.required_for_done)
        self.assertFalse(self.discovery.required_for_done)
        names = self.delivery.item_ids.mapped("name")
        self.assertEqual(len(names), 7)
        self.assertIn("Car washed, inside and out", names)
        self.assertIn("Next service date told and noted", names)
        sections = set(self.discovery.item_ids.mapped("section"))
        self.assertEqual(sections, {"safety", "comfort", "feature", "scenario"})
        self.assertIn(
            "Child seat on board: show the child lock",
            self.discovery.item_ids.mapped("name"),
        )

    def test_one_instance_per_visit(self):
        service = self._running()
        self.assertEqual(
            service.cx_checklist_ids.template_id, self.delivery | self.discovery
        )
        self.assertEqual(len(self._delivery(service).item_ids), 7)
        # idempotent
        service.action_cx_start_checklists()
        service.write({"state": "running"})
        self.assertEqual(len(service.cx_checklist_ids), 2)
        self.assertEqual(self._delivery(service).company_id, service.company_id)

    def test_gate_blocks_done_until_complete(self):
        service = self._running()
        checklist = self._delivery(service).with_user(self.advisor)
        self.assertTrue(service.cx_checklist_todo)
        with self.assertRaisesMsg(UserError, "delivery checklist"):
            service.write({"state": "done"})
        # the statusbar goes through write too
        with self.assertRaisesMsg(UserError, "delivery checklist"):
            with Form(service) as form:
                form.state = "done"
        self.assertEqual(service.state, "running")
        checklist.item_ids[:-1].action_done()
        self.assertFalse(checklist.is_complete)
        self.assertAlmostEqual(checklist.progress, 600 / 7)
        checklist.item_ids[-1].write(
            {"result": "recommendation", "note": "Book in May"}
        )
        self.assertTrue(checklist.is_complete)
        # the discovery checklist does not gate
        service.write({"state": "done"})
        self.assertEqual(service.state, "done")
        self.assertEqual(service.cx_journey_ids.state, "done")

    def test_manager_override_is_logged(self):
        service = self._running()
        with self.assertRaises(UserError):
            service.with_context(cx_checklist_override=True).write({"state": "done"})
        with self.assertRaises(UserError):
            service.with_user(self.advisor).action_cx_override_done()
        service.with_user(self.manager).action_cx_override_done()
        self.assertEqual(service.state, "done")
        message = service.message_ids.filtered(
            lambda m: "manager override" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.manager.name, message.body)

    def test_findings(self):
        service = self._running()
        discovery = service.cx_checklist_ids.filtered(
            lambda c: c.template_id == self.discovery
        ).with_user(self.advisor)
        tyres, brakes = discovery.item_ids[:2]
        with self.assertRaisesMsg(UserError, "finding"):
            tyres.action_follow_up_activity()
        tyres.write({"result": "finding", "note": "Rear left 1.6 mm"})
        tyres.action_follow_up_activity()
        tyres.action_follow_up_activity()
        self.assertEqual(tyres.activity_id.res_id, service.id)
        self.assertEqual(tyres.activity_id.user_id, self.advisor)
        self.assertIn("Rear left 1.6 mm", str(tyres.activity_id.note))
        self.assertEqual(
            len(
                service.activity_ids.filtered(
                    lambda a: a.summary and "Tyre" in a.summary
                )
            ),
            1,
        )
        brakes.write({"result": "recommendation", "note": "Pads at 3 mm"})
        brakes.action_quotation_note()
        self.assertTrue(brakes.quoted)
        self.assertTrue(
            service.message_ids.filtered(lambda m: "Pads at 3 mm" in (m.body or ""))
        )
        self.assertEqual(discovery.finding_count, 1)

    def test_templates_configured_by_managers_only(self):
        with self.assertRaises(AccessError):
            self.env["cx.checklist.template"].with_user(self.advisor).create(
                {"name": "X"}
            )
        with self.assertRaises(AccessError):
            self.delivery.item_ids[0].with_user(self.advisor).write({"name": "X"})
        template = (
            self.env["cx.checklist.template"]
            .with_user(self.manager)
            .create(
                {
                    "name": "EV battery check",
                    "item_ids": [(0, 0, {"name": "State of health"})],
                }
            )
        )
        service = self._running()
        self.assertIn(template, service.cx_checklist_ids.template_id)

    def test_fleet_user_without_cx_group_plans_visits(self):
        fleet_user = new_test_user(
            self.env, "cx_t4_fleet", groups="fleet.fleet_group_manager"
        )
        service = self._service(user=fleet_user)
        service.write({"state": "running"})
        self.assertEqual(len(service.sudo().cx_checklist_ids), 2)
        self.assertEqual(service.sudo().cx_journey_ids.partner_id, self.customer)
        # the visit form opens without the CX parts (no briefing, no checklist tab)
        with Form(service.with_user(fleet_user)) as form:
            form.description = "Brake noise"
        arch = (
            self.env["fleet.vehicle.log.services"]
            .with_user(fleet_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("cx_briefing_html", arch)
        arch = (
            self.env["fleet.vehicle.log.services"]
            .with_user(self.advisor)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("cx_briefing_html", arch)

    def test_new_to_done_is_gated(self):
        """A visit clicked straight from New to Done meets the delivery checklist."""
        service = self._service()
        self.assertEqual(service.state, "new")
        with self.assertRaisesMsg(UserError, "delivery checklist"):
            service.write({"state": "done"})
        with self.assertRaisesMsg(UserError, "delivery checklist"):
            with Form(service) as form:
                form.state = "done"
        self.assertEqual(service.state, "new")
        # the manager override still closes it, with the checklist on record
        service.with_user(self.manager).action_cx_override_done()
        self.assertEqual(service.state, "done")
        self.assertEqual(len(self._delivery(service.sudo())), 1)
        self.assertTrue(
            service.message_ids.filtered(lambda m: "manager override" in (m.body or ""))
        )

    def test_created_done_is_gated(self):
        """Only a CX manager records visits as already done (the go-live import)."""
        with self.assertRaisesMsg(UserError, "delivery checklist"):
            self._service(state="done")
        fields_ = ["vehicle_id/.id", "service_type_id/.id", "state"]
        rows = [[str(self.vehicle.id), str(self.service_type.id), "done"]]
        Services = self.env["fleet.vehicle.log.services"]
        result = Services.with_user(self.advisor).load(fields_, rows)
        self.assertFalse(result["ids"])
        self.assertIn("delivery checklist", result["messages"][0]["message"])
        result = Services.with_user(self.manager).load(fields_, rows)
        self.assertEqual(len(result["ids"]), 1)
        imported = Services.browse(result["ids"])
        self.assertEqual(imported.state, "done")
        self.assertFalse(imported.sudo().cx_checklist_ids)
