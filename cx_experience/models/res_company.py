from odoo import fields, models

from ..tools import quiet_hours, visit_link, visit_messages


class ResCompany(models.Model):
    _inherit = "res.company"

    cx_contact_budget = fields.Integer(
        string="CX contact budget",
        default=4,
        help="Maximum outbound customer-experience contacts (surveys, rituals, "
        "follow-ups) per customer in any 30-day window. 0 means no limit.",
    )
    cx_contact_budget_days = fields.Integer(
        string="CX contact budget window (days)",
        default=30,
    )

    cx_visit_link_days = fields.Integer(
        string="Visit page open for (days)",
        default=visit_link.VISIT_LINK_DAYS,
        help="The customer's visit page stops working this many days after the car "
        "is delivered.",
    )
    cx_visit_messages = fields.Boolean(
        string="Messages at each moment of a visit",
        default=True,
        help="Booking confirmation, reminder, technician on the way, repair progress, "
        "service report and thank-you go out by themselves. Turn off while importing "
        "existing bookings.",
    )
    cx_pre_arrival_minutes = fields.Integer(
        string="Technician on the way, minutes before",
        default=visit_messages.PRE_ARRIVAL_MINUTES,
        help="For mobile service: the customer is told this many minutes before the "
        "technician's estimated arrival.",
    )
    cx_quiet_hour_start = fields.Float(
        string="Quiet hours from",
        default=quiet_hours.DEFAULT_START,
        help="No survey, reminder or greeting goes out to a customer between these "
        "hours of the customer's time zone (else the company's); they go out when "
        "the quiet hours end. The same hour twice: no quiet hours.",
    )
    cx_quiet_hour_end = fields.Float(
        string="Quiet hours until", default=quiet_hours.DEFAULT_END
    )

    _cx_quiet_hours_valid = models.Constraint(
        "CHECK (cx_quiet_hour_start >= 0 AND cx_quiet_hour_start < 24"
        " AND cx_quiet_hour_end >= 0 AND cx_quiet_hour_end < 24)",
        "Quiet hours are hours of the day, from 00:00 to 23:59.",
    )
    _cx_visit_link_days_positive = models.Constraint(
        "CHECK (cx_visit_link_days >= 0)",
        "Visit page open for (days): the number of days cannot be negative.",
    )
    _cx_pre_arrival_minutes_positive = models.Constraint(
        "CHECK (cx_pre_arrival_minutes >= 0)",
        "Technician on the way: the minutes before arrival cannot be negative.",
    )
    _cx_contact_budget_positive = models.Constraint(
        "CHECK (cx_contact_budget >= 0 AND cx_contact_budget_days >= 1)",
        "The CX contact budget cannot be negative and its window lasts at least one "
        "day.",
    )

    # tiers: lifetime value settings

    cx_ltv_expected_years = fields.Float(
        string="Expected remaining years",
        default=5.0,
        help="预期服务年限: years a customer is expected to keep servicing with us.",
    )
    cx_ltv_referral_step = fields.Float(
        string="Referral coefficient per referred customer",
        default=0.1,
        help="转介绍系数: 1 + this per customer referred, up to the cap.",
    )
    cx_ltv_referral_cap = fields.Float(string="Referral coefficient cap", default=1.5)

    _cx_ltv_years_positive = models.Constraint(
        "CHECK (cx_ltv_expected_years >= 0)",
        "Expected remaining years cannot be negative.",
    )
    _cx_ltv_referral_positive = models.Constraint(
        "CHECK (cx_ltv_referral_step >= 0 AND cx_ltv_referral_cap >= 1)",
        "The referral coefficient step cannot be negative and its cap is at least 1.",
    )

    def _cx_service_manager(self):
        """The service manager of this company: a CX manager of the company (the NPS
        addon prefers its setting)."""
        self.ensure_one()
        group = self.env.ref("cx_experience.group_cx_manager")
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("group_ids", "in", group.ids),
                    ("company_ids", "in", self.ids),
                    ("share", "=", False),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                order="id",
                limit=1,
            )
        ) or self.env.ref("base.user_admin")
