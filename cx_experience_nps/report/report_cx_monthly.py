from collections import Counter

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..tools import nps as nps_tools


class ReportCxMonthly(models.AbstractModel):
    """Values of the monthly CX report PDF (override ``_get_report_values`` to add
    sections; the template has a ``cx_report_extra`` hook)."""

    _name = "report.cx_experience_nps.report_cx_monthly"
    _description = "Monthly CX report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        today = fields.Date.context_today(self)
        date_from = (
            fields.Date.to_date(data["date_from"])
            if data.get("date_from")
            else today.replace(day=1) - relativedelta(months=1)
        )
        date_to = (
            fields.Date.to_date(data["date_to"])
            if data.get("date_to")
            else date_from + relativedelta(months=1)
        )
        companies = self.env["res.company"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.company",
            "docs": companies,
            "date_from": date_from,
            "date_to": date_to,
            "cx_data": {
                company.id: self._cx_company_data(company, date_from, date_to)
                for company in companies
            },
        }

    def _counts(self, domain, groupby):
        """{group key: (promoters, passives, detractors)} in one query."""
        result = {}
        rows = self.env["cx.nps.response"]._read_group(
            domain, [*groupby, "category"], ["__count"]
        )
        for *keys, category, count in rows:
            key = tuple(keys) if len(keys) > 1 else keys[0]
            counts = result.setdefault(key, Counter())
            counts[category] += count
        return {
            key: (c[nps_tools.PROMOTER], c[nps_tools.PASSIVE], c[nps_tools.DETRACTOR])
            for key, c in result.items()
        }

    @api.model
    def _row(self, label, counts, minimum):
        total = sum(counts)
        score = nps_tools.nps(*counts)
        reliable = total >= minimum
        interval = reliable and nps_tools.confidence_interval(*counts)
        return {
            "label": label,
            "count": total,
            "nps": score,
            "band": nps_tools.band(score),
            "reliable": reliable,
            "ci": interval or None,
        }

    @api.model
    def _cx_company_data(self, company, date_from, date_to):
        Response = self.env["cx.nps.response"]
        base = [("company_id", "=", company.id), ("counts_in_nps", "=", True)]
        period = [
            *base,
            ("date", ">=", fields.Datetime.to_datetime(date_from)),
            ("date", "<", fields.Datetime.to_datetime(date_to)),
        ]
        minimum = company.cx_nps_min_responses
        # trend: six months up to the reported one
        trend_from = date_from - relativedelta(months=5)
        trend_counts = self._counts(
            [
                *base,
                ("date", ">=", fields.Datetime.to_datetime(trend_from)),
                ("date", "<", fields.Datetime.to_datetime(date_to)),
            ],
            ["date:month"],
        )
        trend = []
        month = trend_from
        while month < date_to:
            counts = next(
                (
                    c
                    for k, c in trend_counts.items()
                    if k and fields.Date.to_date(k) == month
                ),
                (0, 0, 0),
            )
            trend.append(self._row(month.strftime("%Y-%m"), counts, 1))
            month += relativedelta(months=1)
        month_counts = self._counts(period, ["company_id"]).get(company, (0, 0, 0))
        leaderboard = [
            self._row(advisor.name, counts, minimum)
            for advisor, counts in self._counts(period, ["advisor_id"]).items()
            if advisor
        ]
        leaderboard.sort(
            key=lambda r: (not r["reliable"], -(r["nps"] or 0), -r["count"])
        )
        causes = Response._read_group(
            [*period, ("root_cause", "!=", False)],
            ["root_cause"],
            ["__count"],
            order="__count desc",
            limit=5,
        )
        cause_labels = dict(
            Response._fields["root_cause"]._description_selection(self.env)
        )
        sla = []
        category_labels = dict(
            Response._fields["category"]._description_selection(self.env)
        )
        rows = Response._read_group(
            [*period, ("follow_up_deadline", "!=", False)],
            ["category", "follow_up_overdue"],
            ["__count"],
        )
        done_rows = {
            (category, overdue): count
            for category, overdue, count in Response._read_group(
                [
                    *period,
                    ("follow_up_deadline", "!=", False),
                    ("follow_up_done_date", "!=", False),
                ],
                ["category", "follow_up_overdue"],
                ["__count"],
            )
        }
        for category in (nps_tools.DETRACTOR, nps_tools.PASSIVE, nps_tools.PROMOTER):
            total = sum(c for cat, _o, c in rows if cat == category)
            overdue = sum(c for cat, o, c in rows if cat == category and o)
            in_time = done_rows.get((category, False), 0)
            sla.append(
                {
                    "label": category_labels[category],
                    "total": total,
                    "in_time": in_time,
                    "overdue": overdue,
                    "open": total - in_time - done_rows.get((category, True), 0),
                    "compliance": 100.0 * in_time / total if total else None,
                }
            )
        return {
            "month": self._row(date_from.strftime("%Y-%m"), month_counts, 1),
            "trend": trend,
            "leaderboard": leaderboard,
            "minimum": minimum,
            "causes": [(cause_labels[cause], count) for cause, count in causes],
            "sla": sla,
            "bands": dict(
                self.env["cx.nps.leaderboard"]
                ._fields["band"]
                ._description_selection(self.env)
            ),
        }
