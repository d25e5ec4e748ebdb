from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common_tiers import CxTierRitualCase


@tagged("post_install", "-at_install")
class TestTiers(CxTierRitualCase):
    def _recompute(self, partners):
        self.env["cx.tier.run"]._cx_recompute_tiers(partner_ids=partners.ids)

    def test_vip_boundary_exact_values(self):
        # 6 visits, exactly 60,000 in 3 years = 20,000/yr: not VIP (seed: > 20,000)
        exact, _v = self._customer("Exact", [(30 * i, 10000) for i in range(1, 7)])
        # one more yuan: VIP
        above, _v = self._customer(
            "Above", [(30 * i, 10000) for i in range(1, 6)] + [(200, 10003)]
        )
        # 5 visits, 100,000: not VIP (seed: > 5 visits), but high value
        five, _v = self._customer("Five", [(30 * i, 20000) for i in range(1, 6)])
        self._recompute(exact | above | five)
        self.assertEqual(above.cx_tier_id, self.vip)
        self.assertNotEqual(exact.cx_tier_id, self.vip)
        self.assertEqual(exact.cx_tier_id, self.high)  # 60,000/2 yrs, 6 visits
        self.assertEqual(five.cx_tier_id, self.high)

    def test_windows_and_states(self):
        # visits older than the window do not count; cancelled visits never count
        old, vehicle = self._customer(
            "Old", [(400, 4000), (500, 4000), (600, 4000), (700, 4000)]
        )
        self._visits(
            vehicle, [(10, 50000), (20, 50000), (30, 50000)], state="cancelled"
        )
        active, _v = self._customer("Active", [(10, 2000), (100, 2000), (200, 1500)])
        nothing, _v = self._customer("Nothing")
        self._recompute(old | active | nothing)
        # 16,000 in 2 years = 8,000/yr: not high value; nothing in the last year
        self.assertEqual(old.cx_tier_id, self.regular)
        self.assertEqual(active.cx_tier_id, self.active)
        self.assertEqual(nothing.cx_tier_id, self.regular)
        self.assertEqual(active.cx_rfm_recency_days, 10)
        self.assertEqual(active.cx_rfm_frequency, 3)
        self.assertEqual(active.cx_rfm_monetary, 5500)
        self.assertFalse(nothing.cx_rfm_recency_days)

    def test_purchaser_is_the_customer(self):
        partner, vehicle = self._customer("Driver")
        buyer = self.env["res.partner"].create({"name": "Fleet buyer"})
        services = self._visits(
            vehicle, [(10, 9000), (20, 9000), (30, 9000), (40, 9000)]
        )
        services.purchaser_id = buyer
        self._recompute(partner | buyer)
        self.assertEqual(buyer.cx_tier_id, self.high)
        self.assertEqual(partner.cx_tier_id, self.regular)

    def test_ltv_worked_example(self):
        # 75,000 in 3 years -> 25,000/yr x 5 years x (1 + 2 x 0.1) = 150,000
        vip, _v = self._customer(
            "Vip", [(100 * i, 10000) for i in range(1, 7)] + [(800, 15000)]
        )
        for name in ("Friend 1", "Friend 2"):
            self.env["res.partner"].create({"name": name, "cx_referred_by_id": vip.id})
        self.env.company.write(
            {"cx_ltv_expected_years": 5, "cx_ltv_referral_step": 0.1}
        )
        self._recompute(vip)
        self.assertEqual(vip.cx_tier_id, self.vip)
        self.assertAlmostEqual(vip.cx_annual_spend, 25000, places=2)
        self.assertAlmostEqual(vip.cx_ltv, 150000, places=0)
        self.assertEqual(vip.cx_referral_count, 2)
        self.assertTrue(vip.cx_tier_date)

    def test_changes_logged_with_activity(self):
        partner, vehicle = self._customer(
            "Mover", [(30 * i, 15000) for i in range(1, 8)]
        )
        self._recompute(partner)
        self.assertEqual(partner.cx_tier_id, self.vip)
        history = partner.cx_tier_history_ids
        self.assertEqual(history.direction, "new")
        self.assertEqual(history.visit_count, 7)
        self.assertAlmostEqual(history.ltv, partner.cx_ltv)
        # the contact's chatter, read by every employee, says nothing (12.3)
        self.assertNotIn("VIP", " ".join(partner.message_ids.mapped("body")))
        # a new customer reaching VIP warns the advisor, on the tier movement
        Activity = self.env["mail.activity"]
        activity = Activity.search(
            [("res_model", "=", "cx.tier.history"), ("res_id", "=", history.id)]
        )
        self.assertEqual(activity.user_id, self.advisor)
        self.assertIn("VIP", activity.summary)
        self.assertFalse(
            Activity.search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
            )
        )
        # rerun: nothing changes, nothing logged
        self._recompute(partner)
        self.assertEqual(len(partner.cx_tier_history_ids), 1)
        # visits cancelled: drops to regular, movement "down", advisor warned again
        vehicle.log_services.write({"state": "cancelled"})
        self._recompute(partner)
        self.assertEqual(partner.cx_tier_id, self.regular)
        self.assertEqual(
            partner.cx_tier_history_ids.sorted("id").mapped("direction"),
            ["new", "down"],
        )
        self.assertEqual(
            Activity.search_count(
                [
                    ("res_model", "=", "cx.tier.history"),
                    ("res_id", "in", partner.cx_tier_history_ids.ids),
                ]
            ),
            2,
        )
        self.assertEqual(partner.cx_tier_advisor_id, self.advisor)

    def test_threshold_validation(self):
        def bad(vals, message):
            with (
                self.assertRaisesRegex((ValidationError, IntegrityError), message),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self.env["cx.tier"].create({"name": "Bad", "window_years": 3, **vals})

        # a tier above VIP needing less spend, or fewer visits, than VIP
        bad({"sequence": 1, "min_annual_spend": 8000, "min_visits": 9}, "Annual spend")
        bad({"sequence": 1, "min_annual_spend": 90000, "min_visits": 1}, "Visits above")
        bad(
            {
                "sequence": 1,
                "min_annual_spend": 90000,
                "min_visits": 9,
                "window_years": 0,
            },
            "(?i)window",
        )
        bad(
            {"sequence": 99, "min_annual_spend": -1, "min_visits": 0},
            "negative|spend_positive",
        )
        form = Form(self.env["cx.tier"])
        form.name = "Platinum"
        form.sequence = 1
        form.min_annual_spend = 50000
        form.min_visits = 8
        form.window_years = 3
        self.assertEqual(form.save().name, "Platinum")
        with self.assertRaisesRegex(ValidationError, "Annual spend above"):
            self.vip.with_user(self.manager).min_annual_spend = 9000

    def test_staff_only_and_invisible_to_customers(self):
        partner, _v = self._customer(
            "Secret", [(10, 9000), (20, 9000), (30, 9000), (40, 9000)]
        )
        self._recompute(partner)
        portal = new_test_user(self.env, "cx_t_portal", groups="base.group_portal")
        portal.partner_id = partner  # even the customer himself
        employee = new_test_user(self.env, "cx_t_employee", groups="base.group_user")
        for user in (portal, employee):
            with self.assertRaises(AccessError):
                partner.with_user(user).read(["cx_tier_id"])
            with self.assertRaises(AccessError):
                partner.with_user(user).read(["cx_ltv"])
            self.assertNotIn(
                "cx_tier_id", self.env["res.partner"].with_user(user).fields_get()
            )
        with self.assertRaises(AccessError):
            self.env["cx.tier"].with_user(portal).search([])
        # the advisor reads tiers and thresholds, but cannot edit them
        as_advisor = partner.with_user(self.advisor)
        self.assertEqual(as_advisor.cx_tier_id.name, "High value")
        self.assertEqual(self.vip.with_user(self.advisor).min_annual_spend, 20000)
        with self.assertRaises(AccessError):
            self.vip.with_user(self.advisor).min_annual_spend = 1
        with self.assertRaises(AccessError):
            as_advisor.action_cx_recompute_tiers()
        self.vip.with_user(self.manager).min_annual_spend = 25000
        # mails sent out never show the tier or the lifetime value
        ritual_type = self.env.ref("cx_experience.cx_ritual_type_birthday")
        ritual = self.env["cx.ritual"].create(
            {
                "type_id": ritual_type.id,
                "partner_id": partner.id,
                "occasion": "2099",
                "due_date": "2099-01-01",
            }
        )
        for template in self.env["mail.template"].search([("model", "=", "cx.ritual")]):
            rendered = template._generate_template(
                ritual.ids, ("subject", "body_html")
            )[ritual.id]
            text = "%s %s" % (rendered["subject"], rendered["body_html"])
            self.assertNotIn("High value", text)
            self.assertNotIn(str(int(partner.cx_ltv)), text)

    def test_manager_recompute_button(self):
        partner, _v = self._customer("Button", [(10, 3000), (20, 3000), (30, 3000)])
        partner.with_user(self.manager).action_cx_recompute_tiers()
        self.assertEqual(partner.cx_tier_id, self.active)

    def test_cron_query_count_constant(self):
        """The nightly recompute issues the same number of queries for 5 or 50
        customers (one aggregation per batch, not one per customer)."""
        Partner = self.env["res.partner"]
        Run = self.env["cx.tier.run"]
        with patch.object(type(self.env["ir.cron"]), "_commit_progress") as commit:

            def customers(count):
                for index in range(count):
                    self._customer(
                        "Q%s %s" % (count, index),
                        [(10 * i, 15000) for i in range(1, 8)],
                    )
                self.env.flush_all()
                self.env.invalidate_all()

            # a first run warms the caches (ormcache, registry, followers' subtypes)
            customers(4)
            Run._cron_cx_recompute_tiers()
            customers(5)
            start = self.env.cr.sql_log_count
            Run._cron_cx_recompute_tiers()
            self.env.flush_all()
            self.env.cr.flush()
            few = self.env.cr.sql_log_count - start
            customers(50)
            start = self.env.cr.sql_log_count
            with self.assertQueryCount(few):
                Run._cron_cx_recompute_tiers()
            many = self.env.cr.sql_log_count - start
        # 10x the customers, not one query more (a warm cache may even save one)
        self.assertLessEqual(many, few)
        self.assertTrue(commit.called)  # each batch is committed
        # new LTV settings: everyone is recomputed, in batches of 20
        self.env.company.cx_ltv_expected_years += 1
        with patch.object(type(self.env["ir.cron"]), "_commit_progress") as commit:
            Run._cron_cx_recompute_tiers(batch_size=20)
        self.assertEqual(commit.call_count, 3)  # 59 customers in batches of 20
        self.assertEqual(Partner.search_count([("cx_tier_id", "=", self.vip.id)]), 59)

    def test_daily_run_recomputes_what_moved(self):
        """The daily run recomputes the customers whose visits, vehicles or referrals
        changed and those whose visits left a window; everyone once a week or when the
        tiers change."""
        Partner = self.env["res.partner"]
        Run = self.env["cx.tier.run"]
        today = fields.Date.context_today(Partner)
        # 4 visits of 9,000, one of them just inside the 3-year window
        edge = (today - (today - relativedelta(years=3) + relativedelta(days=1))).days
        mover, vehicle = self._customer(
            "Mover", [(10, 9000), (20, 9000), (30, 9000), (edge, 9000)]
        )
        still, _v = self._customer("Still", [(10, 3000), (20, 3000), (30, 3000)])
        friend = Partner.create({"name": "Friend"})
        self.assertTrue(mover.cx_tier_dirty)
        Run._cx_recompute_tiers(today=today)
        self.assertEqual(mover.cx_rfm_frequency, 4)
        self.assertFalse(mover.cx_tier_dirty)
        self.assertEqual(still.cx_tier_id, self.active)

        def tamper(partner):
            """A wrong stored figure: only a recompute of ``partner`` repairs it."""
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE res_partner SET cx_rfm_frequency = cx_rfm_frequency"
                " || jsonb_build_object(%s::text, 99) WHERE id = %s",
                [self.env.company.id, partner.id],
            )
            partner.invalidate_recordset(["cx_rfm_frequency"])

        # next day: the oldest visit of Mover leaves the 3-year window; Still untouched
        tamper(still)
        Run._cx_recompute_tiers(today=today + relativedelta(days=1))
        self.assertEqual(mover.cx_rfm_frequency, 3)
        self.assertEqual(mover.cx_rfm_monetary, 27000)
        self.assertEqual(still.cx_rfm_frequency, 99)
        # a new visit (by a fleet manager outside the CX groups), a referral and a
        # vehicle's new driver flag their customers
        fleet_user = new_test_user(
            self.env, "cx_t_fleet", groups="base.group_user,fleet.fleet_group_manager"
        )
        visit = (
            self.env["fleet.vehicle.log.services"]
            .with_user(fleet_user)
            .create(
                {
                    "vehicle_id": vehicle.id,
                    "service_type_id": self.service_type.id,
                    "date": today,
                    "amount": 9000,
                    "state": "running",
                }
            )
        )
        visit.sudo().cx_checklist_ids.action_mark_all_done()
        visit.write({"state": "done"})
        friend.cx_referred_by_id = still
        self.assertTrue(mover.cx_tier_dirty and still.cx_tier_dirty)
        Run._cx_recompute_tiers(today=today + relativedelta(days=1))
        self.assertEqual(mover.cx_rfm_frequency, 4)
        self.assertEqual(still.cx_rfm_frequency, 3)
        self.assertEqual(still.cx_referral_count, 1)
        new_driver = Partner.create({"name": "New driver"})
        vehicle.driver_id = new_driver
        self.assertTrue(mover.cx_tier_dirty and new_driver.cx_tier_dirty)
        Run._cx_recompute_tiers(today=today + relativedelta(days=1))
        self.assertEqual(new_driver.cx_tier_id, self.regular)  # a driver now
        self.assertEqual(mover.cx_rfm_frequency, 4)  # still the purchaser of visits
        # a changed tier threshold recomputes everyone
        tamper(still)
        self.active.with_user(self.manager).min_visits = 1
        Run._cx_recompute_tiers(today=today + relativedelta(days=1))
        self.assertEqual(still.cx_rfm_frequency, 3)
        # and so does the weekly full run
        tamper(still)
        Run._cx_recompute_tiers(today=today + relativedelta(days=7))
        self.assertEqual(still.cx_rfm_frequency, 99)
        Run._cx_recompute_tiers(today=today + relativedelta(days=8))
        self.assertEqual(still.cx_rfm_frequency, 3)

    def test_flag_set_during_the_run_survives(self):
        """A visit saved while the daily run computes keeps its customer flagged for
        the next run (13.10)."""
        Partner = self.env["res.partner"]
        Run = self.env["cx.tier.run"]
        mover, _vehicle = self._customer("Busy", [(10, 9000)])
        quiet, _v = self._customer("Quiet", [(10, 3000)])
        self.assertTrue(mover.cx_tier_dirty and quiet.cx_tier_dirty)
        original = type(Run)._cx_recompute_company_tiers

        def during_run(run_self, *args, **kwargs):
            done = original(run_self, *args, **kwargs)
            # a concurrent save after the run has read the customers
            Partner._cx_mark_tier_dirty([mover.id])
            return done

        with patch.object(type(Run), "_cx_recompute_company_tiers", during_run):
            Run._cx_recompute_tiers()
        self.assertTrue(mover.cx_tier_dirty)
        self.assertFalse(quiet.cx_tier_dirty)
        Run._cx_recompute_tiers()
        self.assertFalse(mover.cx_tier_dirty)

    def test_first_run_does_not_flood_advisors(self):
        """The first nightly run (install) records each customer's first tier in the
        history only; afterwards a new VIP warns the advisor."""
        Run = self.env["cx.tier.run"]
        Activity = self.env["mail.activity"]
        visits = [(30 * i, 15000) for i in range(1, 8)]
        early, _v = self._customer("Early VIP", visits)
        Run._cx_recompute_tiers()  # the nightly run, without its commits
        self.assertEqual(early.cx_tier_id, self.vip)
        self.assertEqual(early.cx_tier_history_ids.direction, "new")
        self.assertFalse(
            Activity.search(
                [
                    ("res_model", "=", "cx.tier.history"),
                    ("res_id", "in", early.cx_tier_history_ids.ids),
                ]
            )
        )
        later, _v = self._customer("Later VIP", visits)
        Run._cx_recompute_tiers()  # the nightly run, without its commits
        self.assertEqual(later.cx_tier_id, self.vip)
        activity = Activity.search(
            [
                ("res_model", "=", "cx.tier.history"),
                ("res_id", "in", later.cx_tier_history_ids.ids),
            ]
        )
        self.assertEqual(activity.user_id, self.advisor)
