from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.recovery import STAGES

ROLES = [
    ("service_manager", "Service manager"),
    ("advisor", "Service advisor"),
    ("owner", "Case owner"),
]
KINDS = [
    ("first_contact", "First contact"),
    ("listen", "Listen and record"),
    ("apology", "Apology"),
    ("options", "Options and customer's choice"),
    ("execute", "Execute and exceed"),
    ("follow_up", "Follow-up"),
    ("other", "Other"),
]


class CxRecoveryPlaybookStep(models.Model):
    """One step of a playbook: when (offset from the case start), who, how and what."""

    _name = "cx.recovery.playbook.step"
    _description = "Recovery playbook step"
    _order = "playbook_id, sequence, id"

    playbook_id = fields.Many2one(
        "cx.recovery.playbook", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="playbook_id.company_id", store=True, index="btree_not_null"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(KINDS, required=True, default="other")
    offset_hours = fields.Float(
        string="Deadline (hours after start)",
        required=True,
        default=24,
        help="The step's deadline is the case start plus these hours (72 = day 3). "
        "A first contact left at 0 follows the company's detractor call SLA "
        "(Settings > NPS follow-up SLA).",
    )
    role = fields.Selection(ROLES, string="Responsible", required=True, default="owner")
    channel_id = fields.Many2one(
        "cx.channel",
        required=True,
        ondelete="restrict",
        default=lambda self: self.env.ref(
            "cx_experience.cx_channel_phone", raise_if_not_found=False
        ),
        help="How the responsible reaches the customer for this step (a phone step "
        "is planned as a call).",
    )
    instructions = fields.Html(translate=True)
    required = fields.Boolean(default=True)
    gate_stage = fields.Selection(
        [stage for stage in STAGES if stage[0] != "new"],
        string="Done before stage",
        required=True,
        default="solution_agreed",
        help="The case cannot enter this stage (or a later one) while this required "
        "step is open.",
    )

    _offset_positive = models.Constraint(
        "CHECK (offset_hours >= 0)", "A step's deadline offset cannot be negative."
    )

    @api.constrains("offset_hours")
    def _check_offset(self):
        for step in self:
            if step.offset_hours > 24 * 366:
                raise ValidationError(
                    self.env._(
                        "Step %(name)s: the deadline offset is more than a year.",
                        name=step.name,
                    )
                )
