from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    cx_is_complaint = fields.Boolean(
        string="Complaint",
        help="Tickets of this category open a recovery case for their customer.",
    )
