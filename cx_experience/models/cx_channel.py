from odoo import api, fields, models

SENDERS = [
    ("mail", "Email (mail template)"),
    ("sms", "SMS (Odoo SMS app)"),
    ("task", "Task for staff"),
    ("none", "No sender yet"),
]
# senders that reach a customer without staff: surveys, greetings, reminders
AUTOMATIC = ("mail", "sms")


class CxChannel(models.Model):
    """A way to reach a customer (email, SMS, WeChat, phone call, face to face).

    The sender says how the product sends on it: a mail template, Odoo's SMS app, a
    task for staff (calls, visits), or nothing yet (WeChat until a connector is
    installed: a customer may prefer it, nothing is ever reported sent on it).
    """

    _name = "cx.channel"
    _description = "Contact channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical key of the channel (email, sms, wechat, phone, visit...).",
    )
    sequence = fields.Integer(
        default=10,
        help="Order of the fallback when a customer's preferred channel cannot be used.",
    )
    active = fields.Boolean(default=True)
    sender = fields.Selection(
        SENDERS,
        required=True,
        default="none",
        help="How messages go out on this channel. A channel without a sender can be "
        "a customer's preference; messages then fall back to another channel, with "
        "the reason in the contact log.",
    )

    _code_unique = models.Constraint(
        "UNIQUE(code)", "Another channel already uses this code."
    )

    @api.model
    def _cx_get(self, code):
        """The channel of ``code`` (archived ones included), or an empty record."""
        if not code:
            return self.browse()
        if isinstance(code, models.BaseModel):
            return code
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("code", "=", code)], limit=1)
        )

    def _cx_refusal(self, partner, transactional=False):
        """Why this channel cannot reach ``partner`` automatically, or None.

        ``transactional``: a service message the customer asked for (booking
        confirmation, progress, report); blacklists, which are opt-outs of
        marketing, do not stop it.
        """
        self.ensure_one()
        partner = partner.sudo()
        if not self.active:
            return self.env._("Channel %(channel)s is archived", channel=self.name)
        if self.sender not in AUTOMATIC:
            return self.env._(
                "Channel %(channel)s has no automatic sender", channel=self.name
            )
        if self.sender == "mail":
            if not partner.email:
                return self.env._("No email address")
            if partner.is_blacklisted and not transactional:
                return self.env._("Email address blacklisted")
            return None
        if "sms.sms" not in self.env:
            return self.env._("The SMS app is not installed")
        if not partner.phone:
            return self.env._("No mobile number")
        if (
            "phone_blacklisted" in partner._fields
            and partner.phone_blacklisted
            and not transactional
        ):
            return self.env._("Mobile number blacklisted")
        return None

    @api.model
    def _cx_route(self, partners, senders=AUTOMATIC, transactional=False):
        """{partner id: (channel, note)}: the channel each customer is reached on.

        The customer's preferred channel when it can reach them with one of
        ``senders``, else the first active channel of those senders that can (``note``
        says why the preference was not used); ``(empty channel, reason)`` when none
        can. The contact log keeps the note or the reason. ``transactional``: see
        :meth:`_cx_refusal`.
        """
        channels = self.sudo().search([("sender", "in", list(senders))])
        routes = {}
        for partner in partners.sudo():
            preferred = partner.cx_preferred_channel_id
            note = None
            if preferred:
                if preferred.sender in senders:
                    note = preferred._cx_refusal(partner, transactional)
                else:
                    note = self.env._(
                        "Channel %(channel)s has no automatic sender",
                        channel=preferred.name,
                    )
                if not note:
                    routes[partner.id] = (preferred, None)
                    continue
            refusals = []
            for channel in channels - preferred:
                refusal = channel._cx_refusal(partner, transactional)
                if not refusal:
                    if note:
                        note = self.env._(
                            "%(reason)s: sent by %(channel)s instead",
                            reason=note,
                            channel=channel.name,
                        )
                    routes[partner.id] = (channel, note)
                    break
                refusals.append(refusal)
            else:
                reasons = ([note] if note else []) + refusals
                routes[partner.id] = (
                    self.browse(),
                    "; ".join(reasons)
                    or self.env._("No channel can reach the customer"),
                )
        return routes
