from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ..tools import recovery as rec_tools
from .cx_recovery_playbook import TRIGGERS

APPROVAL_STATES = [
    ("none", "Not needed"),
    ("to_approve", "To approve"),
    ("approved", "Approved"),
]


# what the recovery KPIs are computed from: written under sudo() by the actions
SYSTEM_FIELDS = {
    "date_start",
    "date_first_contact",
    "date_closed",
    "resurvey_input_id",
    "resurvey_date",
    "resurvey_response_id",
}


class CxRecoveryCase(models.Model):
    """Recovery of one unhappy customer: a detractor response or a complaint ticket.

    The case follows its playbook's steps (deadlines from the case start, one activity
    per step for the responsible user), collects at least three options and the
    customer's choice, the compensation (approved by a manager above the advisor's
    limit) and closes with a re-survey that decides recovered or not recovered.
    """

    _name = "cx.recovery.case"
    _description = "Recovery case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    # what the case points at belongs to the case's company (or is shared)
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", index="btree_not_null")
    service_id = fields.Many2one(
        "fleet.vehicle.log.services",
        string="Visit",
        index="btree_not_null",
        check_company=True,
    )
    advisor_id = fields.Many2one("res.users", string="Service advisor", index=True)
    owner_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        default=lambda self: self._cx_default_owner_user(),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    origin_type = fields.Selection(
        TRIGGERS, string="Origin", required=True, default="manual", readonly=True
    )
    nps_response_id = fields.Many2one(
        "cx.nps.response",
        string="NPS response",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
        check_company=True,
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    origin_ref = fields.Char(
        compute="_compute_origin_ref",
        store=True,
        help="Technical key: one open case per customer and origin.",
    )
    playbook_id = fields.Many2one(
        "cx.recovery.playbook",
        required=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        default=lambda self: self._default_playbook(),
    )
    rule_id = fields.Many2one("cx.recovery.rule", readonly=True, ondelete="set null")
    escalated = fields.Boolean(readonly=True, tracking=True)
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High")], default="0", tracking=True
    )
    stage = fields.Selection(
        rec_tools.STAGES,
        required=True,
        default="new",
        index=True,
        tracking=True,
        copy=False,
    )
    is_open = fields.Boolean(compute="_compute_is_open", store=True)
    date_start = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now, readonly=True
    )
    date_first_contact = fields.Datetime(string="First contact", readonly=True)
    first_contact_hours = fields.Float(
        string="Time to first contact (h)",
        compute="_compute_first_contact_hours",
        store=True,
        aggregator="avg",
    )
    date_closed = fields.Datetime(readonly=True, copy=False)
    root_cause_tag_ids = fields.Many2many(
        "cx.recovery.root.cause.tag", string="Root causes"
    )
    main_root_cause_id = fields.Many2one(
        "cx.recovery.root.cause.tag",
        string="Main root cause",
        compute="_compute_main_root_cause",
        store=True,
    )
    customer_words = fields.Text(
        string="Customer's words", help="What the customer said, in their own words."
    )
    internal_note = fields.Html(
        string="Internal notes", groups="cx_experience.group_cx_advisor"
    )
    step_line_ids = fields.One2many("cx.recovery.case.step", "case_id", string="Steps")
    steps_done_count = fields.Integer(compute="_compute_step_counts", store=True)
    steps_on_time_count = fields.Integer(compute="_compute_step_counts", store=True)
    follow_up_pending = fields.Boolean(
        string="Follow-up calls pending",
        compute="_compute_follow_up_pending",
        help="The calls of day 3, 7 and 30 come before the re-survey.",
    )
    sla_state = fields.Selection(
        [("on_time", "On time"), ("late", "Late")],
        string="SLA",
        compute="_compute_sla_state",
    )
    option_ids = fields.One2many("cx.recovery.option", "case_id", string="Options")
    chosen_option_id = fields.Many2one(
        "cx.recovery.option",
        string="Customer's choice",
        domain="[('case_id', '=', id)]",
        tracking=True,
        copy=False,
    )
    compensation_ids = fields.One2many(
        "cx.recovery.compensation", "case_id", groups="cx_experience.group_cx_advisor"
    )
    compensation_total = fields.Monetary(
        string="Compensation cost",
        compute="_compute_compensation_total",
        store=True,
        currency_field="currency_id",
        groups="cx_experience.group_cx_advisor",
    )
    approval_state = fields.Selection(
        APPROVAL_STATES, compute="_compute_approval_state", store=True
    )
    approved_by_id = fields.Many2one(
        "res.users", string="Approved by", readonly=True, copy=False
    )
    approved_date = fields.Datetime(readonly=True, copy=False)
    approved_total = fields.Monetary(
        readonly=True,
        copy=False,
        currency_field="currency_id",
        groups="cx_experience.group_cx_advisor",
    )
    resurvey_input_id = fields.Many2one(
        "survey.user_input",
        string="Re-survey",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    resurvey_date = fields.Datetime(string="Re-survey sent", readonly=True, copy=False)
    resurvey_response_id = fields.Many2one(
        "cx.nps.response",
        string="Re-survey response",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    resurvey_score = fields.Integer(related="resurvey_response_id.score")
    resurvey_category = fields.Selection(
        related="resurvey_response_id.category", store=True, string="Re-survey class"
    )
    resurvey_url = fields.Char(
        compute="_compute_resurvey_url",
        groups="base.group_system",
        help="The customer's personal link, carried only by the mail to the customer.",
    )
    close_reason = fields.Text(
        string="Close reason",
        readonly=True,
        copy=False,
        groups="cx_experience.group_cx_advisor",
    )

    _open_origin_unique = models.UniqueIndex(
        "(partner_id, origin_ref) WHERE stage NOT IN ('recovered', 'not_recovered')",
        "This customer already has an open recovery case for this origin.",
    )

    @api.model
    def _default_playbook(self):
        """Playbook of the manual-case rule (cases created by hand)."""
        rule = (
            self.env["cx.recovery.rule"]
            .sudo()
            ._cx_find_rule({"trigger": "manual", "company": self.env.company})
        )
        return rule.playbook_id.id

    # ------------------------------------------------------------------ computes
    @api.depends("origin_type", "nps_response_id", "ticket_id", "service_id")
    def _compute_origin_ref(self):
        for case in self:
            if case.nps_response_id:
                case.origin_ref = f"cx.nps.response,{case.nps_response_id.id}"
            elif case.ticket_id:
                case.origin_ref = f"helpdesk.ticket,{case.ticket_id.id}"
            elif case.origin_type == "first_failure" and case.service_id:
                case.origin_ref = f"fleet.vehicle.log.services,{case.service_id.id}"
            else:
                case.origin_ref = case.origin_type

    @api.depends("stage")
    def _compute_is_open(self):
        for case in self:
            case.is_open = case.stage not in rec_tools.CLOSED_STAGES

    @api.depends("date_start", "date_first_contact")
    def _compute_first_contact_hours(self):
        for case in self:
            case.first_contact_hours = (
                rec_tools.hours_between(case.date_start, case.date_first_contact) or 0.0
            )

    @api.depends("root_cause_tag_ids")
    def _compute_main_root_cause(self):
        for case in self:
            case.main_root_cause_id = case.root_cause_tag_ids.sorted()[:1]

    @api.depends("step_line_ids.done", "step_line_ids.sla_met")
    def _compute_step_counts(self):
        for case in self:
            done = case.step_line_ids.filtered("done")
            case.steps_done_count = len(done)
            case.steps_on_time_count = len(done.filtered(lambda s: s.sla_met))

    @api.depends("step_line_ids.done", "step_line_ids.kind")
    def _compute_follow_up_pending(self):
        for case in self:
            case.follow_up_pending = bool(case._cx_pending_follow_ups())

    def _cx_pending_follow_ups(self):
        self.ensure_one()
        return self.step_line_ids.filtered(
            lambda s: s.kind == "follow_up" and not s.done
        )

    def _compute_sla_state(self):
        for case in self:
            late = case.step_line_ids.filtered(lambda s: s.sla_state == "late")
            case.sla_state = "late" if late else "on_time"

    @api.depends("compensation_ids.cost")
    def _compute_compensation_total(self):
        for case in self:
            case.compensation_total = sum(case.compensation_ids.mapped("cost"))

    @api.depends(
        "compensation_total",
        "approved_by_id",
        "approved_total",
        "company_id.cx_recovery_advisor_limit",
    )
    def _compute_approval_state(self):
        for case in self:
            limit = case.company_id.cx_recovery_advisor_limit
            if (
                case.company_id.currency_id.compare_amounts(
                    case.compensation_total, limit
                )
                <= 0
            ):
                case.approval_state = "none"
            elif (
                case.approved_by_id
                and case.company_id.currency_id.compare_amounts(
                    case.compensation_total, case.approved_total
                )
                <= 0
            ):
                case.approval_state = "approved"
            else:
                case.approval_state = "to_approve"

    def _compute_resurvey_url(self):
        for case in self:
            user_input = case.sudo().resurvey_input_id
            case.resurvey_url = (
                f"{case.get_base_url()}{user_input.get_start_url()}"
                if user_input
                else False
            )

    # ------------------------------------------------------------------ constraints
    @api.constrains("chosen_option_id")
    def _check_chosen_option(self):
        for case in self:
            if case.chosen_option_id and case.chosen_option_id.case_id != case:
                raise ValidationError(
                    self.env._(
                        "Customer's choice: option '%(option)s' is not an option of "
                        "case %(case)s.",
                        option=case.chosen_option_id.name,
                        case=case.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        )
        trends = partners._cx_recovery_trend()  # one query for the whole batch
        for vals in vals_list:
            self._cx_complete_vals(vals, trends)
        self._cx_check_duplicates(vals_list)
        cases = super().create(vals_list)
        cases._cx_instantiate_steps()
        return cases

    def _cx_complete_vals(self, vals, trends=None):
        """Fill reference, company, playbook (by rule), owner and escalation."""
        company = self.env["res.company"].browse(
            vals.get("company_id") or self.env.company.id
        )
        vals["company_id"] = company.id
        if vals.get("name", "/") == "/":
            vals["name"] = (
                self.env["ir.sequence"]
                .with_company(company)
                .sudo()
                .next_by_code("cx.recovery.case")
                or "/"
            )
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        trigger = vals.get("origin_type") or "manual"
        if not vals.get("playbook_id") and partner:
            context = {
                "trigger": trigger,
                "partner": partner,
                "company": company,
                "trend": (
                    trends if trends is not None else partner._cx_recovery_trend()
                ).get(partner.id),
            }
            rule = self.env["cx.recovery.rule"].sudo()._cx_find_rule(context)
            if not rule and trigger != "detractor":
                rule = (
                    self.env["cx.recovery.rule"]
                    .sudo()
                    ._cx_find_rule(dict(context, trigger="detractor"))
                )
            if rule:
                vals["playbook_id"] = rule.playbook_id.id
                vals["rule_id"] = rule.id
                if rule.escalate:
                    vals["escalated"] = True
                    vals["priority"] = "1"
                    if company.cx_recovery_manager_id:
                        vals["owner_id"] = company.cx_recovery_manager_id.id
        if not vals.get("playbook_id"):
            raise UserError(
                self.env._(
                    "Playbook: no recovery rule matches this case; choose a playbook."
                )
            )
        if not vals.get("owner_id"):
            playbook = self.env["cx.recovery.playbook"].browse(vals["playbook_id"])
            advisor = self.env["res.users"].browse(vals.get("advisor_id"))
            vals["owner_id"] = self._cx_owner_for(company, playbook, advisor).id

    @api.model
    def _cx_default_owner_user(self):
        """In the form, the CX advisor or manager creating a case owns it; cases
        opened by the system (surveys, tickets, mail gateway) never default to the
        user who triggered them."""
        user = self.env.user
        if not self.env.su and user.has_group("cx_experience.group_cx_advisor"):
            return user
        return False

    @api.model
    def _cx_can_own(self, user):
        return bool(user) and user.active and not user.share and user.id != SUPERUSER_ID

    @api.model
    def _cx_owner_for(self, company, playbook, advisor):
        """The playbook's owner, the company's recovery service manager, the leader
        of the advisor's team, in that order; never a portal, public or bot user."""
        for user in (playbook.sudo().owner_id, company.sudo().cx_recovery_manager_id):
            if self._cx_can_own(user):
                return user
        # only when neither is usable: one search for the advisor's team leader
        leader = (
            self.env["cx.advisor.team"]
            .sudo()
            .search(
                [("member_ids", "in", advisor.ids), ("leader_id", "!=", False)],
                limit=1,
            )
            .leader_id
            if advisor
            else self.env["res.users"]
        )
        if self._cx_can_own(leader):
            return leader
        raise UserError(
            self.env._(
                "Owner: set the recovery service manager of %(company)s (Settings, "
                "Customer Experience) so that recovery cases have an owner.",
                company=company.name,
            )
        )

    @api.constrains("owner_id")
    def _check_owner(self):
        for case in self:
            if not self._cx_can_own(case.owner_id.sudo()):
                raise ValidationError(
                    self.env._(
                        "Owner: %(user)s cannot own case %(case)s (portal, public, "
                        "bot or archived user).",
                        user=case.owner_id.name,
                        case=case.name,
                    )
                )

    def _cx_check_duplicates(self, vals_list):
        """Refuse a second open case for the same customer and origin (clear message)."""
        keys = self._cx_origin_keys(vals_list)
        if len(set(keys)) != len(keys):
            raise ValidationError(
                self.env._("The same customer and origin appear twice in one batch.")
            )
        existing = self._cx_open_cases_for(keys)
        if existing:
            raise ValidationError(
                self.env._(
                    "%(customer)s already has the open recovery case %(case)s for this "
                    "origin.",
                    customer=existing[:1].partner_id.display_name,
                    case=existing[:1].name,
                )
            )

    @api.model
    def _cx_origin_keys(self, vals_list):
        """``(partner_id, origin_ref)`` of the cases ``vals_list`` would create."""
        origin_fields = ("origin_type", "nps_response_id", "ticket_id", "service_id")
        return [
            (
                vals.get("partner_id"),
                self.new({key: vals.get(key) for key in origin_fields}).origin_ref,
            )
            for vals in vals_list
        ]

    @api.model
    def _cx_open_cases_for(self, keys):
        """Open cases matching ``(partner_id, origin_ref)`` pairs, one query."""
        if not keys:
            return self.browse()
        domain = Domain.OR(
            Domain("partner_id", "=", partner_id) & Domain("origin_ref", "=", ref)
            for partner_id, ref in keys
        )
        return self.sudo().search(Domain("is_open", "=", True) & domain)

    def write(self, vals):
        # Decided by who writes, never by a context key a client can send: only the
        # action methods that own these writes escalate (``sudo()``) after their checks.
        protected = {"approved_by_id", "approved_date", "approved_total"}
        if protected & set(vals) and not self.env.su:
            raise UserError(
                self.env._("Approval fields are set by the Approve button only.")
            )
        # SLA and KPI inputs: written by the actions that own them (step done,
        # re-survey, close), never by hand
        sla = set(vals) & SYSTEM_FIELDS
        if sla and not self.env.su:
            raise UserError(
                self.env._(
                    "%(fields)s: recorded by the case's actions only (steps done, "
                    "re-survey, closing), never by hand.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(sla)
                    ),
                )
            )
        if "chosen_option_id" in vals:
            # a first choice may follow the approval; changing it may not
            self.filtered(
                lambda c: c.chosen_option_id
                and c.chosen_option_id.id != vals["chosen_option_id"]
            )._cx_check_choice_unlocked()
            self.filtered(lambda c: not c.chosen_option_id)._cx_check_options_unlocked()
        if "stage" in vals:
            self._cx_check_reopen(vals["stage"])
            self._cx_check_stage(vals["stage"])
            if vals["stage"] in rec_tools.CLOSED_STAGES:
                vals.setdefault("date_closed", fields.Datetime.now())
        res = super().write(vals)
        if vals.get("stage") in rec_tools.CLOSED_STAGES:
            # a closed case leaves no open step activity behind
            self.sudo().step_line_ids.filtered(
                lambda line: not line.done
            ).activity_id.unlink()
            for case in self.sudo():
                # the customer was dealt with: the detractor's follow-up is done
                # when the call was made, else now
                case.nps_response_id._cx_close_follow_up(
                    case.date_first_contact or case.date_closed
                )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new(self):
        if any(case.stage != "new" for case in self):
            raise UserError(
                self.env._("Only new recovery cases can be deleted; close it instead.")
            )

    # ------------------------------------------------------------------ stage rules
    def _cx_check_reopen(self, stage):
        """A closed case stays closed: its outcome is counted in the KPIs."""
        for case in self:
            if case.stage in rec_tools.CLOSED_STAGES and stage != case.stage:
                raise UserError(
                    self.env._(
                        "Stage: case %(case)s is closed (%(stage)s) and cannot be "
                        "reopened; start a new case instead.",
                        case=case.name,
                        stage=dict(rec_tools.STAGES)[case.stage],
                    )
                )

    def _cx_check_stage(self, stage):
        """Refuse a stage the case has not earned (open required steps, options...).

        The re-survey and the close wizard skip some checks; their context keys only
        count under ``sudo()``, which those actions take after checking the user.
        """
        force_close = self.env.su and self.env.context.get("cx_recovery_force_close")
        if self.env.su and self.env.context.get("cx_recovery_resurvey"):
            return
        for case in self:
            if stage == case.stage:
                continue
            if stage == "not_recovered" and force_close:
                continue
            rank = rec_tools.stage_rank(stage)
            if rank <= rec_tools.stage_rank(case.stage) and stage not in (
                rec_tools.CLOSED_STAGES
            ):
                continue
            blocking = rec_tools.blocking_steps(
                stage,
                [
                    (line.name, line.gate_stage, line.required, line.done)
                    for line in case.step_line_ids
                ],
            )
            if blocking:
                raise UserError(
                    self.env._(
                        "Case %(case)s cannot move to %(stage)s: the required step(s) "
                        "%(steps)s are not done.",
                        case=case.name,
                        stage=dict(rec_tools.STAGES)[stage],
                        steps=", ".join(blocking),
                    )
                )
            if rank >= rec_tools.stage_rank("solution_agreed"):
                case._cx_check_options()
            if rank >= rec_tools.stage_rank("executing"):
                case._cx_check_approval()

    def _cx_check_options(self):
        self.ensure_one()
        minimum = self.company_id.cx_recovery_min_options or 3
        if len(self.option_ids) < minimum:
            raise UserError(
                self.env._(
                    "Options: propose at least %(count)s options to the customer before "
                    "the solution is agreed (case %(case)s has %(has)s).",
                    count=minimum,
                    case=self.name,
                    has=len(self.option_ids),
                )
            )
        if not self.chosen_option_id:
            raise UserError(
                self.env._(
                    "Customer's choice: record which option the customer chose "
                    "(case %(case)s).",
                    case=self.name,
                )
            )

    # ------------------------------------------------------------------ locks
    @api.model
    def _cx_check_not_moved(self, records, vals):
        """A compensation line or an option belongs to its case for good."""
        if "case_id" in vals and any(r.case_id.id != vals["case_id"] for r in records):
            raise UserError(
                self.env._(
                    "Case: a %(what)s cannot be moved to another recovery case.",
                    what=records._description,
                )
            )

    def _cx_check_compensation_unlocked(self):
        """Approved or closed, the compensation is what was signed off: it changes
        only after a CX manager resets the approval (never on a closed case)."""
        if self.env.su:
            return
        for case in self:
            if not case.is_open:
                raise UserError(
                    self.env._(
                        "Compensation: case %(case)s is closed; its compensation can "
                        "no longer change.",
                        case=case.name,
                    )
                )
            if case.approved_by_id:
                raise UserError(
                    self.env._(
                        "Compensation: case %(case)s was approved by %(user)s; a CX "
                        "manager must reset the approval before it changes.",
                        case=case.name,
                        user=case.approved_by_id.name,
                    )
                )

    def _cx_check_options_unlocked(self):
        """The options of a closed case are history."""
        if self.env.su:
            return
        for case in self.filtered(lambda c: not c.is_open):
            raise UserError(
                self.env._(
                    "Options: case %(case)s is closed; its options can no longer "
                    "change.",
                    case=case.name,
                )
            )

    def _cx_check_choice_unlocked(self):
        """The customer's choice is fixed once the compensation is approved."""
        self._cx_check_options_unlocked()
        if self.env.su:
            return
        for case in self.filtered("approved_by_id"):
            raise UserError(
                self.env._(
                    "Customer's choice: case %(case)s was approved by %(user)s with "
                    "this choice; a CX manager must reset the approval to change it.",
                    case=case.name,
                    user=case.approved_by_id.name,
                )
            )

    def action_reset_compensation_approval(self):
        """A CX manager unlocks an approved compensation (it must be approved again)."""
        if not self.env.user.has_group("cx_experience.group_cx_manager"):
            raise AccessError(
                self.env._("Only a CX manager can reset a compensation approval.")
            )
        for case in self.filtered("approved_by_id"):
            if not case.is_open:
                case._cx_check_compensation_unlocked()
            case.sudo().write(
                {"approved_by_id": False, "approved_date": False, "approved_total": 0}
            )
            case.message_post(
                body=self.env._(
                    "Compensation approval reset by %(user)s: it must be approved "
                    "again.",
                    user=self.env.user.name,
                )
            )
        return True

    def _cx_check_approval(self):
        self.ensure_one()
        if self.approval_state == "to_approve":
            raise UserError(
                self.env._(
                    "Compensation: %(total)s is above the advisor's limit of %(limit)s; "
                    "a manager must approve it before execution (case %(case)s).",
                    total=self.compensation_total,
                    limit=self.company_id.cx_recovery_advisor_limit,
                    case=self.name,
                )
            )

    def _cx_advance(self):
        """Move each case to the furthest stage its done steps allow (never closes)."""
        order = ["contacted", "solution_agreed", "executing", "follow_up"]
        for case in self.filtered("is_open"):
            target = case.stage
            for stage in order:
                if rec_tools.stage_rank(stage) <= rec_tools.stage_rank(target):
                    continue
                gate_lines = case.step_line_ids.filtered(
                    lambda s, stage=stage: s.gate_stage == stage
                )
                if stage != "executing" and not gate_lines:
                    break
                if stage == "executing":
                    execute = case.step_line_ids.filtered(lambda s: s.kind == "execute")
                    if not execute or not all(execute.mapped("done")):
                        break
                if rec_tools.blocking_steps(
                    stage,
                    [
                        (s.name, s.gate_stage, s.required, s.done)
                        for s in case.step_line_ids
                    ],
                ):
                    break
                target = stage
            if target != case.stage:
                case.stage = target

    # ------------------------------------------------------------------ steps
    def _cx_role_user(self, role):
        self.ensure_one()
        if role == "service_manager":
            # one service manager: the NPS setting, else the recovery manager
            return self.company_id._cx_nps_service_manager() or self.owner_id
        if role == "advisor":
            return self.advisor_id or self.owner_id
        return self.owner_id

    def _cx_instantiate_steps(self):
        """Copy the playbook's steps as lines with deadlines and schedule activities."""
        line_vals = []
        for case in self:
            for step in case.playbook_id.step_ids:
                offset = rec_tools.step_offset(
                    step.kind,
                    step.offset_hours,
                    case.rule_id.first_contact_hours,
                    case.company_id.cx_nps_detractor_hours,
                )
                line_vals.append(
                    {
                        "case_id": case.id,
                        "step_id": step.id,
                        "sequence": step.sequence,
                        "name": step.name,
                        "kind": step.kind,
                        "role": step.role,
                        "channel_id": step.channel_id.id,
                        "required": step.required,
                        "gate_stage": step.gate_stage,
                        "deadline": rec_tools.step_deadline(case.date_start, offset),
                        "user_id": case._cx_role_user(step.role).id,
                    }
                )
        lines = self.env["cx.recovery.case.step"].sudo().create(line_vals)
        lines._cx_schedule_activities()
        return lines

    def _cx_take_nps_follow_up(self):
        """The first-call step of a detractor's case is its NPS follow-up: the
        response takes the step's owner and deadline and gets no call of its own."""
        for case in self.sudo().filtered("nps_response_id"):
            response = case.nps_response_id
            call = case.step_line_ids.filtered(lambda s: s.kind == "first_contact")[:1]
            if call and not response.follow_up_deadline:
                response.write(
                    {
                        "follow_up_user_id": call.user_id.id,
                        "follow_up_deadline": call.deadline,
                    }
                )

    # ------------------------------------------------------------------ starters
    @api.model
    def _cx_start_cases(self, vals_list):
        """Create the cases of ``vals_list`` that have no open case for their origin yet.

        Set-wise: one query finds the existing open cases; returns all cases
        (existing and new) for these origins.
        """
        existing = self.browse()
        todo = []
        seen = set()
        keys = self._cx_origin_keys(vals_list)
        open_cases = self._cx_open_cases_for(keys)
        open_keys = {(c.partner_id.id, c.origin_ref): c for c in open_cases}
        for vals, key in zip(vals_list, keys, strict=True):
            if key in open_keys:
                existing |= open_keys[key]
            elif key not in seen:
                seen.add(key)
                todo.append(vals)
        return existing | self.create(todo)

    @api.model
    def _cx_start_from_nps(self, responses):
        """Open a case for each detractor response (re-survey answers excluded)."""
        detractors = responses.filtered(
            lambda r: r.category == "detractor" and r.partner_id
        )
        if not detractors:
            # no query at all for other answers (e.g. a public survey's submit)
            return self.browse()
        Tag = self.env["cx.recovery.root.cause.tag"].sudo()
        tags = {
            t.nps_root_cause: t for t in Tag.search([("nps_root_cause", "!=", False)])
        }
        vals_list = []
        for response in detractors:
            tag = tags.get(response.root_cause)
            vals_list.append(
                {
                    "partner_id": response.partner_id.id,
                    "origin_type": "detractor",
                    "nps_response_id": response.id,
                    "vehicle_id": response.vehicle_id.id,
                    "service_id": response.service_id.id,
                    "advisor_id": response.advisor_id.id,
                    "company_id": response.company_id.id,
                    "date_start": response.date,
                    "customer_words": response.reason,
                    "root_cause_tag_ids": [fields.Command.set(tag.ids)] if tag else [],
                }
            )
        return self.sudo()._cx_start_cases(vals_list)

    @api.model
    def _cx_start_from_tickets(self, tickets, trigger="complaint"):
        """Open a case for each ticket with a customer (one open case per ticket)."""
        vals_list = []
        tickets = tickets.filtered("partner_id")
        vehicles = {}
        for vehicle in (
            self.env["fleet.vehicle"]
            .sudo()
            .search([("driver_id", "in", tickets.partner_id.ids)], order="id")
        ):
            vehicles[vehicle.driver_id.id] = vehicle.id
        for ticket in tickets:
            partner = ticket.partner_id
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "origin_type": trigger,
                    "ticket_id": ticket.id,
                    "vehicle_id": vehicles.get(partner.id, False),
                    "company_id": ticket.company_id.id,
                    "date_start": ticket.create_date or fields.Datetime.now(),
                    "advisor_id": ticket.user_id.id,
                }
            )
        return self.sudo()._cx_start_cases(vals_list)

    @api.model
    def _cx_start_from_services(self, services):
        """Open a first-failure case (repeat repair) for each visit with a customer."""
        vals_list = [
            {
                "partner_id": (service.purchaser_id or service.vehicle_id.driver_id).id,
                "origin_type": "first_failure",
                "service_id": service.id,
                "vehicle_id": service.vehicle_id.id,
                "advisor_id": service.advisor_id.id,
                "company_id": service.company_id.id,
            }
            for service in services
            if service.purchaser_id or service.vehicle_id.driver_id
        ]
        if not vals_list:
            raise UserError(
                self.env._("Customer: the visit has no customer (purchaser or driver).")
            )
        return self.sudo()._cx_start_cases(vals_list)

    # ------------------------------------------------------------------ actions
    @api.model
    def _cx_check_can_start(self):
        """Starting a case escalates (it runs as superuser): CX staff only."""
        if self.env.su or self.env.user.has_group("cx_experience.group_cx_advisor"):
            return
        raise AccessError(
            self.env._(
                "Only customer-experience advisors and managers can start a recovery "
                "case."
            )
        )

    def action_approve_compensation(self):
        """Manager approval of an over-limit compensation; never one's own."""
        if not self.env.user.has_group("cx_experience.group_cx_manager"):
            raise UserError(
                self.env._("Only a CX manager can approve compensation over the limit.")
            )
        for case in self:
            if case.approval_state != "to_approve":
                raise UserError(
                    self.env._(
                        "Case %(case)s has no compensation waiting for approval.",
                        case=case.name,
                    )
                )
            authors = case.compensation_ids.mapped("create_uid") | case.owner_id
            if self.env.user in authors:
                raise UserError(
                    self.env._(
                        "You cannot approve your own over-limit compensation "
                        "(case %(case)s): ask another manager.",
                        case=case.name,
                    )
                )
            case.sudo().write(
                {
                    "approved_by_id": self.env.user.id,
                    "approved_date": fields.Datetime.now(),
                    "approved_total": case.compensation_total,
                }
            )
            case.message_post(
                body=self.env._(
                    "Compensation of %(total)s approved by %(user)s.",
                    total=case.compensation_total,
                    user=self.env.user.name,
                )
            )
        return True

    def action_start_execution(self):
        self.write({"stage": "executing"})
        return True

    def action_send_resurvey(self):
        """The re-survey closes the loop: after the last follow-up call (seed 001)."""
        for case in self:
            pending = case._cx_pending_follow_ups()
            if pending:
                raise UserError(
                    self.env._(
                        "Re-survey: finish the follow-up calls of case %(case)s first "
                        "(%(steps)s); it is sent by itself after the last one.",
                        case=case.name,
                        steps=", ".join(pending.mapped("name")),
                    )
                )
        self._cx_send_resurvey()
        return True

    def action_close(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close recovery case"),
            "res_model": "cx.recovery.close.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    # ------------------------------------------------------------------ re-survey
    def _cx_send_resurvey(self):
        """Send the company's NPS survey again (bypasses the fatigue window)."""
        template = self.env.ref(
            "cx_experience_recovery.mail_template_recovery_resurvey",
            raise_if_not_found=False,
        )
        sent = self.browse()
        cases = self.filtered(lambda c: c.is_open and not c.resurvey_input_id)
        routes = self.env["cx.channel"]._cx_route(cases.partner_id, senders=("mail",))
        for case in cases:
            survey = case.company_id.cx_nps_survey_id
            if not survey:
                case.message_post(
                    body=self.env._("No NPS survey on the company: no re-survey sent.")
                )
                continue
            channel, note = routes[case.partner_id.id]
            if not channel:
                # never silently: the owner reads why and calls instead
                case.message_post(
                    body=self.env._("Re-survey not sent: %(reason)s.", reason=note)
                )
                self.env["cx.contact.log"]._log(
                    case.partner_id,
                    "recovery",
                    records=[case],
                    state="skipped",
                    reasons={case.partner_id.id: note},
                )
                continue
            user_input = survey.sudo()._create_answer(
                partner=case.partner_id,
                check_attempts=False,
                cx_recovery_case_id=case.id,
                cx_vehicle_id=case.vehicle_id.id,
                cx_service_id=case.service_id.id,
                cx_advisor_id=case.advisor_id.id,
                deadline=fields.Datetime.now()
                + timedelta(days=case.company_id.cx_recovery_resurvey_expiry_days),
            )
            case.sudo().write(
                {
                    "resurvey_input_id": user_input.id,
                    "resurvey_date": fields.Datetime.now(),
                }
            )
            if template:
                template.sudo()._cx_check_customer_safe()
                # a mail of no record, from the company: the live link is in no
                # chatter nor message that staff can read
                template.sudo().send_mail(
                    case.id,
                    email_values={
                        "model": False,
                        "res_id": False,
                        "author_id": case.company_id.partner_id.id,
                    },
                )
                case.message_post(
                    body=self.env._(
                        "Re-survey sent to %(customer)s; the link expires on %(date)s.",
                        customer=case.partner_id.name,
                        date=fields.Date.to_string(user_input.deadline),
                    )
                )
            sent |= case
        for case in sent:
            channel, note = routes[case.partner_id.id]
            self.env["cx.contact.log"]._log(
                case.partner_id,
                "recovery",
                records=[case],
                channel=channel,
                reasons={case.partner_id.id: note},
            )
        return sent

    def _cx_apply_resurvey(self, response):
        """Record the re-survey's answer; it closes the case (passive or promoter:
        recovered, else not) once the follow-up calls are done too."""
        for case in self:
            case.sudo().write({"resurvey_response_id": response.id})
            pending = case._cx_pending_follow_ups()
            if pending:
                case.message_post(
                    body=self.env._(
                        "Re-survey answered with %(score)s; the case closes after "
                        "the follow-up calls (%(steps)s).",
                        score=response.score,
                        steps=", ".join(pending.mapped("name")),
                    )
                )
            else:
                case._cx_close_from_resurvey()

    def _cx_close_from_resurvey(self):
        for case in self.filtered(lambda c: c.is_open and c.resurvey_response_id):
            response = case.sudo().resurvey_response_id
            stage = "not_recovered" if response.category == "detractor" else "recovered"
            case.sudo().with_context(cx_recovery_resurvey=True).write({"stage": stage})
            case.message_post(
                body=self.env._(
                    "Re-survey answered with %(score)s: %(stage)s.",
                    score=response.score,
                    stage=dict(rec_tools.STAGES)[stage],
                )
            )
