import re

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools.rendering_tools import parse_inline_template

CX_GROUPS = ("cx_experience.group_cx_advisor", "cx_experience.group_cx_manager")

# fields rendered with placeholders; body_html is QWeb
INLINE_FIELDS = (
    "subject",
    "email_from",
    "email_to",
    "partner_to",
    "email_cc",
    "reply_to",
    "lang",
    "scheduled_date",
)
QWEB_EXPRESSION = re.compile(
    r"""\bt-(?:out|esc|raw|if|elif|foreach|set|value|att-[\w-]+|attf-[\w-]+)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""
)
NAME = re.compile(r"[A-Za-z_]\w*")
# ways around a field path: refused in mails to customers
ESCAPES = {"sudo", "env", "with_user", "with_env", "getattr", "_fields", "read"}


class MailTemplate(models.Model):
    """Mails to customers (templates of the CX models) never carry staff-only data.

    They are rendered as superuser by the crons, so the template itself is checked:
    no placeholder may name a field reserved to the CX groups (tier, LTV, RFM,
    profile, internal notes, compensation) nor step around field access.
    """

    _inherit = "mail.template"

    @api.model
    def _cx_staff_only_names(self):
        """Names of the fields that only the CX groups can read, in any model."""
        names = set()
        for model in self.env.registry.values():
            for name, field in model._fields.items():
                groups = field.groups or ""
                if any(group in groups for group in CX_GROUPS):
                    names.add(name)
        return names

    def _cx_expressions(self):
        """{template field: [expressions]} of this template in the context language."""
        self.ensure_one()
        found = {}
        for fname in INLINE_FIELDS:
            if fname in self._fields and self[fname]:
                found[fname] = [
                    expression
                    for _text, expression, _default in parse_inline_template(
                        str(self[fname])
                    )
                    if expression
                ]
        body = str(self.body_html or "")
        found["body_html"] = [
            double or single for double, single in QWEB_EXPRESSION.findall(body)
        ]
        return found

    def _cx_staff_only_references(self):
        """[(template field, name)] of the staff-only names or escapes it uses."""
        self.ensure_one()
        staff_only = self._cx_staff_only_names() | ESCAPES
        references = []
        for lang, _name in self.env["res.lang"].get_installed():
            translated = self.with_context(lang=lang)._cx_expressions()
            for fname, expressions in translated.items():
                for expression in expressions:
                    for name in NAME.findall(expression):
                        if name in staff_only and (fname, name) not in references:
                            references.append((fname, name))
        return references

    def _cx_is_customer_template(self):
        self.ensure_one()
        return bool(self.model and self.model.startswith("cx."))

    @api.constrains(*INLINE_FIELDS, "body_html", "model_id")
    def _check_cx_customer_safe(self):
        self.filtered(lambda t: t._cx_is_customer_template())._cx_check_customer_safe()

    def _cx_send_to_customers(self, res_ids, **kwargs):
        """send_mail_batch of a customer template, checked first."""
        self._cx_check_customer_safe()
        return self.send_mail_batch(res_ids, **kwargs)

    def _cx_check_customer_safe(self):
        """Refuse (clear error naming the field) a customer template that would put
        staff-only data in a mail; called on save and again before sending."""
        for template in self:
            references = template._cx_staff_only_references()
            if references:
                raise ValidationError(
                    self.env._(
                        "%(template)s: a mail to customers cannot use %(names)s "
                        "(reserved to the customer-experience team, or a way around "
                        "field access) in %(fields)s.",
                        template=template.name,
                        names=", ".join(sorted({name for _f, name in references})),
                        fields=", ".join(
                            sorted(
                                {
                                    template._fields[f].get_description(self.env)[
                                        "string"
                                    ]
                                    for f, _name in references
                                }
                            )
                        ),
                    )
                )
