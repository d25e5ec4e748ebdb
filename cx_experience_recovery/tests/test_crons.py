from odoo.tests import TransactionCase, tagged

OUR_ADDONS = ("cx_experience", "cx_experience_nps", "cx_experience_recovery")


@tagged("post_install", "-at_install")
class TestCrons(TransactionCase):
    def test_every_cx_cron_runs_as_the_system_user(self):
        """Crons never run as whoever installed the module (12.9)."""
        xmlids = self.env["ir.model.data"].search(
            [("model", "=", "ir.cron"), ("module", "in", OUR_ADDONS)]
        )
        crons = self.env["ir.cron"].browse(xmlids.mapped("res_id"))
        self.assertGreaterEqual(len(crons), 8)
        for cron in crons:
            self.assertEqual(cron.user_id, self.env.ref("base.user_root"), cron.name)
