from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVisitTour(HttpCase):
    def test_visit_tour(self):
        advisor = new_test_user(
            self.env,
            "cx_tour_advisor",
            groups="cx_experience.group_cx_advisor",
            name="Tour Advisor",
        )
        customer = self.env["res.partner"].create({"name": "Olivia Chen 陈"})
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Tesla"})
        model = self.env["fleet.vehicle.model"].create(
            {"name": "Model Y", "brand_id": brand.id}
        )
        vehicle = self.env["fleet.vehicle"].create(
            {"model_id": model.id, "driver_id": customer.id, "manager_id": advisor.id}
        )
        service_type = self.env["fleet.service.type"].create(
            {"name": "Maintenance", "category": "service"}
        )
        service = self.env["fleet.vehicle.log.services"].create(
            {"vehicle_id": vehicle.id, "service_type_id": service_type.id}
        )
        service.write({"state": "running"})
        self.start_tour(
            f"/odoo/fleet.vehicle.log.services/{service.id}",
            "cx_experience_visit_tour",
            login="cx_tour_advisor",
        )
        self.assertEqual(service.state, "done")
        journey = service.cx_journey_ids
        # the two the advisor recorded, beside the car's reception (recorded by itself)
        self.assertEqual(
            len(journey.touchpoint_ids.filtered(lambda t: not t.is_event)), 2
        )
        self.assertEqual(journey.peak_end_score, 1.0)
        self.assertTrue(journey.negative_moment_of_truth)
        delivery = service.cx_checklist_ids.filtered(
            lambda c: c.template_id
            == self.env.ref("cx_experience.cx_checklist_template_delivery")
        )
        self.assertTrue(delivery.is_complete)
        self.assertEqual(delivery.finding_count, 1)
        self.assertIn(
            "scratch", delivery.item_ids.filtered(lambda i: i.result == "finding").note
        )
