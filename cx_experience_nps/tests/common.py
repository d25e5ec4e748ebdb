from odoo.addons.cx_experience.tests.common import MANAGER, CxFixtures


class CxNpsCommon(CxFixtures):
    """Fixtures of a dealer: advisor, service manager, customers, vehicles, visits."""

    @classmethod
    def _setup_dealer(cls):
        env = cls.env
        cls.company = env.company
        cls.company.write(
            {
                "email": "service@dealer.example.com",
                "cx_nps_delay_days": 1,
                "cx_nps_reminder_days": 3,
                "cx_nps_expiry_days": 14,
                "cx_nps_fatigue_days": 30,
                "cx_nps_oem_blackout_days": 0,
                "cx_contact_budget": 4,
            }
        )
        cls.survey = env.ref("cx_experience_nps.survey_after_service_nps")
        cls.advisor = cls._cx_staff(
            "cx_nps_advisor", email="advisor@dealer.example.com"
        )
        cls.manager = cls._cx_staff(
            "cx_nps_service_manager", MANAGER, email="manager@dealer.example.com"
        )
        cls.company.cx_nps_service_manager_id = cls.manager
        cls._cx_fleet("NIO", "ET5")
        cls._cx_quiet_hours_off()
        cls.customer = cls._customer("Liu Yang", street="1 Lake Road")

    @classmethod
    def _customer(cls, name, street=None, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "email": f"{name.lower().replace(' ', '.')}@example.com",
                "street": street,
                "zip": "310000" if street else False,
                "city": "Hangzhou",
                **vals,
            }
        )

    @classmethod
    def _visit(cls, customer, **vals):
        vehicle = cls._cx_vehicle(customer)
        return cls.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": vehicle.id,
                "purchaser_id": customer.id,
                "advisor_id": cls.advisor.id,
                "service_type_id": cls.service_type.id,
                **vals,
            }
        )

    def _send_due(self):
        with self._no_commit():
            self.env["cx.nps.invitation"]._cron_send_due()

    def _answer(self, answer, score, reason="", root_cause=None):
        q_score, q_reason, q_cause = answer.survey_id.question_ids.sorted("sequence")
        answer._save_lines(q_score, str(score))
        answer._save_lines(q_reason, reason)
        if root_cause:
            choice = q_cause.suggested_answer_ids.filtered(
                lambda a: a.cx_root_cause == root_cause
            )
            answer._save_lines(q_cause, choice.id)
        answer._mark_done()
        return answer.cx_nps_response_ids
