from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.recovery import STAGES
from .cx_recovery_playbook_step import KINDS, ROLES

# the SLA of a step, written under sudo() by the case and the Done button only
SLA_FIELDS = {
    "case_id",
    "deadline",
    "done",
    "date_done",
    "done_by_id",
    "late_notified",
    "kind",
    "required",
    "gate_stage",
}


class CxRecoveryCaseStep(models.Model):
    """A playbook step instantiated on a case: deadline, responsible user, activity."""

    _name = "cx.recovery.case.step"
    _description = "Recovery case step"
    _order = "case_id, sequence, deadline, id"

    case_id = fields.Many2one(
        "cx.recovery.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    step_id = fields.Many2one("cx.recovery.playbook.step", ondelete="set null")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    kind = fields.Selection(KINDS, required=True, default="other")
    role = fields.Selection(ROLES, string="Responsible role")
    channel_id = fields.Many2one("cx.channel", ondelete="restrict")
    instructions = fields.Html(related="step_id.instructions")
    required = fields.Boolean(default=True)
    gate_stage = fields.Selection(
        [stage for stage in STAGES if stage[0] != "new"], string="Done before stage"
    )
    deadline = fields.Datetime(required=True, index=True)
    user_id = fields.Many2one("res.users", string="Responsible")
    activity_id = fields.Many2one(
        "mail.activity", ondelete="set null", readonly=True, index="btree_not_null"
    )
    done = fields.Boolean(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False)
    done_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    late_notified = fields.Boolean(
        readonly=True, copy=False, help="The late-step warning was posted."
    )
    sla_met = fields.Boolean(
        string="Done on time", compute="_compute_sla_met", store=True
    )
    sla_state = fields.Selection(
        [("pending", "Pending"), ("on_time", "On time"), ("late", "Late")],
        string="SLA",
        compute="_compute_sla_state",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._cx_check_sla_fields({key for vals in vals_list for key in vals})
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._cx_check_sla_fields(set(vals))
        return super().write(vals)

    @api.model
    def _cx_check_sla_fields(self, names):
        """Deadlines and done dates make the SLA: the playbook and "Done" set them."""
        names = names & SLA_FIELDS
        if names:
            raise UserError(
                self.env._(
                    "%(fields)s: set by the playbook and the step's Done button only.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(names)
                    ),
                )
            )

    @api.depends("done", "date_done", "deadline")
    def _compute_sla_met(self):
        for line in self:
            line.sla_met = bool(
                line.done and line.date_done and line.date_done <= line.deadline
            )

    @api.depends("done", "date_done", "deadline")
    @api.depends_context("uid")
    def _compute_sla_state(self):
        now = fields.Datetime.now()
        for line in self:
            if line.done:
                line.sla_state = "on_time" if line.sla_met else "late"
            elif line.deadline and line.deadline < now:
                line.sla_state = "late"
            else:
                line.sla_state = "pending"

    @api.model
    def _cx_late_domain(self):
        return [
            ("done", "=", False),
            ("late_notified", "=", False),
            ("deadline", "<", fields.Datetime.now()),
            ("case_id.is_open", "=", True),
        ]

    @api.model
    def _cron_cx_late_steps(self, batch_size=500):
        """Hourly: warn about late steps in batches, committing progress."""
        while lines := self._cx_warn_late_steps(batch_size):
            remaining = self.search_count(self._cx_late_domain())
            if not self.env["ir.cron"]._commit_progress(
                len(lines), remaining=remaining
            ):
                break

    @api.model
    def _cx_warn_late_steps(self, limit=None):
        """Warn about open steps past their deadline, once each (idempotent).

        The warning is a note in the case chatter (owner and followers see it); a late
        first contact raises the case's priority.
        """
        lines = self.search(self._cx_late_domain(), limit=limit)
        for case, case_lines in lines.grouped("case_id").items():
            case.message_post(
                body=self.env._(
                    "Late step(s): %(steps)s.",
                    steps=", ".join(case_lines.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if "first_contact" in case_lines.mapped("kind"):
                case.priority = "1"
        lines.sudo().late_notified = True
        return lines

    def _cx_schedule_activities(self):
        """One mail.activity per line for its responsible user (one create call)."""
        model_id = self.env["ir.model"]._get_id("cx.recovery.case")
        call_type = self.env.ref(
            "mail.mail_activity_data_call", raise_if_not_found=False
        )
        todo_type = self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        )
        lines = self.filtered(lambda line: not line.done and line.user_id)
        vals_list = []
        for line in lines:
            activity_type = call_type if line.channel_id.code == "phone" else todo_type
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": line.case_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": line.name,
                    "user_id": line.user_id.id,
                    "date_deadline": fields.Date.context_today(
                        line.with_user(line.user_id), line.deadline
                    ),
                    "automated": True,
                }
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        for line, activity in zip(lines, activities, strict=True):
            line.activity_id = activity

    def action_done(self):
        """Mark the step done: checks the step's own rule, closes its activity, moves
        the case forward and, after the last follow-up, sends the re-survey (or closes
        the case when it was answered already)."""
        self._cx_finish()
        return True

    def _cx_finish(self, close_activity=True):
        """The Done button and its activity's "Mark Done" (``close_activity`` False:
        the activity is being closed already)."""
        now = fields.Datetime.now()
        for line in self.filtered(lambda line: not line.done):
            line._cx_check_can_finish()
            line.sudo().write(
                {"done": True, "date_done": now, "done_by_id": self.env.user.id}
            )
            if line.activity_id and close_activity:
                line.activity_id.sudo().action_feedback(
                    feedback=self.env._("Step done")
                )
            case = line.case_id
            if line.kind == "first_contact" and not case.date_first_contact:
                case.sudo().date_first_contact = now
            if line.kind == "first_contact":
                # the call is the detractor's NPS follow-up too
                case.sudo().nps_response_id._cx_close_follow_up(now)
        cases = self.case_id
        cases._cx_advance()
        for case in cases:
            follow_ups = case.step_line_ids.filtered(lambda s: s.kind == "follow_up")
            if (
                follow_ups
                and all(follow_ups.mapped("done"))
                and case.stage == "follow_up"
            ):
                # after the last call: the re-survey, or the close when it was
                # answered already
                if case.resurvey_response_id:
                    case._cx_close_from_resurvey()
                else:
                    case._cx_send_resurvey()

    def _cx_check_can_finish(self):
        self.ensure_one()
        case = self.case_id
        if not case.is_open:
            raise UserError(self.env._("Case %(case)s is closed.", case=case.name))
        if self.kind == "listen" and not case.root_cause_tag_ids:
            raise UserError(
                self.env._(
                    "Root causes: record at least one root cause of case %(case)s "
                    "before finishing '%(step)s'.",
                    case=case.name,
                    step=self.name,
                )
            )
        if self.kind == "options":
            case._cx_check_options()
        if self.kind == "execute":
            case._cx_check_approval()
        earlier = case.step_line_ids.filtered(
            lambda s: s.required
            and not s.done
            and s.kind != "follow_up"
            and self.kind == "follow_up"
        )
        if earlier:
            raise UserError(
                self.env._(
                    "Follow-up '%(step)s': finish %(steps)s first.",
                    step=self.name,
                    steps=", ".join(earlier.mapped("name")),
                )
            )
