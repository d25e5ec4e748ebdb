import re

from odoo.tests import TransactionCase, tagged

OURS = ("cx_experience", "cx_experience_nps", "cx_experience_recovery")
INTERNAL = re.compile(r"\bseed\s*0\d\d", re.IGNORECASE)


@tagged("post_install", "-at_install")
class TestUserStrings(TransactionCase):
    """Help texts, views and action helps never cite internal documents."""

    def test_no_internal_document_names(self):
        found = []
        for model in self.env.registry.models.values():
            for name, field in model._fields.items():
                if field._module in OURS and field.help and INTERNAL.search(field.help):
                    found.append(f"{model._name}.{name}")
        data = self.env["ir.model.data"].search(
            [
                ("module", "in", OURS),
                ("model", "in", ["ir.ui.view", "ir.actions.act_window"]),
            ]
        )
        for xmlid in data:
            record = self.env[xmlid.model].browse(xmlid.res_id)
            text = record.arch_db if xmlid.model == "ir.ui.view" else record.help
            if text and INTERNAL.search(str(text)):
                found.append(f"{xmlid.module}.{xmlid.name}")
        self.assertEqual(found, [])
