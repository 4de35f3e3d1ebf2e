# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

CONTRACT_ACTION_REF = "customer_contract.customer_contract_action"
CONTRACT_REPORT_REF = "customer_contract.customer_contract_report_action"
AMENDMENT_REPORT_REF = "customer_contract.customer_contract_amendment_report_action"


class CustomerContractPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "contract_count" in counters:
            Contract = request.env["customer.contract"]
            values["contract_count"] = (
                Contract.search_count(self._prepare_contracts_domain())
                if Contract.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # My contracts
    # ------------------------------------------------------------------
    def _prepare_contracts_domain(self, partner=None):
        """Contracts shown to the customer: those of their company, once shared."""
        partner = partner or request.env.user.partner_id
        return Domain(
            "commercial_partner_id", "=", partner.commercial_partner_id.id
        ) & Domain("state", "not in", ("draft", "cancelled"))

    def _get_contract_searchbar_sortings(self):
        return {
            "date": {
                "label": request.env._("Start Date"),
                "order": "date_start desc, id desc",
            },
            "reference": {
                "label": request.env._("Reference"),
                "order": "reference desc, id desc",
            },
            "name": {"label": request.env._("Title"), "order": "name, id"},
            "state": {
                "label": request.env._("Status"),
                "order": "state, date_start desc, id desc",
            },
        }

    def _get_contract_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": Domain.TRUE},
            "in_force": {
                "label": request.env._("In Force"),
                "domain": Domain("state", "in", ("signed", "active")),
            },
            "ended": {
                "label": request.env._("Ended"),
                "domain": Domain("state", "in", ("expired", "terminated")),
            },
        }

    def _prepare_contract_portal_rendering_values(
        self, page=1, sortby=None, filterby=None, **kwargs
    ):
        Contract = request.env["customer.contract"]
        url = "/my/contracts"
        values = self._prepare_portal_layout_values()

        searchbar_sortings = self._get_contract_searchbar_sortings()
        if sortby not in searchbar_sortings:
            sortby = "date"
        searchbar_filters = self._get_contract_searchbar_filters()
        if filterby not in searchbar_filters:
            filterby = "all"

        domain = (
            self._prepare_contracts_domain() & searchbar_filters[filterby]["domain"]
        )
        has_access = Contract.has_access("read")
        pager_values = portal_pager(
            url=url,
            total=Contract.search_count(domain) if has_access else 0,
            page=page,
            step=self._items_per_page,
            url_args={"sortby": sortby, "filterby": filterby},
        )
        contracts = (
            Contract.search(
                domain,
                order=searchbar_sortings[sortby]["order"],
                limit=self._items_per_page,
                offset=pager_values["offset"],
            )
            if has_access
            else Contract
        )
        values.update(
            {
                "contracts": contracts,
                "page_name": "contract",
                "pager": pager_values,
                "default_url": url,
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
                "searchbar_filters": searchbar_filters,
                "filterby": filterby,
            }
        )
        return values

    # Reading the list writes nothing: the links are the contracts' pages,
    # which the customer logged in opens without an access token.
    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_contracts(self, **kwargs):
        values = self._prepare_contract_portal_rendering_values(**kwargs)
        request.session["my_contracts_history"] = values["contracts"].ids[:100]
        return request.render("customer_contract.portal_my_contracts", values)

    # ------------------------------------------------------------------
    # One contract
    # ------------------------------------------------------------------
    def _contract_get_page_view_values(self, contract, access_token, **kwargs):
        """Values of the contract page; ``contract`` is sudoed, access checked."""
        values = {
            "page_name": "contract",
            "contract": contract,
            "report_type": "html",
            "res_company": contract.company_id,
            "backend_url": f"/odoo/action-{CONTRACT_ACTION_REF}/{contract.id}",
        }
        # No session history here: the portal's pager would give the previous
        # and next contracts an access token (a write on each page read).
        values = self._get_page_view_values(
            contract, access_token, values, None, False, **kwargs
        )
        values.update(self._contract_records_pager(contract))
        values.update(
            {
                "sign_document": contract,
                "sign_message": kwargs.get("message"),
                "sign_path": contract.access_url,
                "sign_token": contract.access_token or "",
            }
        )
        # The customer comments on the contract from the page: logged in,
        # with his rights (``_mail_post_access``); otherwise with the token
        # of the link he came with (set above). No token is created here.
        return values

    def _contract_records_pager(self, contract):
        """Previous and next contracts of the list the customer came from,
        linked without access token (he is logged in: the list needs it)."""
        history = request.session.get("my_contracts_history", [])
        if contract.id not in history:
            return {}
        index = history.index(contract.id)
        neighbours = {
            "prev_record": history[index - 1] if index else False,
            "next_record": history[index + 1] if index + 1 < len(history) else False,
        }
        return {
            key: contract.browse(record_id).access_url if record_id else False
            for key, record_id in neighbours.items()
        }

    @http.route(
        ["/my/contracts/<int:contract_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_contract_page(
        self, contract_id, report_type=None, access_token=None, download=False, **kw
    ):
        try:
            contract_sudo = self._document_check_access(
                "customer.contract", contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")

        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=contract_sudo,
                report_type=report_type,
                report_ref=CONTRACT_REPORT_REF,
                download=download,
            )

        values = self._contract_get_page_view_values(contract_sudo, access_token, **kw)
        return request.render("customer_contract.portal_contract_page", values)

    # ------------------------------------------------------------------
    # Amendments of a contract
    # ------------------------------------------------------------------
    def _contract_amendment_check_access(self, contract_id, amendment_id, access_token):
        """The amendment shown to whoever may read its contract (logged in
        customer, or holder of the contract's link): a signed one, or one
        sent for signature.

        :return: (contract, amendment), sudoed
        :raise MissingError: not such an amendment of this contract
        """
        contract_sudo = self._document_check_access(
            "customer.contract", contract_id, access_token=access_token
        )
        amendment_sudo = contract_sudo._get_portal_amendments().filtered(
            lambda amendment: amendment.id == amendment_id
        )
        if not amendment_sudo:
            raise MissingError(request.env._("This amendment does not exist."))
        return contract_sudo, amendment_sudo

    @http.route(
        ["/my/contracts/<int:contract_id>/amendments/<int:amendment_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_contract_amendment_report(
        self,
        contract_id,
        amendment_id,
        report_type=None,
        access_token=None,
        download=False,
        message=None,
        **kw,
    ):
        """The page of an amendment (to sign it), or its report, for whoever
        may read the contract (customer or holder of the contract's link)."""
        try:
            contract_sudo = self._document_check_access(
                "customer.contract", contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        amendment_sudo = contract_sudo._get_portal_amendments().filtered(
            lambda amendment: amendment.id == amendment_id
        )
        if not amendment_sudo or report_type not in (None, "html", "pdf", "text"):
            return request.redirect(contract_sudo.get_portal_url())
        if report_type:
            return self._show_report(
                model=amendment_sudo,
                report_type=report_type,
                report_ref=AMENDMENT_REPORT_REF,
                download=download,
            )
        values = self._contract_get_page_view_values(contract_sudo, access_token, **kw)
        values.update(
            {
                "amendment": amendment_sudo,
                "sign_message": message,
                "sign_document": amendment_sudo,
                "sign_path": (
                    f"{contract_sudo.access_url}/amendments/{amendment_sudo.id}"
                ),
                "sign_token": contract_sudo.access_token or "",
            }
        )
        return request.render(
            "customer_contract.portal_contract_amendment_page", values
        )

    # ------------------------------------------------------------------
    # Signature by the customer
    # ------------------------------------------------------------------
    def _contract_sign_url(self, contract_sudo, amendment_sudo=None, suffix=""):
        """URL of the page of the document to sign (or of one of its routes
        with ``suffix``), with the contract's token when it has one; it never
        creates a token."""
        url = contract_sudo.access_url
        if amendment_sudo:
            url += f"/amendments/{amendment_sudo.id}"
        url += suffix
        if contract_sudo.access_token:
            url += f"?access_token={contract_sudo.access_token}"
        return url

    def _contract_sign_document(self, contract_id, amendment_id, access_token):
        """The document the customer answers, after the access check: the
        contract, or its amendment (sudoed)."""
        if amendment_id:
            return self._contract_amendment_check_access(
                contract_id, amendment_id, access_token
            )[1]
        return self._document_check_access(
            "customer.contract", contract_id, access_token=access_token
        )

    def _contract_sign_partner(self):
        """The partner of the user logged in, if any."""
        user = request.env.user
        return None if user._is_public() else user.partner_id

    def _contract_redirect_after_answer(self, document, message):
        """The page of the document answered, with the message for the
        customer; an amendment no longer shown (declined) sends to its
        contract's page."""
        if document._name == "customer.contract":
            contract, amendment = document, None
        else:
            contract = document.contract_id
            amendment = document & contract._get_portal_amendments() or None
        url = self._contract_sign_url(contract, amendment)
        separator = "&" if "?" in url else "?"
        return f"{url}{separator}message={message}"

    @http.route(
        [
            "/my/contracts/<int:contract_id>/accept",
            "/my/contracts/<int:contract_id>/amendments/<int:amendment_id>/accept",
        ],
        type="jsonrpc",
        auth="public",
        website=True,
    )
    def portal_contract_accept(
        self,
        contract_id,
        amendment_id=None,
        access_token=None,
        name=None,
        signature=None,
    ):
        """The customer signs the contract (or its amendment) with the
        signature form of the portal."""
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            document_sudo = self._contract_sign_document(
                contract_id, amendment_id, access_token
            )
        except (AccessError, MissingError):
            return {"error": request.env._("This document is not available to you.")}
        httprequest = request.httprequest
        try:
            with request.env.cr.savepoint():
                document_sudo._action_customer_sign(
                    name,
                    signature,
                    ip_address=httprequest.remote_addr,
                    user_agent=httprequest.user_agent.string,
                    partner=self._contract_sign_partner(),
                )
        except UserError as error:
            return {"error": error.args[0]}
        return {
            "force_refresh": True,
            "redirect_url": self._contract_redirect_after_answer(
                document_sudo, "sign_ok"
            ),
        }

    def _contract_customer_answer(
        self, contract_id, amendment_id, access_token, text, decline
    ):
        try:
            document_sudo = self._contract_sign_document(
                contract_id, amendment_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                if decline:
                    document_sudo._action_customer_decline(
                        text, partner=self._contract_sign_partner()
                    )
                else:
                    document_sudo._action_customer_request_changes(
                        text, partner=self._contract_sign_partner()
                    )
        except UserError:
            return request.redirect(
                self._contract_redirect_after_answer(document_sudo, "cant_answer")
            )
        return request.redirect(
            self._contract_redirect_after_answer(
                document_sudo, "declined" if decline else "changes_requested"
            )
        )

    @http.route(
        [
            "/my/contracts/<int:contract_id>/decline",
            "/my/contracts/<int:contract_id>/amendments/<int:amendment_id>/decline",
        ],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_contract_decline(
        self,
        contract_id,
        amendment_id=None,
        access_token=None,
        decline_reason=None,
        **kw,
    ):
        """The customer declines to sign, with a reason."""
        return self._contract_customer_answer(
            contract_id, amendment_id, access_token, decline_reason, decline=True
        )

    @http.route(
        [
            "/my/contracts/<int:contract_id>/request_changes",
            "/my/contracts/<int:contract_id>/amendments/<int:amendment_id>"
            "/request_changes",
        ],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_contract_request_changes(
        self, contract_id, amendment_id=None, access_token=None, message=None, **kw
    ):
        """The customer asks for changes instead of signing."""
        return self._contract_customer_answer(
            contract_id, amendment_id, access_token, message, decline=False
        )
