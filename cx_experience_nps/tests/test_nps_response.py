from psycopg2 import IntegrityError

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestNpsResponse(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "cx_nps_manager", groups="cx_experience.group_cx_manager"
        )
        cls.customer = cls.env["res.partner"].create({"name": "Customer"})

    def test_nps_from_signed_average(self):
        Response = self.env["cx.nps.response"].with_user(self.manager)
        scores = [10] * 5 + [8] * 3 + [3] * 2
        Response.create([{"partner_id": self.customer.id, "score": s} for s in scores])
        [(avg,)] = Response._read_group(
            [("partner_id", "=", self.customer.id)], [], ["nps_value:avg"]
        )
        self.assertEqual(avg, 30)

    def test_score_out_of_range_refused_by_sql(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["cx.nps.response"].create(
                {"partner_id": self.customer.id, "score": 11}
            )
