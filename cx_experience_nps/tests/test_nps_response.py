from datetime import datetime, timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
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
        scores = [10] * 5 + [8] * 3 + [3] * 2
        self.env["cx.nps.response"].create(
            [{"partner_id": self.customer.id, "score": s} for s in scores]
        )
        Response = self.env["cx.nps.response"].with_user(self.manager)
        [(avg,)] = Response._read_group(
            [("partner_id", "=", self.customer.id)], [], ["nps_value:avg"]
        )
        self.assertEqual(avg, 30)

    def test_nobody_but_the_system_changes_a_response(self):
        """12.4: advisors read their responses; a manager moves one to a team or
        annotates it, never its score, advisor or date; nobody creates or deletes."""
        advisor = new_test_user(
            self.env, "cx_nps_rated_advisor", groups="cx_experience.group_cx_advisor"
        )
        response = self.env["cx.nps.response"].create(
            {"partner_id": self.customer.id, "score": 2, "advisor_id": advisor.id}
        )
        team = self.env["cx.advisor.team"].create({"name": "Team A"})
        attacks = (
            {"score": 10},
            {"advisor_id": self.manager.id},
            {"date": "2020-01-01 00:00:00"},
            {"follow_up_done_date": "2020-01-01 00:00:00"},
        )
        for user in (advisor, self.manager):
            as_user = response.with_user(user)
            for vals in attacks:
                with self.assertRaises(AccessError):
                    as_user.write(vals)
            with self.assertRaises(AccessError):
                as_user.unlink()
            with self.assertRaises(AccessError):
                as_user.copy()
            with self.assertRaises(AccessError):
                self.env["cx.nps.response"].with_user(user).create(
                    {"partner_id": self.customer.id, "score": 10}
                )
            # both can log a note
            as_user.message_post(body="Called back, customer calmer")
        with self.assertRaises(AccessError):
            response.with_user(advisor).write({"team_id": team.id})
        response.with_user(self.manager).write({"team_id": team.id})
        self.assertEqual(response.team_id, team)
        self.assertEqual(response.score, 2)
        self.assertEqual(response.advisor_id, advisor)
        self.assertEqual(
            self.env["cx.nps.response"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )

    def test_score_out_of_range_refused_by_sql(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["cx.nps.response"].create(
                {"partner_id": self.customer.id, "score": 11}
            )

    def test_response_not_dated_in_future(self):
        with self.assertRaises(ValidationError) as cm:
            self.env["cx.nps.response"].create(
                {
                    "partner_id": self.customer.id,
                    "score": 9,
                    "date": datetime.now() + timedelta(days=1),
                }
            )
        self.assertRegex(str(cm.exception), "^Date: .*future")
