from odoo.tests import new_test_user, tagged

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestHostReads(RecoveryCase):
    """Each host model we extend reads with no field list for its own users.

    Exports and integrations call ``read()`` without fields: every field we add is
    readable by the host's users or carries ``groups``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fleet_user = new_test_user(
            cls.env, "host_fleet", groups="base.group_user,fleet.fleet_group_user"
        )
        cls.fleet_manager = new_test_user(
            cls.env,
            "host_fleet_mgr",
            groups="base.group_user,fleet.fleet_group_manager",
        )
        cls.internal = new_test_user(cls.env, "host_internal", groups="base.group_user")
        cls.helpdesk_user = new_test_user(
            cls.env,
            "host_helpdesk",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.survey_user = new_test_user(
            cls.env, "host_survey", groups="base.group_user,survey.group_survey_user"
        )
        cls.odometer = cls.env["fleet.vehicle.odometer"].create(
            {"vehicle_id": cls.vehicle.id, "value": 1200, "date": "2026-03-01"}
        )
        cls.user_input = cls.survey._create_answer(partner=cls.customer)
        cls._answer(cls, cls.user_input, 3)
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Noise after repair",
                "description": "Rattle again",
                "partner_id": cls.customer.id,
                "user_id": cls.helpdesk_user.id,
            }
        )

    def _read_all(self, user, records, ours_only=False):
        """``read()`` with no field list; ``ours_only`` when the host model itself
        fails that way (res.partner's Discuss fields for a plain employee)."""
        self.env.invalidate_all()
        records = records.with_user(user)
        names = None
        if ours_only:
            names = [
                name
                for name, field in records._fields.items()
                if field._modules[:1]
                and field._modules[0].startswith("cx_experience")
                and records._has_field_access(field, "read")
            ]
            if not names:  # all of ours carry groups
                return [{}]
        rows = records.read(names)
        self.assertEqual(len(rows), len(records))
        return rows

    def test_fleet_reads(self):
        for user in (self.fleet_user, self.fleet_manager):
            self._read_all(user, self.service)
            self._read_all(user, self.vehicle)
            self._read_all(user, self.odometer)

    def test_contact_reads(self):
        self._read_all(self.internal, self.env.company)
        row = self._read_all(self.internal, self.customer, ours_only=True)[0]
        self.assertNotIn("cx_tier_id", row)  # staff-only data stays out

    def test_helpdesk_reads(self):
        self._read_all(self.helpdesk_user, self.ticket)
        categories = self.env["helpdesk.ticket.category"].search([], limit=5)
        if categories:
            self._read_all(self.helpdesk_user, categories)

    def test_survey_reads(self):
        self._read_all(self.survey_user, self.survey)
        self._read_all(self.survey_user, self.survey.question_ids)
        self._read_all(self.survey_user, self.survey.question_ids.suggested_answer_ids)
        self._read_all(self.survey_user, self.user_input)
