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

    def test_recovery_reads_in_chinese(self):
        """The CX menus and the recovery screens' labels and settings are translated
        for zh_CN users."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(list(OURS), ["zh_CN"])
        Fields = self.env["ir.model.fields"].with_context(lang="zh_CN")
        labels = {
            ("cx.recovery.case", "approval_state"): "审批状态",
            ("cx.recovery.playbook.step", "offset_hours"): "截止时间（开始后小时数）",
            ("cx.recovery.case.step", "channel_id"): "渠道",
        }
        for (model, name), label in labels.items():
            self.assertEqual(Fields._get(model, name).field_description, label)
        view = self.env.ref("cx_experience_recovery.res_config_settings_view_form")
        arch = view.with_context(lang="zh_CN").arch_db
        self.assertIn("最少方案数", arch)
        self.assertNotIn("Minimum options", arch)
        menu = self.env.ref("cx_experience.menu_cx_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "客户体验")
        # the customer's own mails: survey invitation, reminder and re-survey
        for xmlid, text in (
            ("cx_experience_nps.mail_template_cx_nps_invitation", "填写问卷"),
            ("cx_experience_nps.mail_template_cx_nps_reminder", "填写问卷"),
            ("cx_experience_nps.mail_template_cx_nps_referral", "服务顾问"),
            ("cx_experience_recovery.mail_template_recovery_resurvey", "简短问卷"),
        ):
            template = self.env.ref(xmlid).with_context(lang="zh_CN")
            self.assertIn(text, str(template.body_html))
            self.assertNotIn("Dear", str(template.body_html))
