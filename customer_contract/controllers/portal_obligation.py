# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq

from .portal import CustomerContractPortal


class CustomerContractObligationPortal(CustomerContractPortal):
    """The customer's obligations on the contract's portal page, and the
    evidence he submits for them.

    The evidence is sent by a plain multipart form (CSRF token, access token
    of the link if any) to a route of ours rather than through the portal's
    ``/portal/attachment/add``: those attachments wait, unbound, for a chatter
    message on a document the visitor may post on, and the customer cannot
    read obligations; here one request checks the contract and the obligation,
    stores the files on the obligation, moves its evidence state and asks
    the owner to review, all or nothing, and works without JavaScript.
    """

    def _contract_get_page_view_values(self, contract, access_token, **kwargs):
        values = super()._contract_get_page_view_values(
            contract, access_token, **kwargs
        )
        values["evidence_access_token"] = (
            access_token
            if self._contract_token_is_valid(contract, access_token)
            else None
        )
        values["evidence_can_submit"] = bool(
            self._evidence_submitter(contract, access_token)
        )
        return values

    def _contract_token_is_valid(self, contract_sudo, access_token):
        return bool(
            access_token
            and contract_sudo.access_token
            and consteq(contract_sudo.access_token, access_token)
        )

    def _evidence_submitter(self, contract_sudo, access_token):
        """The contact who submits evidence for the customer of the contract:
        the portal user of the customer, or whoever holds the contract's link
        (as the customer, like a comment posted with the link); nobody else,
        not even a user of ours who can read the contract.

        :return: a partner, empty when the visitor may not submit
        """
        user = request.env.user
        partner = user.partner_id
        if (
            not user._is_public()
            and partner.commercial_partner_id == contract_sudo.commercial_partner_id
        ):
            return partner
        if self._contract_token_is_valid(contract_sudo, access_token):
            return (
                contract_sudo._mail_get_partners()[contract_sudo.id][:1]
                or contract_sudo.commercial_partner_id
            )
        return request.env["res.partner"]

    @http.route(
        ["/my/contracts/<int:contract_id>/obligations/<int:obligation_id>/evidence"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_obligation_submit_evidence(
        self, contract_id, obligation_id, access_token=None, note=None, **kwargs
    ):
        try:
            contract_sudo = self._document_check_access(
                "customer.contract", contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        partner = self._evidence_submitter(contract_sudo, access_token)
        if not partner:
            return request.redirect("/my")
        # Read as the visitor's environment sudoed (not the superuser's of
        # the contract): the files are checked as uploaded by him.
        obligation_sudo = (
            request.env["customer.contract.obligation"]
            ._get_portal_obligations(contract_sudo)
            .filtered(lambda obligation: obligation.id == obligation_id)
        )
        token = (
            access_token
            if self._contract_token_is_valid(contract_sudo, access_token)
            else None
        )
        page_url = contract_sudo.access_url + (
            f"?access_token={token}" if token else ""
        )
        if not obligation_sudo:
            return request.redirect(page_url)
        files = [
            (upload.filename or "evidence", upload.read())
            for upload in request.httprequest.files.getlist("evidence_files")
            if upload.filename
        ]
        try:
            # All or nothing: no file is kept when one is refused.
            with request.env.cr.savepoint():
                obligation_sudo._portal_submit_evidence(files, partner, note=note)
        except UserError as error:
            values = self._contract_get_page_view_values(
                contract_sudo, access_token, **kwargs
            )
            values.update(
                {
                    "evidence_error": error.args[0],
                    "evidence_error_obligation_id": obligation_id,
                }
            )
            return request.render(
                "customer_contract.portal_contract_page", values, status=400
            )
        return request.redirect(f"{page_url}#obligation_{obligation_id}")
