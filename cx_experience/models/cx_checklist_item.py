from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .cx_checklist_template_item import SECTIONS


class CxChecklistItem(models.Model):
    """One item of a visit checklist: done, a finding, or a recommendation."""

    _name = "cx.checklist.item"
    _description = "Visit checklist item"
    _order = "checklist_id, sequence, id"

    checklist_id = fields.Many2one(
        "cx.checklist", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="checklist_id.company_id", store=True)
    service_id = fields.Many2one(
        related="checklist_id.service_id", store=True, index="btree_not_null"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    section = fields.Selection(SECTIONS, default="delivery", required=True)
    hint = fields.Char()
    result = fields.Selection(
        [
            ("todo", "To do"),
            ("done", "Done"),
            ("finding", "Finding"),
            ("recommendation", "Recommendation"),
        ],
        required=True,
        default="todo",
    )
    note = fields.Char(help="What was found or recommended.")
    activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, index="btree_not_null"
    )
    quoted = fields.Boolean(string="Quotation note", readonly=True, copy=False)

    @api.depends("name", "checklist_id")
    def _compute_display_name(self):
        for item in self:
            item.display_name = item.name

    def action_done(self):
        self.write({"result": "done"})

    def _cx_check_finding(self):
        for item in self:
            if item.result not in ("finding", "recommendation"):
                raise UserError(
                    self.env._(
                        "Result: mark %(item)s as a finding or a recommendation first.",
                        item=item.name,
                    )
                )

    def _cx_text(self):
        self.ensure_one()
        return "%s: %s" % (self.name, self.note) if self.note else self.name

    def action_follow_up_activity(self):
        """Schedule a follow-up activity on the visit for this finding."""
        self._cx_check_finding()
        for item in self.filtered(lambda i: not i.activity_id):
            service = item.service_id
            item.activity_id = service.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Follow up: %(item)s", item=item.name),
                note=item._cx_text(),
                user_id=(service.advisor_id or self.env.user).id,
            )
        return True

    def action_quotation_note(self):
        """Log the finding on the visit as a note for the next quotation."""
        self._cx_check_finding()
        for item in self.filtered(lambda i: not i.quoted):
            item.service_id.message_post(
                body=Markup("<p><b>%s</b> %s</p>")
                % (self.env._("Quotation note:"), item._cx_text()),
                subtype_xmlid="mail.mt_note",
            )
            item.quoted = True
        return True

    def action_cx_offer_finding(self):
        """Offer this finding to the customer: a finding of the visit (price, photo,
        urgency to fill in), which the customer approves or declines on their page."""
        self.ensure_one()
        self._cx_check_finding()
        finding = self.env["cx.visit.finding"].search(
            [("checklist_item_id", "=", self.id)], limit=1
        ) or self.env["cx.visit.finding"].create(
            {
                "service_id": self.service_id.id,
                "checklist_item_id": self.id,
                "name": self._cx_text(),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cx.visit.finding",
            "res_id": finding.id,
            "view_mode": "form",
            "target": "current",
        }
