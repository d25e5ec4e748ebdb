from odoo import fields, models


class CxChecklistTemplate(models.Model):
    """A checklist the workshop runs on each visit (delivery, proactive discovery...)."""

    _name = "cx.checklist.template"
    _description = "Checklist template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [
            ("delivery", "Delivery"),
            ("discovery", "Proactive discovery"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    required_for_done = fields.Boolean(
        string="Required to close the visit",
        help="The visit cannot be set to done before this checklist is complete "
        "(service managers may override; the override is logged).",
    )
    auto_create = fields.Boolean(
        string="Start on each visit",
        default=True,
        help="Add this checklist to every visit when it starts.",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the template in every company."
    )
    item_ids = fields.One2many(
        "cx.checklist.template.item", "template_id", string="Items", copy=True
    )
    description = fields.Text(translate=True)
