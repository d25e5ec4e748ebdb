from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestRecoveryCompanyChecks(RecoveryCase):
    """Trust 9: a case of one dealer never points at another dealer's records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Dealer B"})
        cls.advisor_b = new_test_user(
            cls.env,
            "rec_advisor_b",
            groups="cx_experience.group_cx_advisor,helpdesk_mgmt.group_helpdesk_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company.id, cls.company_b.id],
        )
        cls.company_b.cx_recovery_manager_id = cls.manager
        cls.manager.company_ids |= cls.company_b

    def test_case_points_at_its_company_only(self):
        with freeze_time(self.start):
            response = self._response(3)
        case_a = response.cx_recovery_case_ids
        self.assertEqual(case_a.company_id, self.company)
        Case = (
            self.env["cx.recovery.case"]
            .with_user(self.advisor_b)
            .with_company(self.company_b)
        )
        for field, record in (
            ("service_id", self.service),
            ("ticket_id", None),
        ):
            if record is None:
                record = self.env["helpdesk.ticket"].create(
                    {
                        "name": "Noise",
                        "description": "Noise",
                        "partner_id": self.customer.id,
                        "company_id": self.company.id,
                    }
                )
            with self.assertRaisesRegex(UserError, "company inconsistencies"):
                Case.create(
                    {
                        "partner_id": self.customer.id,
                        "company_id": self.company_b.id,
                        field: record.id,
                    }
                )
        # the same case in the right company is fine
        case_b = Case.create(
            {"partner_id": self.customer.id, "company_id": self.company_b.id}
        )
        with self.assertRaisesRegex(UserError, "company inconsistencies"):
            case_b.sudo().nps_response_id = response
        playbook_a = self.detractor_playbook.copy({"company_id": self.company.id})
        with self.assertRaisesRegex(UserError, "company inconsistencies"):
            case_b.playbook_id = playbook_a
