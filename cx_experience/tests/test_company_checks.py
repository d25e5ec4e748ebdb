from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

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

    def test_briefing_stays_in_its_company(self):
        """Trust 7: a shared customer's briefing at dealer B shows nothing of the
        journeys, pain points and vehicles kept at dealer A."""
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Dealer B"})
        advisor_b = new_test_user(
            self.env,
            "cx_advisor_dealer_b",
            groups="cx_experience.group_cx_advisor,fleet.fleet_group_user",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        customer, vehicle_a = self._customer("Shared Customer")
        journey_a = self.env["cx.journey"].create(
            {"partner_id": customer.id, "company_id": company_a.id}
        )
        stage = self.env["cx.touchpoint.stage"].search([], limit=1)
        self.env["cx.touchpoint"].create(
            {
                "journey_id": journey_a.id,
                "stage_id": stage.id,
                "pain_point": "Waited two hours at dealer A",
            }
        )
        vehicle_a.company_id = company_a
        vehicle_b = self.env["fleet.vehicle"].create(
            {
                "model_id": self.model.id,
                "driver_id": customer.id,
                "company_id": company_b.id,
            }
        )
        service_b = (
            self.env["fleet.vehicle.log.services"]
            .with_company(company_b)
            .create(
                {
                    "vehicle_id": vehicle_b.id,
                    "purchaser_id": customer.id,
                    "service_type_id": self.service_type.id,
                    "company_id": company_b.id,
                }
            )
        )
        sections = (
            service_b.with_user(advisor_b)
            .with_company(company_b)
            ._cx_briefing_sections()
        )
        text = repr(sections)
        self.assertNotIn("Waited two hours", text)
        self.assertNotIn("open_journeys", [s["key"] for s in sections])
        # at dealer A the same customer's pain point is there
        sections_a = customer._cx_briefing_sorted_sections()
        self.assertIn("Waited two hours", repr(sections_a))

    def test_tier_per_company(self):
        """Trust 7: a shared customer is tiered by each dealer with its own visits
        and LTV settings; dealer B's advisor reads dealer B's figures only."""
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Dealer B"})
        company_a.cx_ltv_expected_years = 5
        company_b.cx_ltv_expected_years = 1
        advisor_b = new_test_user(
            self.env,
            "cx_tier_advisor_b",
            groups="cx_experience.group_cx_advisor",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        customer, _vehicle_a = self._customer(
            "Shared Tiered", [(10 * i, 20000) for i in range(1, 7)]
        )
        vehicle_b = self.env["fleet.vehicle"].create(
            {
                "model_id": self.model.id,
                "driver_id": customer.id,
                "company_id": company_b.id,
            }
        )
        self.env["fleet.vehicle.log.services"].with_company(company_b).create(
            {
                "vehicle_id": vehicle_b.id,
                "service_type_id": self.service_type.id,
                "date": fields.Date.context_today(customer),
                "amount": 600,
                "state": "done",
                "company_id": company_b.id,
            }
        )
        self.env["cx.tier.run"]._cx_recompute_tiers(partner_ids=customer.ids)
        at_a = customer.with_company(company_a)
        at_b = customer.with_company(company_b)
        self.assertEqual(at_a.cx_rfm_frequency, 6)
        self.assertEqual(at_b.cx_rfm_frequency, 1)
        self.assertEqual(at_a.cx_rfm_monetary, 120000)
        self.assertEqual(at_b.cx_rfm_monetary, 600)
        self.assertNotEqual(at_a.cx_tier_id, at_b.cx_tier_id)
        # each company's LTV settings: 5 expected years at A, 1 at B
        self.assertAlmostEqual(at_a.cx_ltv, at_a.cx_annual_spend * 5, places=0)
        self.assertAlmostEqual(at_b.cx_ltv, at_b.cx_annual_spend * 1, places=0)
        as_b = customer.with_user(advisor_b).with_company(company_b)
        self.assertEqual(as_b.cx_rfm_monetary, 600)
        self.assertEqual(as_b.cx_tier_id, at_b.cx_tier_id)
        history = self.env["cx.tier.history"].search([("partner_id", "=", customer.id)])
        self.assertEqual(history.company_id, company_a | company_b)
        self.assertFalse(
            self.env["cx.tier.history"]
            .with_user(advisor_b)
            .search(
                [("partner_id", "=", customer.id), ("company_id", "=", company_a.id)]
            )
        )

    def test_profile_per_company(self):
        """Trust 7: what dealer A learnt of a shared customer (drink, notes,
        family) is not read by dealer B's advisor, who keeps her own profile."""
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Dealer B"})
        advisor_a = new_test_user(
            self.env,
            "cx_profile_advisor_a",
            groups="cx_experience.group_cx_advisor",
            company_id=company_a.id,
            company_ids=[company_a.id],
        )
        advisor_b = new_test_user(
            self.env,
            "cx_profile_advisor_b",
            groups="cx_experience.group_cx_advisor",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        customer = self.env["res.partner"].create({"name": "Shared Profile"})
        customer.with_user(advisor_a).write(
            {
                "cx_drink": "Oolong tea",
                "cx_profile_notes": "Divorce in progress, avoid family topics",
                "cx_family_member_ids": [
                    fields.Command.create({"name": "Lele", "relation": "child"})
                ],
            }
        )
        self.env.invalidate_all()  # read afresh, as dealer B's advisor
        as_b = customer.with_user(advisor_b)
        self.assertFalse(as_b.cx_drink)
        self.assertFalse(as_b.cx_profile_notes)
        self.assertFalse(as_b.cx_family_member_ids)
        as_b.cx_drink = "Coffee"
        self.assertEqual(customer.with_user(advisor_a).cx_drink, "Oolong tea")
        self.assertEqual(as_b.cx_drink, "Coffee")
        self.env.invalidate_all()
        self.assertEqual(
            customer.with_user(advisor_a).cx_family_member_ids.company_id, company_a
        )
