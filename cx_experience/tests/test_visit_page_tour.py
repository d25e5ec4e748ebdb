import base64

from odoo.tests import tagged

from .test_visit_page import PNG, VisitPageCase


@tagged("post_install", "-at_install")
class TestVisitPageTour(VisitPageCase):
    """Issue 14, done when: the customer with only the link, in headless Chromium."""

    def test_customer_tour(self):
        service = self.service
        self.advisor.name = "Tour Advisor"
        service.write({"state": "running"})
        path = self._path()
        self.start_tour(path, "cx_experience_visit_page_received")
        # the advisor moves the car on, shares the photo and offers two findings
        advisor_visit = service.with_user(self.advisor)
        advisor_visit.action_cx_next_repair_stage()
        service.cx_shared_attachment_ids = self.photo
        Finding = self.env["cx.visit.finding"].with_user(self.advisor)
        wipers, cabin = Finding.create(
            [
                {
                    "service_id": service.id,
                    "name": "Wiper blades streaking",
                    "price": 120,
                },
                {
                    "service_id": service.id,
                    "name": "Cabin filter clogged",
                    "price": 160,
                    "urgency": "can_wait",
                    "photo": base64.b64encode(PNG),
                },
            ]
        )
        self.start_tour(path, "cx_experience_visit_page_choices")
        self.assertEqual(wipers.state, "approved")
        self.assertEqual(cabin.state, "declined")
        service.with_user(self.manager).action_cx_override_done()
        self.start_tour(path, "cx_experience_visit_page_report")
