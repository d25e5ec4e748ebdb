from odoo import fields, models

SECTIONS = [
    ("delivery", "Delivery"),
    ("safety", "Safety (must tell)"),
    ("comfort", "Comfort (suggest)"),
    ("feature", "Feature education"),
    ("scenario", "Scenario"),
]


class CxChecklistTemplateItem(models.Model):
    """One item of a checklist template."""

    _name = "cx.checklist.template.item"
    _description = "Checklist template item"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "cx.checklist.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    section = fields.Selection(SECTIONS, default="delivery", required=True)
    hint = fields.Char(translate=True, help="How to check it, or what to say.")
