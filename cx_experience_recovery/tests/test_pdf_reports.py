import shutil
import subprocess
import unittest
from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import RecoveryCase


@tagged("post_install", "-at_install")
@unittest.skipUnless(
    shutil.which("wkhtmltopdf") and shutil.which("pdftotext"),
    "wkhtmltopdf and pdftotext (installed by dev/runner.py) are needed",
)
class TestPdfReports(RecoveryCase, HttpCase):
    """Loop edges 1: each of our PDFs prints as a real PDF whose text can be read
    (and searched, and copied) in Latin and Chinese."""

    def _pdf_text(self, xmlid, ids, data=None):
        report = self.env.ref(xmlid)
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, ids, data=data)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout.decode()

    def test_briefing_pdf(self):
        self.customer.write(
            {
                "cx_drink": "Americano, no sugar",
                "cx_family_member_ids": [
                    fields.Command.create({"name": "朵朵", "relation": "child"})
                ],
            }
        )
        text = self._pdf_text(
            "cx_experience.action_report_cx_briefing", self.service.ids
        )
        self.assertIn("Pre-visit briefing", text)
        self.assertIn("Americano, no sugar", text)
        self.assertIn("朵朵", text)

    def test_recovery_kpi_pdf(self):
        with freeze_time(self.start):
            case = self._response(3).cx_recovery_case_ids
        text = self._pdf_text(
            "cx_experience_recovery.action_report_cx_recovery_kpis", case.ids
        )
        self.assertIn("Recovery KPIs", text)

    def test_monthly_pdf(self):
        with freeze_time(self.start):
            self._response(3)
        text = self._pdf_text(
            "cx_experience_nps.action_report_cx_monthly",
            self.company.ids,
            data={
                "date_from": fields.Date.to_string(date(2026, 3, 1)),
                "date_to": fields.Date.to_string(date(2026, 4, 1)),
            },
        )
        self.assertIn("CX report", text)
        self.assertIn(self.company.name, text)
