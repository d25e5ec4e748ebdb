from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    cx_vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Vehicle", index="btree_not_null"
    )
    cx_service_id = fields.Many2one(
        "fleet.vehicle.log.services", string="Visit", index="btree_not_null"
    )
    cx_advisor_id = fields.Many2one("res.users", string="Service advisor")
    cx_nps_response_ids = fields.One2many(
        "cx.nps.response",
        "user_input_id",
        string="NPS responses",
        groups="cx_experience.group_cx_advisor",
    )
    cx_invitation_ids = fields.One2many(
        "cx.nps.invitation",
        "user_input_id",
        string="NPS invitations",
        groups="cx_experience.group_cx_advisor",
    )
    cx_invited = fields.Boolean(
        string="Sent by an NPS invitation",
        readonly=True,
        copy=False,
        help="Set when an NPS invitation sends this answer: only such answers update "
        "the invitation funnel (opened, answered), read without any query.",
    )

    def _mark_in_progress(self):
        res = super()._mark_in_progress()
        invited = self.filtered("cx_invited")
        if invited:
            self.env["cx.nps.invitation"]._cx_track_answers(invited, "opened")
        return res

    def _mark_done(self):
        res = super()._mark_done()
        self._cx_create_nps_responses()
        invited = self.filtered("cx_invited")
        if invited:
            self.env["cx.nps.invitation"]._cx_track_answers(invited, "answered")
        return res

    def _cx_nps_values(self):
        """Values of the NPS response of this answer, or None without a score."""
        self.ensure_one()
        lines = self.user_input_line_ids.filtered(lambda line: not line.skipped)
        by_role = {}
        for line in lines:
            role = line.question_id.cx_nps_role
            if role and role not in by_role:
                by_role[role] = line
        score_line = by_role.get("score")
        if not score_line:
            return None
        service = self.cx_service_id
        vehicle = self.cx_vehicle_id or service.vehicle_id
        journey = (
            service.sudo().cx_journey_ids[:1] if service else self.env["cx.journey"]
        )
        return {
            "partner_id": self.partner_id.id,
            "vehicle_id": vehicle.id,
            "service_id": service.id,
            "journey_id": journey.id,
            "advisor_id": (self.cx_advisor_id or service.advisor_id).id,
            "company_id": (service.company_id or self.env.company).id,
            "survey_id": self.survey_id.id,
            "user_input_id": self.id,
            "date": self.end_datetime or fields.Datetime.now(),
            "score": score_line.value_scale,
            "reason": by_role["reason"].value_text_box
            or by_role["reason"].value_char_box
            if "reason" in by_role
            else False,
            "root_cause": by_role["root_cause"].suggested_answer_id.cx_root_cause
            if "root_cause" in by_role
            else False,
        }

    def _cx_issued_by_us(self):
        """The answers our own sending issued (an NPS invitation here, a recovery
        re-survey downstream): only they count, never a retry or a survey shared by
        other means."""
        return self.filtered("cx_invited")

    def _cx_create_nps_responses(self):
        """One NPS response per finished answer we issued on an NPS survey."""
        todo = self._cx_issued_by_us().filtered(
            lambda ui: ui.survey_id.cx_is_nps_survey
            and ui.partner_id
            and not ui.test_entry
        )
        if not todo:
            return self.env["cx.nps.response"]
        todo = todo.filtered(lambda ui: not ui.sudo().cx_nps_response_ids)
        vals_list = [vals for vals in (ui._cx_nps_values() for ui in todo) if vals]
        return self.env["cx.nps.response"].sudo().create(vals_list)
