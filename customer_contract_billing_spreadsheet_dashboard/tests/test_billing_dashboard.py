# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_contract.tests.common import CustomerContractCommon
from odoo.addons.customer_contract_spreadsheet_dashboard.tests.common import (
    ContractDashboardBrowserMixin,
    ContractDashboardMixin,
)

XMLID = (
    "customer_contract_billing_spreadsheet_dashboard."
    "spreadsheet_dashboard_contract_billing"
)


@tagged("post_install", "-at_install")
class TestBillingDashboard(CustomerContractCommon, ContractDashboardMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._activate_langs()
        cls.dashboard = cls.env.ref(XMLID)

    def test_dashboard_record(self):
        self.assertEqual(self.dashboard.name, "Contract Billing")
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref(
                "customer_contract_spreadsheet_dashboard."
                "spreadsheet_dashboard_group_contracts"
            ),
        )
        self.assertEqual(
            self.dashboard.main_data_model_ids.mapped("model"),
            ["customer.contract.billing.forecast"],
        )

    def test_access_managers_only(self):
        self.assertEqual(
            self.dashboard.group_ids,
            self.env.ref("customer_contract.customer_contract_group_manager"),
        )
        self.dashboard.with_user(self.contract_manager).check_access("read")
        internal = new_test_user(self.env, login="internal", groups="base.group_user")
        for user in (self.contract_user, internal):
            with self.assertRaises(AccessError):
                self.dashboard.with_user(user).check_access("read")

    def test_json_fields_exist(self):
        self.assertDashboardFields(
            self._dashboard_data(), {"customer.contract.billing.forecast"}
        )
        sample = self.dashboard._get_sample_dashboard()
        self.assertTrue(sample["sheets"])
        self.assertFalse(sample["pivots"] or sample["lists"])
        self.assertFalse(list(self._odoo_charts(sample)))

    def test_loads_for_manager(self):
        self._create_contract()
        self.assertDashboardLoads(self._dashboard_data(), self.contract_manager)

    def test_opens_for_manager_in_each_language(self):
        self._create_contract()
        self.assertDashboardOpens(self.dashboard, self.contract_manager)


@tagged("post_install", "-at_install")
class TestBillingDashboardBrowser(
    ContractDashboardBrowserMixin, CustomerContractCommon, HttpCase
):
    """The dashboard in the web client, as a contract manager."""

    dashboard_xmlid = XMLID
    dashboard_model = "customer.contract.billing.forecast"
