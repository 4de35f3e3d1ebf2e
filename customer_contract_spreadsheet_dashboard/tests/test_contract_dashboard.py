# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools import mute_logger

from odoo.addons.customer_contract.tests.common import (
    SIGNED_PDF,
    CustomerContractCommon,
)

from .common import LANGS, ContractDashboardMixin, dashboard_js, dashboard_title


@tagged("post_install", "-at_install")
class TestContractDashboard(CustomerContractCommon, ContractDashboardMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._activate_langs()
        cls.dashboard = cls.env.ref(
            "customer_contract_spreadsheet_dashboard.spreadsheet_dashboard_contracts"
        )

    def _signed_contract(self, **values):
        contract = self._create_contract(**values)
        wizard = (
            self.env["customer.contract.sign.wizard"]
            .with_user(self.contract_user)
            .with_context(default_contract_id=contract.id)
            .create(
                {
                    "date_signed": "2026-11-20",
                    "company_signatory_id": self.contract_signatory.id,
                    "document": SIGNED_PDF,
                }
            )
        )
        wizard.action_confirm()
        return contract

    def test_dashboard_record(self):
        self.assertEqual(self.dashboard.name, "Contracts")
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref(
                "customer_contract_spreadsheet_dashboard."
                "spreadsheet_dashboard_group_contracts"
            ),
        )
        self.assertEqual(self.dashboard.dashboard_group_id.name, "Contracts")
        self.assertEqual(
            self.dashboard.main_data_model_ids.mapped("model"), ["customer.contract"]
        )

    def test_access_managers_only(self):
        self.assertManagersOnly()

    def test_json_fields_exist(self):
        data = self._dashboard_data()
        self.assertDashboardFields(data, {"customer.contract"})
        sample = self.dashboard._get_sample_dashboard()
        self.assertTrue(sample["sheets"])
        # The sample reads no data: nothing to check against the models.
        self.assertFalse(sample["pivots"] or sample["lists"])
        self.assertFalse(list(self._odoo_charts(sample)))

    def test_field_check_catches_unknown_fields(self):
        # The check above would see a renamed field in a pivot, a list's
        # domain or a chart's grouping.
        for path, value in (
            (("pivots", "1", "rows", 0, "fieldName"), "no_such_field"),
            (("lists", "1", "domain"), "[('no_such_field', '=', 1)]"),
            (("lists", "1", "columns", 0), "type_id.no_such_field"),
        ):
            data = self._dashboard_data()
            node = data
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
            with self.assertRaises(AssertionError):
                self.assertDashboardFields(data, {"customer.contract"})

    @freeze_time("2026-12-01")
    def test_loads_and_expiring_list(self):
        soon = self._signed_contract(
            name="Ends in 45 days", date_start="2026-02-01", date_end="2027-01-15"
        )
        later = self._signed_contract(
            name="Ends in 7 months", date_start="2026-02-01", date_end="2027-06-30"
        )
        self._create_contract(name="Draft ending soon", date_end="2027-01-10")
        data = self._dashboard_data()
        self.assertDashboardLoads(data, self.contract_manager)
        (expiring,) = data["lists"].values()
        env = self.env(user=self.contract_manager)
        found = env["customer.contract"].search(
            self._eval_domain(expiring["domain"], env)
        )
        self.assertIn(soon, found)
        self.assertNotIn(later, found)
        self.assertFalse(set(found.mapped("state")) - {"signed", "active"})

    def test_opens_for_manager_in_each_language(self):
        self._create_contract()
        self.assertDashboardOpens(self.dashboard, self.contract_manager)


@tagged("post_install", "-at_install")
class TestContractDashboardBrowser(CustomerContractCommon, HttpCase):
    """The dashboard as the web client opens it, as a contract manager: its
    data route in each language, then the dashboard action in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in LANGS[1:]:
            cls.env["res.lang"]._activate_lang(lang)
        cls.dashboard = cls.env.ref(
            "customer_contract_spreadsheet_dashboard.spreadsheet_dashboard_contracts"
        )

    def test_route_in_each_language(self):
        self._create_contract()
        self.authenticate(self.contract_manager.login, self.contract_manager.login)
        for lang in LANGS:
            self.contract_manager.lang = lang
            response = self.url_open(f"/spreadsheet/dashboard/data/{self.dashboard.id}")
            self.assertEqual(response.status_code, 200)
            data = response.json()
            self.assertFalse(data.get("is_sample"))
            self.assertEqual(data["snapshot"]["settings"]["locale"]["code"], lang)

    @mute_logger("odoo.http")
    def test_route_refused_to_contract_user(self):
        self.authenticate(self.contract_user.login, self.contract_user.login)
        response = self.url_open(f"/spreadsheet/dashboard/data/{self.dashboard.id}")
        self.assertNotEqual(response.status_code, 200)

    def test_dashboard_opens_in_browser(self):
        self._create_contract()
        for lang in LANGS:
            self.contract_manager.lang = lang
            self.browser_js(
                "/odoo",
                dashboard_js(
                    self.dashboard, title=dashboard_title(self.dashboard, lang)
                ),
                ready="odoo.isReady",
                login=self.contract_manager.login,
            )

    def test_sample_opens_in_browser(self):
        # No contract to show (archived ones do not count): the sample.
        self.env["customer.contract"].search([]).active = False
        self.browser_js(
            "/odoo",
            dashboard_js(self.dashboard, sample=True),
            ready="odoo.isReady",
            login=self.contract_manager.login,
        )
