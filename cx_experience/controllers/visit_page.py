from functools import partial

from odoo import http
from odoo.http import request

# the customer's pages: public (the token is the key), never indexed, read only
page_route = partial(
    http.route,
    type="http",
    auth="public",
    methods=["GET"],
    sitemap=False,
    readonly=True,
)


class CxVisitPage(http.Controller):
    """The customer's page of their visit: no login, only the token of the link."""

    def _cx_visit(self, token):
        return request.env["fleet.vehicle.log.services"]._cx_from_token(token)

    def _cx_lang(self, lang):
        installed = dict(request.env["res.lang"].get_installed())
        if lang in installed:
            request.update_context(lang=lang)

    def _cx_refuse(self, service, reason):
        if service:
            self._cx_lang(service.purchaser_id.lang)
        company = service.company_id if service else request.env.company
        return request.render(
            "cx_experience.cx_visit_refused",
            {
                "reason": reason,
                "dealer": {
                    "id": company.id,
                    "name": company.name,
                    "phone": company.phone or "",
                },
            },
            status=410 if reason == "expired" else 404,
        )

    @page_route("/cx/visit/<string:token>")
    def cx_visit_page(self, token, **kwargs):
        service, refused = self._cx_visit(token)
        if refused:
            return self._cx_refuse(service, refused)
        values = service._cx_visit_page_values()
        self._cx_lang(values["lang"])
        response = request.render("cx_experience.cx_visit_page", values)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
        return response

    @page_route("/cx/visit/<string:token>/file/<int:attachment_id>")
    def cx_visit_file(self, token, attachment_id, **kwargs):
        """A photo, video or document the advisor shared with the customer."""
        service, refused = self._cx_visit(token)
        if refused or attachment_id not in service.cx_shared_attachment_ids.ids:
            raise request.not_found()
        attachment = service.cx_shared_attachment_ids.browse(attachment_id)
        stream = request.env["ir.binary"]._get_stream_from(attachment.sudo())
        return stream.get_response(as_attachment=False)

    @page_route("/cx/visit/<string:token>/advisor")
    def cx_visit_advisor(self, token, **kwargs):
        """The advisor's photo (their avatar), nothing else of their user."""
        service, refused = self._cx_visit(token)
        if refused or not service.advisor_id:
            raise request.not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(
            service.advisor_id.partner_id.sudo(), "avatar_128"
        )
        return stream.get_response()

    @page_route("/cx/visit/<string:token>/finding/<int:finding_id>/photo")
    def cx_visit_finding_photo(self, token, finding_id, **kwargs):
        service, refused = self._cx_visit(token)
        finding = service.cx_finding_ids.filtered(lambda f: f.id == finding_id)
        if refused or not finding.photo:
            raise request.not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(finding, "photo")
        return stream.get_response()

    @http.route(
        "/cx/visit/<string:token>/finding/<int:finding_id>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def cx_visit_finding_choice(self, token, finding_id, decision=None, **kwargs):
        """The customer approves or declines a finding on their page."""
        service, refused = self._cx_visit(token)
        finding = service.cx_finding_ids.filtered(lambda f: f.id == finding_id)
        if refused or not finding or service.state in ("done", "cancelled"):
            raise request.not_found()
        if decision in ("approved", "declined") and finding.state == "proposed":
            finding._cx_decide(
                decision,
                request.env.ref("cx_experience.cx_channel_portal").sudo(),
                by_customer=True,
            )
        return request.redirect(f"/cx/visit/{token}#cx_finding_{finding_id}", code=303)
