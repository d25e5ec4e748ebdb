from odoo import api, fields, models


class CxChecklist(models.Model):
    """A checklist run on one visit, copied from its template."""

    _name = "cx.checklist"
    _description = "Visit checklist"
    _order = "service_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    sequence = fields.Integer(related="template_id.sequence", store=True)
    template_id = fields.Many2one(
        "cx.checklist.template", required=True, ondelete="restrict", index=True
    )
    kind = fields.Selection(related="template_id.kind", store=True)
    required_for_done = fields.Boolean(
        related="template_id.required_for_done", store=True
    )
    service_id = fields.Many2one(
        "fleet.vehicle.log.services",
        string="Visit",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        precompute=True,
        required=True,
        index=True,
    )
    vehicle_id = fields.Many2one(
        related="service_id.vehicle_id", store=True, index="btree_not_null"
    )
    partner_id = fields.Many2one(
        related="service_id.purchaser_id",
        store=True,
        string="Customer",
        index="btree_not_null",
    )
    advisor_id = fields.Many2one(related="service_id.advisor_id", store=True)
    item_ids = fields.One2many("cx.checklist.item", "checklist_id", string="Items")
    item_count = fields.Integer(compute="_compute_progress", store=True)
    todo_count = fields.Integer(compute="_compute_progress", store=True, string="To do")
    finding_count = fields.Integer(
        compute="_compute_progress", store=True, string="Findings"
    )
    progress = fields.Float(compute="_compute_progress", store=True, aggregator="avg")
    is_complete = fields.Boolean(
        compute="_compute_progress", store=True, string="Complete"
    )

    _service_template_uniq = models.UniqueIndex(
        "(service_id, template_id)", "A visit runs each checklist template once."
    )

    @api.depends("template_id")
    def _compute_name(self):
        for checklist in self:
            checklist.name = checklist.template_id.name

    @api.depends("service_id.company_id")
    def _compute_company_id(self):
        for checklist in self:
            checklist.company_id = checklist.service_id.company_id or self.env.company

    @api.depends("item_ids.result")
    def _compute_progress(self):
        for checklist in self:
            items = checklist.item_ids
            todo = items.filtered(lambda i: i.result == "todo")
            checklist.item_count = len(items)
            checklist.todo_count = len(todo)
            checklist.finding_count = len(
                items.filtered(lambda i: i.result == "finding")
            )
            checklist.progress = (
                100.0 * (len(items) - len(todo)) / len(items) if items else 100.0
            )
            checklist.is_complete = not todo

    @api.model
    def _cx_create_for_services(self, services):
        """Start the applicable templates on ``services``; skips the existing ones."""
        services = services.filtered(lambda s: s.state not in ("done", "cancelled"))
        if not services:
            return self.browse()
        templates = (
            self.env["cx.checklist.template"]
            .sudo()
            .search([("auto_create", "=", True)])
        )
        existing = set(
            self.sudo()
            .search([("service_id", "in", services.ids)])
            .mapped(lambda c: (c.service_id.id, c.template_id.id))
        )
        vals_list = []
        for service in services:
            for template in templates:
                if template.company_id and template.company_id != service.company_id:
                    continue
                if (service.id, template.id) in existing:
                    continue
                vals_list.append(
                    {
                        "service_id": service.id,
                        "template_id": template.id,
                        "item_ids": [
                            fields.Command.create(
                                {
                                    "name": item.name,
                                    "section": item.section,
                                    "hint": item.hint,
                                    "sequence": item.sequence,
                                }
                            )
                            for item in template.item_ids
                        ],
                    }
                )
        return self.create(vals_list)

    def action_mark_all_done(self):
        """Mark the items still to do as done (findings and recommendations stay)."""
        self.item_ids.filtered(lambda i: i.result == "todo").write({"result": "done"})
        return True

    def action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }
