# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class CustomerContractSignedDocumentPortal(CustomerPortal):
    """Download of the sealed PDF of a contract, or of one of its amendments,
    by whoever may read the contract on the portal (the customer logged in,
    or the holder of the contract's link): the stored file, never rendered
    again."""

    def _signed_document_response(self, document):
        if not document._seal_is_sealed():
            return None
        attachment = document.signed_attachment_id
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment.sudo())
            .get_response(as_attachment=True)
        )

    def _signed_document_fallback(self, contract_sudo, access_token):
        """Back to the contract's page, with the link's token if any."""
        url = contract_sudo.access_url
        if access_token:
            url += f"?access_token={access_token}"
        return request.redirect(url)

    @http.route(
        ["/my/contracts/<int:contract_id>/signed_document"],
        type="http",
        auth="public",
        website=True,
        readonly=True,
    )
    def portal_contract_signed_document(self, contract_id, access_token=None, **kw):
        try:
            contract_sudo = self._document_check_access(
                "customer.contract", contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        response = self._signed_document_response(contract_sudo)
        return response or self._signed_document_fallback(contract_sudo, access_token)

    @http.route(
        [
            "/my/contracts/<int:contract_id>/amendments/<int:amendment_id>"
            "/signed_document"
        ],
        type="http",
        auth="public",
        website=True,
        readonly=True,
    )
    def portal_amendment_signed_document(
        self, contract_id, amendment_id, access_token=None, **kw
    ):
        try:
            contract_sudo = self._document_check_access(
                "customer.contract", contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        # Only the amendments the customer sees on the contract's page.
        amendment_sudo = contract_sudo._get_portal_amendments().filtered(
            lambda amendment: amendment.id == amendment_id
        )
        response = amendment_sudo and self._signed_document_response(amendment_sudo)
        return response or self._signed_document_fallback(contract_sudo, access_token)
