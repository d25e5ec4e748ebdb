from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRecoveryTour(HttpCase):
    def test_case_from_first_call_to_recovered(self):
        manager = new_test_user(
            self.env,
            "rec_tour_manager",
            groups="cx_experience.group_cx_manager",
            name="Tour manager",
        )
        self.env.company.cx_recovery_manager_id = manager
        customer = self.env["res.partner"].create({"name": "Tour customer"})
        response = self.env["cx.nps.response"].create(
            {"partner_id": customer.id, "score": 2, "reason": "Too slow"}
        )
        case = response.cx_recovery_case_ids
        case.write(
            {
                "owner_id": manager.id,
                "root_cause_tag_ids": [
                    (
                        6,
                        0,
                        self.env.ref(
                            "cx_experience_recovery.root_cause_waiting_time"
                        ).ids,
                    )
                ],
            }
        )
        self.env["cx.recovery.option"].create(
            [
                {"case_id": case.id, "name": name}
                for name in ("Loaner car", "Pick-up and return", "20 % discount")
            ]
        )
        self.start_tour(
            f"/odoo/action-cx_experience_recovery.cx_recovery_case_action/{case.id}",
            "cx_recovery_case_tour",
            login="rec_tour_manager",
        )
        self.assertEqual(case.stage, "recovered")
        self.assertEqual(case.close_reason, "Customer confirmed by phone: happy again")
