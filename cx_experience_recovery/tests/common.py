from datetime import datetime

from odoo.tests import TransactionCase

from odoo.addons.cx_experience.tests.common import MANAGER, CxFixtures


class RecoveryCase(CxFixtures, TransactionCase):
    """Fixtures: a service manager, two advisors, a customer with a car and a visit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager = cls._cx_staff("rec_manager", MANAGER, name="Service manager")
        cls.manager2 = cls._cx_staff(
            "rec_manager2", MANAGER, name="After-sales director"
        )
        cls.advisor = cls._cx_staff(
            "rec_advisor",
            "cx_experience.group_cx_advisor,helpdesk_mgmt.group_helpdesk_user",
            name="Advisor Li",
        )
        cls.company.write(
            {
                "cx_recovery_manager_id": cls.manager.id,
                "cx_recovery_advisor_limit": 1000.0,
                "cx_recovery_compensation_cap": 20000.0,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Zhou Jie", "email": "zhou.jie@example.com"}
        )
        cls._cx_fleet("BYD", "Han")
        cls._cx_quiet_hours_off()
        cls.vehicle = cls._cx_vehicle(cls.customer)
        cls.service = cls.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": cls.vehicle.id,
                "advisor_id": cls.advisor.id,
                "service_type_id": cls.service_type.id,
            }
        )
        cls.survey = cls.env.ref("cx_experience_nps.survey_after_service_nps")
        cls.detractor_playbook = cls.env.ref(
            "cx_experience_recovery.playbook_detractor"
        )
        cls.tag_attitude = cls.env.ref("cx_experience_recovery.root_cause_attitude")
        cls.start = datetime(2026, 3, 2, 18, 0, 0)
        cls._cx_patch_commits()

    def _response(self, score, date=None, partner=None):
        return self.env["cx.nps.response"].create(
            {
                "partner_id": (partner or self.customer).id,
                "vehicle_id": self.vehicle.id,
                "service_id": self.service.id,
                "advisor_id": self.advisor.id,
                "score": score,
                "reason": "The technician was rude and it broke again",
                "root_cause": "repair_quality",
                "date": date or self.start,
            }
        )

    def _answer(self, user_input, score):
        q_score = self.survey.question_ids.filtered(lambda q: q.cx_nps_role == "score")
        user_input._save_lines(q_score, str(score))
        user_input._mark_done()
        return user_input

    def _line(self, case, kind, index=0):
        return case.step_line_ids.filtered(lambda s: s.kind == kind)[index]

    def _walk_to_follow_up(self, case, cost=300.0):
        """Call, listen, apologise, three options and a choice, compensate (unless
        ``cost`` is None: compensated and approved before), execute."""
        case = case.with_user(self.manager)
        self._line(case, "first_contact").action_done()
        case.root_cause_tag_ids = self.tag_attitude
        self._line(case, "listen").action_done()
        self._line(case, "apology").action_done()
        options = (
            self.env["cx.recovery.option"]
            .with_user(self.advisor)
            .create(
                [
                    {"case_id": case.id, "name": name}
                    for name in ("Loaner car", "Pick-up and return", "20 % discount")
                ]
            )
        )
        options[1].action_choose()
        self._line(case, "options").action_done()
        if cost is not None:
            self.env["cx.recovery.compensation"].with_user(self.advisor).create(
                {
                    "case_id": case.id,
                    "compensation_type": "free_wash",
                    "quantity": 3,
                    "cost": cost,
                }
            )
        case.with_user(self.advisor).action_start_execution()
        self._line(case, "execute").action_done()
        return case
