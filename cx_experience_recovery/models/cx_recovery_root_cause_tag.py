from odoo import fields, models


class CxRecoveryRootCauseTag(models.Model):
    """Root cause of a recovery case, recorded while listening to the customer."""

    _name = "cx.recovery.root.cause.tag"
    _description = "Recovery root cause"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    nps_root_cause = fields.Selection(
        selection=lambda self: self.env["cx.nps.response"]
        ._fields["root_cause"]
        .selection,
        string="NPS root cause",
        help="The NPS root cause answer that pre-fills this tag on a detractor's case.",
    )

    _name_unique = models.Constraint(
        "UNIQUE (name)", "A root cause with this name already exists."
    )
