from random import randint

from odoo import fields, models


class CxLifestyleTag(models.Model):
    """Lifestyle of a customer (pets, long commutes, road trips...), like partner tags."""

    _name = "cx.lifestyle.tag"
    _description = "Customer lifestyle tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "UNIQUE (name)", "This lifestyle tag already exists."
    )
