# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
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
        report_type="pdf",
        access_token=None,
        download=False,
        **kw,
    ):
        """The PDF of a signed or applied amendment, for whoever may read the
        contract (customer or holder of the contract's link)."""
        try:
            contract_sudo = self._document_check_access(
                "customer.contract", contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        amendment_sudo = contract_sudo._get_portal_amendments().filtered(
            lambda amendment: amendment.id == amendment_id
        )
        if not amendment_sudo or report_type not in ("html", "pdf", "text"):
            return request.redirect(contract_sudo.get_portal_url())
        return self._show_report(
            model=amendment_sudo,
            report_type=report_type,
            report_ref=AMENDMENT_REPORT_REF,
            download=download,
        )
