# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_contract.tests.common import CustomerContractCommon
from odoo.addons.customer_contract_spreadsheet_dashboard.tests.common import (
    ContractDashboardBridgeMixin,
    ContractDashboardBrowserMixin,
)

XMLID = (
    "customer_contract_billing_spreadsheet_dashboard."
    "spreadsheet_dashboard_contract_billing"
)


@tagged("post_install", "-at_install")
class TestBillingDashboard(ContractDashboardBridgeMixin, CustomerContractCommon):
    dashboard_xmlid = XMLID
    dashboard_json_models = ("customer.contract.billing.forecast",)
    dashboard_name = "Contract Billing"
    dashboard_main_models = ("customer.contract.billing.forecast",)


@tagged("post_install", "-at_install")
class TestBillingDashboardBrowser(
    ContractDashboardBrowserMixin, CustomerContractCommon, HttpCase
):
    """The dashboard in the web client, as a contract manager."""

    dashboard_xmlid = XMLID
    dashboard_model = "customer.contract.billing.forecast"
