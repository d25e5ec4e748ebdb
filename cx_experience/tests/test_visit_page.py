import base64
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import BaseCase, HttpCase, tagged

from ..tools import visit_link
from .common_tiers import CxTierRitualCase

# a 1x1 PNG: the technician's photo of the swollen battery
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestVisitLinkRules(BaseCase):
    def test_tokens_are_long_and_random(self):
        tokens = {visit_link.new_token() for _i in range(50)}
        self.assertEqual(len(tokens), 50)
        self.assertTrue(all(len(t) >= 43 for t in tokens))

    def test_expiry_counts_from_delivery(self):
        delivered = datetime(2026, 3, 1, 10, 0)
        self.assertIsNone(visit_link.expires_at(None, 30))
        self.assertEqual(
            visit_link.expires_at(delivered, 30), datetime(2026, 3, 31, 10, 0)
        )
        self.assertFalse(visit_link.is_expired(None, 30, datetime(2030, 1, 1)))
        self.assertFalse(
            visit_link.is_expired(delivered, 30, datetime(2026, 3, 31, 9, 59))
        )
        self.assertTrue(
            visit_link.is_expired(delivered, 30, datetime(2026, 3, 31, 10, 0))
        )
        self.assertTrue(visit_link.is_expired(delivered, 0, delivered))


class VisitPageCase(HttpCase, CxTierRitualCase):
    """A VIP customer's visit with staff-only data around it, and its page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer, cls.vehicle = cls._customer(
            "Page VIP",
            [(30 * i, 15000) for i in range(1, 8)],
            cx_drink="Americano, no sugar",
            comment="Internal: argues about every invoice",
        )
        cls.env["cx.tier.run"]._cx_recompute_tiers(partner_ids=cls.customer.ids)
        cls.other = cls.env["res.partner"].create({"name": "Other Customer Zhao"})
        cls.advisor.partner_id.phone = "+86 138 0000 1234"
        cls.env.company.phone = "+86 21 5555 0000"
        cls.service = cls.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": cls.vehicle.id,
                "service_type_id": cls.service_type.id,
                "advisor_id": cls.advisor.id,
                "notes": "Internal: workshop cost 812 yuan",
                "description": "Battery module replaced",
                "amount": 2380,
                "state": "new",
            }
        )
        cls.photo = cls.env["ir.attachment"].create(
            {"name": "swollen-battery.png", "raw": PNG, "mimetype": "image/png"}
        )
        cls.hidden = cls.env["ir.attachment"].create(
            {
                "name": "internal-cost-sheet.png",
                "raw": PNG,
                "res_model": "fleet.vehicle.log.services",
                "res_id": cls.service.id,
            }
        )

    def _path(self, service=None):
        url = (service or self.service).cx_portal_url
        self.assertTrue(url)
        return url[url.index("/cx/visit/") :]

    def _secrets(self):
        self.assertEqual(self.customer.cx_tier_id, self.vip)
        return (
            self.vip.name,
            "%.0f" % self.customer.cx_ltv,
            "Americano",
            "argues about every invoice",
            "workshop cost 812",
            "internal-cost-sheet",
            "Other Customer Zhao",
        )


@tagged("post_install", "-at_install")
class TestVisitPage(VisitPageCase):
    """Issue 14 point 1: the customer's page of a visit, with only the link."""

    def test_customer_follows_the_visit_with_the_link_only(self):
        service = self.service
        self.assertTrue(service.cx_portal_url, "the booking gives the customer a link")
        service.write({"state": "running"})
        self.assertGreaterEqual(len(service.cx_access_token), 43)
        page = self.url_open(self._path())
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.env.company.name, page.text)
        self.assertIn(self.advisor.name, page.text)
        self.assertIn("+86 138 0000 1234", page.text)
        self.assertIn("Car received", page.text)
        self.assertIn("10%", page.text)
        self.assertEqual(page.headers.get("Cache-Control"), "no-store")
        # the advisor moves the stage: the customer's reload shows it
        service.with_user(self.advisor).action_cx_next_repair_stage()
        service.cx_shared_attachment_ids = self.photo
        page = self.url_open(self._path())
        self.assertIn("20%", page.text)
        self.assertIn("/file/%s" % self.photo.id, page.text)
        photo = self.url_open(self._path() + "/file/%s" % self.photo.id)
        self.assertEqual(photo.status_code, 200)
        self.assertEqual(photo.content, PNG)
        # what is attached but not shared is not served
        self.assertEqual(
            self.url_open(self._path() + "/file/%s" % self.hidden.id).status_code, 404
        )
        self.assertEqual(self.url_open(self._path() + "/advisor").status_code, 200)
        for secret in self._secrets():
            self.assertNotIn(secret, page.text)
        # at the end, the service report
        service.with_user(self.manager).action_cx_override_done()
        page = self.url_open(self._path())
        self.assertIn("Service report", page.text)
        self.assertIn("Battery module replaced", page.text)
        self.assertIn("2,380", page.text)
        self.assertIn("100%", page.text)
        for secret in self._secrets():
            self.assertNotIn(secret, page.text)

    def test_revoked_and_expired_links_are_refused_clearly(self):
        service = self.service
        service.write({"state": "running"})
        path = self._path()
        service.with_user(self.advisor).action_cx_revoke_link()
        self.assertFalse(service.cx_portal_url)
        page = self.url_open(path)
        self.assertEqual(page.status_code, 404)
        self.assertIn("This link is not valid", page.text)
        self.assertIn("+86 21 5555 0000", page.text)
        self.assertTrue(
            service.message_ids.filtered(lambda m: "withdrawn" in (m.body or ""))
        )
        self.assertEqual(
            self.url_open(path + "/file/%s" % self.photo.id).status_code, 404
        )
        service.with_user(self.advisor).action_cx_new_link()
        path = self._path()
        self.assertEqual(self.url_open(path).status_code, 200)
        # 30 days (the setting) after delivery the page closes
        service.with_user(self.manager).action_cx_override_done()
        delivered = service.cx_delivered_at
        self.assertEqual(service.cx_link_expires_at, delivered + timedelta(days=30))
        with freeze_time(delivered + timedelta(days=29)):
            self.assertEqual(self.url_open(path).status_code, 200)
        self.env.company.cx_visit_link_days = 10
        with freeze_time(delivered + timedelta(days=11)):
            page = self.url_open(path)
        self.assertEqual(page.status_code, 410)
        self.assertIn("This visit page has expired", page.text)
        for guess in ("/cx/visit/abc", "/cx/visit/" + "A" * 43):
            self.assertEqual(self.url_open(guess).status_code, 404)

    def test_page_speaks_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["cx_experience"], ["zh_CN"])
        self.customer.lang = "zh_CN"
        self.service.write({"state": "running"})
        page = self.url_open(self._path())
        self.assertIn("维修进度", page.text)
        self.assertIn("已接车", page.text)
        self.assertNotIn("Repair progress", page.text)

    def test_only_staff_share_and_see_the_link(self):
        self.service.write({"state": "running"})
        fleet_user = self._cx_staff("cx_t14_page_fleet", "fleet.fleet_group_user")
        visible = self.service.with_user(fleet_user).fields_get()
        self.assertNotIn("cx_portal_url", visible)
        self.assertNotIn("cx_access_token", visible)
        self.assertIn(
            "cx_portal_url", self.service.with_user(self.advisor).fields_get()
        )
