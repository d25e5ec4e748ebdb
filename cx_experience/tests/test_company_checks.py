from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_tiers import CxTierRitualCase


@tagged("post_install", "-at_install")
class TestCompanyChecks(CxTierRitualCase):
    """Trust 9: rituals and touchpoints stay within their company."""

    def test_ritual_relations_in_its_company(self):
        company_b = self.env["res.company"].create({"name": "Dealer B"})
        partner, vehicle = self._customer("Wang", cx_birthday=date(1980, 5, 10))
        vehicle.company_id = self.env.company
        birthday = self.env.ref("cx_experience.cx_ritual_type_birthday")
        with self.assertRaisesRegex(UserError, "company inconsistencies"):
            self.env["cx.ritual"].create(
                {
                    "type_id": birthday.id,
                    "partner_id": partner.id,
                    "vehicle_id": vehicle.id,
                    "occasion": "2027",
                    "due_date": date(2027, 5, 10),
                    "company_id": company_b.id,
                }
            )
        # a type of dealer B plans nothing for dealer A's customers
        own_type = birthday.copy(
            {"name": "Dealer B birthday", "company_id": company_b.id}
        )
        with freeze_time("2027-05-01"):
            self.env["cx.ritual"].with_company(company_b).with_context(
                allowed_company_ids=[self.env.company.id, company_b.id]
            )._cx_detect()
        rituals = self.env["cx.ritual"].search([("partner_id", "=", partner.id)])
        self.assertTrue(rituals)
        self.assertNotIn(own_type, rituals.type_id)

    def test_touchpoint_company_check_keeps_orm_signature(self):
        journey = self.env["cx.journey"].create(
            {"partner_id": self.env["res.partner"].create({"name": "Sun"}).id}
        )
        touchpoint = self.env["cx.touchpoint"].create(
            {
                "journey_id": journey.id,
                "stage_id": self.env["cx.touchpoint.stage"].search([], limit=1).id,
            }
        )
        touchpoint._check_company()  # the ORM's check, with its own signature
        touchpoint._check_company(["journey_id"])
