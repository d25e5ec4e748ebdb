from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import CxNpsCommon


@tagged("post_install", "-at_install")
class TestNpsPastVisits(CxNpsCommon, TransactionCase):
    """Loop edges 6: visits recorded late or imported at go-live survey nobody."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dealer()

    @freeze_time("2026-03-10 09:00:00")
    def test_only_recent_visits_are_surveyed(self):
        Invitation = self.env["cx.nps.invitation"]
        recent = self._visit(self.customer, date=date(2026, 3, 8))
        old = self._visit(self._customer("Old Visit"), date=date(2025, 12, 1))
        imported = self._visit(self._customer("Go Live"), date=date(2026, 3, 2))
        (recent | old | imported).write({"state": "done"})
        surveyed = Invitation.search(
            [("service_id", "in", (recent | old | imported).ids)]
        ).service_id
        self.assertEqual(surveyed, recent)
        # the dealer may widen the window (setting)
        self.company.cx_nps_recent_days = 30
        Invitation._cx_schedule_for_services(imported)
        self.assertTrue(Invitation.search([("service_id", "=", imported.id)]))
