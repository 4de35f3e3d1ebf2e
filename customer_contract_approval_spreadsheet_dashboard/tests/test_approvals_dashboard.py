# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_contract.tests.common import CustomerContractCommon
from odoo.addons.customer_contract_spreadsheet_dashboard.tests.common import (
    ContractDashboardBridgeMixin,
    ContractDashboardBrowserMixin,
)

XMLID = (
    "customer_contract_approval_spreadsheet_dashboard."
    "spreadsheet_dashboard_contract_approvals"
)


@tagged("post_install", "-at_install")
class TestApprovalDashboard(ContractDashboardBridgeMixin, CustomerContractCommon):
    dashboard_xmlid = XMLID
    dashboard_json_models = ("tier.review",)
    dashboard_name = "Contract Approvals"
    dashboard_main_models = ("tier.review",)


@tagged("post_install", "-at_install")
class TestApprovalDashboardBrowser(
    ContractDashboardBrowserMixin, CustomerContractCommon, HttpCase
):
    """The dashboard in the web client, as a contract manager."""

    dashboard_xmlid = XMLID
    dashboard_model = "tier.review"
