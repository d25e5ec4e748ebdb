from odoo.tests import BaseCase, tagged

from ..tools import tiers

SEED = [
    tiers.TierRule("vip", 20000, 5, 3),
    tiers.TierRule("high", 10000, 3, 2),
    tiers.TierRule("active", 5000, 2, 1),
    tiers.TierRule("regular", 0, 0, 1),
]


def stats(vip=(0, 0), high=(0, 0), active=(0, 0)):
    return {3: vip, 2: high, 1: active}


@tagged("post_install", "-at_install")
class TestTierTools(BaseCase):
    def test_vip_boundaries(self):
        # annual spend > 20,000 over 3 years and > 5 visits: 60,000 is exactly 20,000/yr
        self.assertEqual(tiers.evaluate(SEED, stats(vip=(60000, 6))), "regular")
        self.assertEqual(tiers.evaluate(SEED, stats(vip=(60003, 6))), "vip")
        self.assertEqual(tiers.evaluate(SEED, stats(vip=(90000, 5))), "regular")
        self.assertEqual(tiers.evaluate(SEED, stats(vip=(90000, 6))), "vip")

    def test_high_and_active_boundaries(self):
        self.assertEqual(tiers.evaluate(SEED, stats(high=(20000, 4))), "regular")
        self.assertEqual(tiers.evaluate(SEED, stats(high=(20002, 4))), "high")
        self.assertEqual(tiers.evaluate(SEED, stats(high=(30000, 3))), "regular")
        self.assertEqual(tiers.evaluate(SEED, stats(active=(5000, 3))), "regular")
        self.assertEqual(tiers.evaluate(SEED, stats(active=(5001, 3))), "active")
        self.assertEqual(tiers.evaluate(SEED, stats(active=(9000, 2))), "regular")

    def test_windows(self):
        # the same spend counts differently per window: 25,000 in the last year only
        # is 8,333/yr over 3 years (not VIP) but 25,000/yr over 1 year (active)
        self.assertEqual(
            tiers.evaluate(
                SEED, stats(vip=(25000, 6), high=(25000, 6), active=(25000, 6))
            ),
            "high",
        )
        self.assertEqual(tiers.annual_spend(30000, 3), 10000)
        with self.assertRaises(ValueError):
            tiers.annual_spend(100, 0)

    def test_highest_first_and_fallback(self):
        self.assertEqual(
            tiers.evaluate(SEED, stats(vip=(70000, 9), active=(9000, 4))), "vip"
        )
        self.assertEqual(tiers.evaluate(SEED, {}), "regular")
        self.assertIsNone(tiers.evaluate([], {}))

    def test_check_order(self):
        self.assertEqual(tiers.check_order(SEED), [])
        bad = [tiers.TierRule("vip", 8000, 5, 3), *SEED[1:]]
        self.assertIn(("vip", "order_spend"), tiers.check_order(bad))
        bad = [tiers.TierRule("vip", 30000, 1, 3), *SEED[1:]]
        self.assertIn(("vip", "order_visits"), tiers.check_order(bad))
        bad = [tiers.TierRule("x", -1, -1, 0)]
        self.assertEqual(
            {p for _k, p in tiers.check_order(bad)},
            {"min_annual_spend", "min_visits", "window_years"},
        )

    def test_ltv_worked_example(self):
        # 75,000 spent over 3 years -> 25,000/yr; 5 expected years; 2 referrals at
        # 0.1 each -> coefficient 1.2; LTV = 25,000 x 5 x 1.2 = 150,000 (seed: VIP 15万)
        annual = tiers.annual_spend(75000, 3)
        coefficient = tiers.referral_coefficient(2, step=0.1, cap=1.5)
        self.assertAlmostEqual(coefficient, 1.2)
        self.assertEqual(tiers.lifetime_value(annual, 5, coefficient), 150000)

    def test_referral_coefficient(self):
        self.assertEqual(tiers.referral_coefficient(0), 1.0)
        self.assertEqual(tiers.referral_coefficient(None), 1.0)
        self.assertEqual(tiers.referral_coefficient(20, step=0.1, cap=1.5), 1.5)
        self.assertEqual(tiers.referral_coefficient(3, step=0, cap=1.5), 1.0)
        with self.assertRaises(ValueError):
            tiers.lifetime_value(1000, -1, 1)

    def test_recency(self):
        from datetime import date

        self.assertEqual(tiers.recency_days(date(2027, 1, 1), date(2027, 1, 31)), 30)
        self.assertIsNone(tiers.recency_days(None, date(2027, 1, 31)))
