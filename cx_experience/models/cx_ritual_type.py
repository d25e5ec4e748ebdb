from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CxRitualType(models.Model):
    """A ritual milestone (仪式感): first service, 100,000 km, birthdays, anniversaries."""

    _name = "cx.ritual.type"
    _description = "Ritual type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: shared by all companies."
    )
    trigger = fields.Selection(
        [
            ("first_service", "First done service of a vehicle"),
            ("odometer", "Odometer threshold"),
            ("birthday", "Customer birthday"),
            ("purchase_anniversary", "Purchase anniversary"),
            ("family_birthday", "Family member birthday"),
        ],
        required=True,
    )
    lead_days = fields.Integer(
        string="Lead time (days)",
        default=14,
        help="Days before the occasion the ritual is planned and the advisor reminded.",
    )
    odometer_threshold = fields.Integer(
        string="Odometer threshold (km)",
        default=100000,
        help="Milestone of the odometer trigger.",
    )
    responsible = fields.Selection(
        [("advisor", "Customer's advisor"), ("manager", "Service manager")],
        required=True,
        default="advisor",
    )
    manager_user_id = fields.Many2one(
        "res.users",
        string="Service manager",
        help="Responsible user when the responsible is the service manager.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Greeting mail",
        domain=[("model", "=", "cx.ritual")],
        help="Sent to the customer on the due date (do-not-disturb and contact budget "
        "respected). It must never show tiers or internal notes.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity type",
        default=lambda self: self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        ),
    )
    gift_note = fields.Char(translate=True, help="E.g. cake, badge, 10 % off voucher.")
    description = fields.Text(translate=True)
    color = fields.Integer()

    _lead_days_positive = models.Constraint(
        "CHECK (lead_days >= 0)", "The lead time of a ritual cannot be negative."
    )

    @api.constrains("trigger", "odometer_threshold")
    def _check_odometer_threshold(self):
        for ritual_type in self:
            if (
                ritual_type.trigger == "odometer"
                and ritual_type.odometer_threshold <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "Odometer threshold of %(type)s must be positive.",
                        type=ritual_type.name,
                    )
                )
