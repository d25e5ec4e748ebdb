from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.cx_experience.batch import run_isolated

from ..tools import nps as nps_tools


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_cx_nps_survey(self):
        return self.env.ref(
            "cx_experience_nps.survey_after_service_nps", raise_if_not_found=False
        )

    cx_nps_survey_id = fields.Many2one(
        "survey.survey",
        string="NPS survey",
        domain=[("cx_is_nps_survey", "=", True)],
        default=_default_cx_nps_survey,
        help="Survey sent after a service; its score question is marked as NPS score.",
    )
    cx_nps_delay_days = fields.Integer(
        string="NPS survey delay (days)",
        default=1,
        help="Days between the end of the visit and the NPS invitation.",
    )
    cx_nps_recent_days = fields.Integer(
        string="Survey visits of the last (days)",
        default=7,
        help="Only visits done within this many days are surveyed: visits recorded "
        "late or imported at go-live are not.",
    )
    cx_nps_satisfaction_survey_id = fields.Many2one(
        "survey.survey",
        string="7-day satisfaction survey",
        help="Optional second survey sent some days after the visit (a 24 h call, "
        "then a satisfaction survey on day 7). Empty: not sent.",
    )
    cx_nps_satisfaction_delay_days = fields.Integer(
        string="Satisfaction survey delay (days)", default=7
    )
    cx_nps_reminder_days = fields.Integer(
        string="NPS reminder after (days)",
        default=3,
        help="One reminder when the survey is still unanswered after this many days; "
        "0: no reminder.",
    )
    cx_nps_expiry_days = fields.Integer(
        string="NPS invitation expires after (days)", default=14
    )
    cx_nps_fatigue_days = fields.Integer(
        string="NPS fatigue window (days)",
        default=30,
        help="A customer and their household get at most one survey in this window.",
    )
    cx_nps_oem_blackout_days = fields.Integer(
        string="OEM survey blackout (days)",
        default=0,
        help="The manufacturer surveys the customer in these days after a visit: no "
        "dealer survey is sent inside this blackout. 0: no blackout.",
    )
    cx_nps_min_responses = fields.Integer(
        string="Minimum responses for a leaderboard",
        default=30,
        help="Advisors and teams with fewer responses are greyed out and not ranked.",
    )
    # The follow-up SLAs, in hours after the answer: the one home of each deadline
    # (NPS follow-up, the recovery playbook's first call, the reports' reference).
    cx_nps_detractor_hours = fields.Integer(
        string="Detractor call within (hours)",
        default=nps_tools.FOLLOW_UP_HOURS[nps_tools.DETRACTOR],
        help="Also the deadline of a recovery case's first call, unless its playbook "
        "step or recovery rule sets its own.",
    )
    cx_nps_passive_hours = fields.Integer(
        string="Passive follow-up within (hours)",
        default=nps_tools.FOLLOW_UP_HOURS[nps_tools.PASSIVE],
    )
    cx_nps_promoter_hours = fields.Integer(
        string="Promoter follow-up within (hours)",
        default=nps_tools.FOLLOW_UP_HOURS[nps_tools.PROMOTER],
    )
    cx_nps_service_manager_id = fields.Many2one(
        "res.users",
        string="Service manager",
        domain=[("share", "=", False)],
        help="Calls detractors and receives overdue follow-ups; defaults to a CX "
        "manager of the company.",
    )

    cx_nps_last_report_month = fields.Date(
        string="Last monthly CX report",
        readonly=True,
        help="First day of the last month whose CX report was mailed to the managers.",
    )

    _cx_nps_recent_days_positive = models.Constraint(
        "CHECK (cx_nps_recent_days >= 0)",
        "Survey visits of the last (days) cannot be negative.",
    )
    _cx_nps_delays_positive = models.Constraint(
        "CHECK (cx_nps_delay_days >= 0 AND cx_nps_satisfaction_delay_days >= 0 "
        "AND cx_nps_reminder_days >= 0 AND cx_nps_expiry_days >= 0 "
        "AND cx_nps_fatigue_days >= 0 AND cx_nps_oem_blackout_days >= 0 "
        "AND cx_nps_min_responses >= 0 AND cx_nps_detractor_hours >= 0 "
        "AND cx_nps_passive_hours >= 0 AND cx_nps_promoter_hours >= 0)",
        "NPS delays, windows and minimum responses cannot be negative.",
    )

    @api.model
    def _cx_set_default_nps_survey(self):
        """Give the seeded NPS survey to companies that have none (install, new data)."""
        survey = self._default_cx_nps_survey()
        if survey:
            self.sudo().search(
                [("cx_nps_survey_id", "=", False)]
            ).cx_nps_survey_id = survey

    def _cx_nps_follow_up_hours(self):
        """{NPS category: hours to follow up its answers} of this company."""
        self.ensure_one()
        return {
            nps_tools.DETRACTOR: self.cx_nps_detractor_hours,
            nps_tools.PASSIVE: self.cx_nps_passive_hours,
            nps_tools.PROMOTER: self.cx_nps_promoter_hours,
        }

    def _cx_service_manager(self):
        """The NPS setting's service manager first."""
        self.ensure_one()
        return self.cx_nps_service_manager_id or super()._cx_service_manager()

    def _cx_nps_service_manager(self):
        """The service manager of this company: the setting, else a CX manager."""
        return self._cx_service_manager()

    @api.model
    def _cron_cx_monthly_report(self):
        """Mail last month's CX report PDF to the service manager and CX managers of
        each company with responses (once per month and company)."""
        today = fields.Date.context_today(self)
        date_from = today.replace(day=1) - relativedelta(months=1)
        date_to = date_from + relativedelta(months=1)
        report = self.env.ref("cx_experience_nps.action_report_cx_monthly").sudo()
        managers = self.env.ref("cx_experience.group_cx_manager").sudo().all_user_ids
        counts = dict(
            self.env["cx.nps.response"]
            .sudo()
            ._read_group(
                [
                    ("date", ">=", fields.Datetime.to_datetime(date_from)),
                    ("date", "<", fields.Datetime.to_datetime(date_to)),
                    ("counts_in_nps", "=", True),
                ],
                ["company_id"],
                ["__count"],
            )
        )
        sent = {}

        def send(companies):
            for company in companies:
                mail = company._cx_send_monthly_report(
                    date_from, date_to, report, managers
                )
                if mail:
                    sent[company.id] = mail.id

        # one company at a time, each committed: a late failure (mail server,
        # renderer) never loses the reports already sent
        for company in self.env["res.company"].browse([c.id for c in counts]):
            _done, failures = run_isolated(company, send, "Monthly CX report")
            for company_id in failures:
                sent.pop(company_id, None)
            self.env["ir.cron"]._commit_progress(1)
        return self.env["mail.mail"].sudo().browse(sorted(sent.values()))

    def _cx_send_monthly_report(self, date_from, date_to, report, managers):
        """Render and mail one company's monthly report; the mail, or None."""
        self.ensure_one()
        company = self
        if company.cx_nps_last_report_month == date_from:
            return None
        recipients = (
            managers.filtered(
                lambda u, c=company: c in u.company_ids and not u.share and u.email
            )
            | company._cx_nps_service_manager()
        ).partner_id.filtered("email")
        if not recipients:
            return None
        month = date_from.strftime("%Y-%m")
        content, _kind = report._render_qweb_pdf(
            report.report_name,
            company.ids,
            data={
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            },
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"CX report {month} - {company.name}.pdf",
                    "raw": content,
                    # advisor ranking and compensation: attached to no record,
                    # so only its mail's recipients get it (never every employee
                    # who can read the company)
                    "res_model": False,
                    "res_id": False,
                    "mimetype": "application/pdf",
                }
            )
        )
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": self.env._(
                        "CX report %(month)s - %(company)s",
                        month=month,
                        company=company.name,
                    ),
                    "body_html": self.env._(
                        "<p>The monthly CX report of %(month)s is attached.</p>",
                        month=month,
                    ),
                    "email_from": company.email_formatted
                    or self.env.user.email_formatted,
                    "recipient_ids": [(6, 0, recipients.ids)],
                    "attachment_ids": [(6, 0, attachment.ids)],
                    "auto_delete": True,
                }
            )
        )
        company.cx_nps_last_report_month = date_from
        return mail
