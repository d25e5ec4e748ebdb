from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CxFamilyMember(models.Model):
    """A member of a customer's family (e.g. daughter 朵朵, 5, child seat)."""

    _name = "cx.family.member"
    _description = "Customer family member"
    _order = "partner_id, birthday, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    # the dealer that learnt about the family keeps it (part of its CX profile)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    name = fields.Char(required=True)
    relation = fields.Selection(
        [
            ("spouse", "Spouse"),
            ("child", "Child"),
            ("parent", "Parent"),
            ("sibling", "Sibling"),
            ("other", "Other"),
        ],
        required=True,
        default="child",
    )
    birthday = fields.Date()
    notes = fields.Char(help="E.g. needs a child seat, allergic to pets.")

    @api.constrains("name")
    def _check_name(self):
        for member in self:
            if not (member.name or "").strip():
                raise ValidationError(self.env._("A family member needs a name."))

    @api.constrains("birthday")
    def _check_birthday(self):
        today = fields.Date.context_today(self)
        for member in self:
            if member.birthday and member.birthday > today:
                raise ValidationError(
                    self.env._(
                        "Birthday of family member %(name)s cannot be in the future.",
                        name=member.name,
                    )
                )
