from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_menu_under_customer_experience(self):
        menu = self.env.ref("cx_experience_recovery.menu_cx_recovery")
        self.assertEqual(menu.parent_id, self.env.ref("cx_experience.menu_cx_root"))
