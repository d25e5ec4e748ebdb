from odoo import api, fields, models
from odoo.exceptions import ValidationError

TRIGGERS = [
    ("detractor", "Detractor response"),
    ("complaint", "Complaint ticket"),
    ("first_failure", "First failure (repeat repair)"),
    ("manual", "Manual"),
]


class CxRecoveryPlaybook(models.Model):
    """Ordered steps a recovery case follows (e.g. the six-step detractor recovery)."""

    _name = "cx.recovery.playbook"
    _description = "Recovery playbook"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the playbook between companies."
    )
    description = fields.Html()
    owner_id = fields.Many2one(
        "res.users",
        string="Case owner",
        domain=[("share", "=", False)],
        help="Owns the cases of this playbook; empty: the company's recovery service "
        "manager.",
    )
    step_ids = fields.One2many(
        "cx.recovery.playbook.step", "playbook_id", string="Steps", copy=True
    )
    step_count = fields.Integer(compute="_compute_step_count")

    @api.depends("step_ids")
    def _compute_step_count(self):
        for playbook in self:
            playbook.step_count = len(playbook.step_ids)

    @api.constrains("step_ids")
    def _check_first_contact(self):
        for playbook in self:
            if playbook.step_ids and not playbook.step_ids.filtered(
                lambda s: s.kind == "first_contact"
            ):
                raise ValidationError(
                    self.env._(
                        "Playbook %(name)s: one step must be the first contact "
                        "(field Kind).",
                        name=playbook.name,
                    )
                )
