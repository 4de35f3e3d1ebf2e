# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html as lxml_html
from markupsafe import escape

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SIGNED_PDF, CustomerContractCommon


@tagged("post_install", "-at_install")
class TestContractPortal(HttpCase, CustomerContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="azure_portal",
            password="azure_portal",
            name="Brandon Freeman",
            groups="base.group_portal",
            partner_id=cls.signatory.id,
        )
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Ready Reader",
                "parent_id": cls.other_customer.id,
                "type": "contact",
                "email": "reader@example.com",
            }
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="deco_portal",
            password="deco_portal",
            name="Ready Reader",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
        )

        cls.draft_contract = cls._create_contract(name="Draft Terms")
        cls.negotiation_contract = cls._create_contract(name="Negotiated Terms")
        cls.negotiation_contract.action_negotiate()
        cls.signed_contract = cls._create_contract(name="Signed Terms")
        cls.signed_contract._action_sign(
            "Brandon J. Freeman",
            "2026-11-02",
            cls.contract_signatory,
            document=SIGNED_PDF,
        )
        cls.cancelled_contract = cls._create_contract(name="Cancelled Terms")
        cls.cancelled_contract.action_cancel()
        cls.other_contract = cls._create_contract(
            name="Deco Terms", partner_id=cls.other_customer.id, signatory_id=False
        )
        cls.other_contract.action_negotiate()

    def _get(self, url, **kwargs):
        return self.url_open(url, allow_redirects=False, **kwargs)

    def assertNoAccess(self, response):
        """The portal sends visitors without access back to their home page."""
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))

    # ------------------------------------------------------------------
    # List and home
    # ------------------------------------------------------------------
    def test_portal_list_shows_own_shared_contracts(self):
        self.authenticate("azure_portal", "azure_portal")
        response = self._get("/my/contracts")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.negotiation_contract.reference, response.text)
        self.assertIn(self.signed_contract.reference, response.text)
        self.assertNotIn(self.draft_contract.reference, response.text)
        self.assertNotIn(self.cancelled_contract.reference, response.text)
        self.assertNotIn(self.other_contract.reference, response.text)

    def test_portal_list_filters_and_sortings(self):
        self.authenticate("azure_portal", "azure_portal")
        in_force = self._get("/my/contracts?filterby=in_force")
        self.assertEqual(in_force.status_code, 200)
        self.assertIn(self.signed_contract.reference, in_force.text)
        self.assertNotIn(self.negotiation_contract.reference, in_force.text)

        ended = self._get("/my/contracts?filterby=ended")
        self.assertEqual(ended.status_code, 200)
        self.assertNotIn(self.signed_contract.reference, ended.text)
        self.assertIn("no contracts for your account", ended.text)

        for sortby in ("date", "reference", "name", "state", "unknown"):
            response = self._get(f"/my/contracts?sortby={sortby}&filterby=all")
            self.assertEqual(response.status_code, 200, sortby)
            self.assertIn(self.signed_contract.reference, response.text, sortby)

    def test_portal_home_counter(self):
        self.authenticate("azure_portal", "azure_portal")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["contract_count"]}
        )
        self.assertEqual(counters["contract_count"], 2)
        home = self._get("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/contracts"', home.text)

        self.authenticate("deco_portal", "deco_portal")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["contract_count"]}
        )
        self.assertEqual(counters["contract_count"], 1)

    # ------------------------------------------------------------------
    # Contract page and report
    # ------------------------------------------------------------------
    def test_portal_contract_page(self):
        self.authenticate("azure_portal", "azure_portal")
        contract = self.signed_contract
        response = self._get(contract.access_url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(contract.reference, page)
        self.assertIn("Signed Terms", page)
        self.assertIn("Maintenance Service", page)
        for clause in contract.clause_ids:
            self.assertIn(clause.name, page)
        self.assertIn("Brandon J. Freeman", page)
        self.assertIn("o_portal_chatter", page)
        self.assertIn(escape(contract._get_portal_report_url(download=True)), page)

        negotiation = self._get(self.negotiation_contract.access_url)
        self.assertEqual(negotiation.status_code, 200)
        self.assertIn(self.negotiation_contract.reference, negotiation.text)
        self.assertNotIn("Brandon J. Freeman", negotiation.text)

    def test_portal_contract_report(self):
        self.authenticate("azure_portal", "azure_portal")
        contract = self.signed_contract
        html = self._get(f"{contract.access_url}?report_type=html")
        self.assertEqual(html.status_code, 200)
        self.assertIn(contract.reference, html.text)
        self.assertIn("Brandon J. Freeman", html.text)

        pdf = self._get(f"{contract.access_url}?report_type=pdf&download=true")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", pdf.headers["Content-Disposition"])
        self.assertIn(
            contract.reference.replace("/", "_"), pdf.headers["Content-Disposition"]
        )

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_portal_amendments(self):
        contract = self.signed_contract
        Amendment = self.env["customer.contract.amendment"].with_user(
            self.contract_user
        )
        applied = Amendment.create(
            {
                "contract_id": contract.id,
                "reason": "A second year of maintenance",
                "date_end": "2028-12-31",
            }
        )
        applied._action_sign(
            "Brandon J. Freeman",
            "2026-11-20",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        # Effective from the start of the contract: applied on that day.
        with freeze_time(applied.date_effective):
            applied.action_apply()
        draft = Amendment.create(
            {
                "contract_id": contract.id,
                "reason": "Secret price idea",
                "date_end": "2029-12-31",
            }
        )
        self.authenticate("azure_portal", "azure_portal")
        page = self._get(contract.access_url).text
        self.assertIn("A second year of maintenance", page)
        self.assertNotIn("Secret price idea", page)
        self.assertIn(f"{contract.access_url}/amendments/{applied.id}", page)
        report = self._get(
            f"{contract.access_url}/amendments/{applied.id}?report_type=html"
        )
        self.assertEqual(report.status_code, 200)
        self.assertIn(
            "Amendment No. 1 to contract",
            " ".join(lxml_html.fromstring(report.text).text_content().split()),
        )
        self.assertIn("A second year of maintenance", report.text)
        # A draft amendment is not shown, even by its id.
        hidden = self._get(
            f"{contract.access_url}/amendments/{draft.id}?report_type=html"
        )
        self.assertEqual(hidden.status_code, 303)
        self.assertNotIn("Secret price idea", hidden.text)
        # Another customer's portal user gets nothing.
        self.authenticate("deco_portal", "deco_portal")
        self.assertNoAccess(
            self._get(f"{contract.access_url}/amendments/{applied.id}?report_type=html")
        )

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_portal_no_access_to_draft_and_cancelled(self):
        self.authenticate("azure_portal", "azure_portal")
        for contract in (self.draft_contract, self.cancelled_contract):
            self.assertNoAccess(self._get(contract.access_url))
            self.assertNoAccess(self._get(f"{contract.access_url}?report_type=html"))

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_portal_other_customer_has_no_access(self):
        self.authenticate("deco_portal", "deco_portal")
        listing = self._get("/my/contracts")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.other_contract.reference, listing.text)
        for contract in (self.negotiation_contract, self.signed_contract):
            self.assertNotIn(contract.reference, listing.text)
            self.assertNoAccess(self._get(contract.access_url))
            self.assertNoAccess(self._get(f"{contract.access_url}?report_type=pdf"))
        self.assertNoAccess(self._get("/my/contracts/0"))

        Contract = self.env["customer.contract"].with_user(self.other_portal_user)
        for contract in (self.negotiation_contract, self.signed_contract):
            with self.assertRaises(AccessError):
                contract.with_user(self.other_portal_user).check_access("read")
        self.assertEqual(
            Contract.search([("partner_id", "=", self.customer.id)]),
            Contract,
        )
        self.assertEqual(Contract.search([]), self.other_contract)
        self.assertFalse(
            self.env["customer.contract.line"]
            .with_user(self.other_portal_user)
            .search([("contract_id", "in", self.signed_contract.ids)])
        )

    # ------------------------------------------------------------------
    # Access token
    # ------------------------------------------------------------------
    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_portal_access_token(self):
        contract = self.negotiation_contract
        token = contract._portal_ensure_token()
        self.authenticate(None, None)

        response = self._get(f"{contract.access_url}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(contract.reference, response.text)
        report = self._get(
            f"{contract.access_url}?access_token={token}&report_type=html"
        )
        self.assertEqual(report.status_code, 200)
        self.assertIn(contract.reference, report.text)

        self.assertNoAccess(self._get(contract.access_url))
        self.assertNoAccess(self._get(f"{contract.access_url}?access_token=wrong"))
        self.assertNoAccess(
            self._get(f"{self.signed_contract.access_url}?access_token={token}")
        )

    def _row_version(self, contracts):
        """Physical version of each row: any UPDATE, even of the same values,
        gives the row a new ``ctid``."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, ctid::text FROM customer_contract WHERE id IN %s",
            [tuple(contracts.ids)],
        )
        return dict(self.env.cr.fetchall())

    def test_portal_reading_writes_no_token(self):
        """The customer logged in reads his list and his contracts without
        any write: no access token is created, no row updated."""
        contracts = self.negotiation_contract | self.signed_contract
        self.assertEqual(contracts.mapped("access_token"), [False, False])
        before = self._row_version(contracts)
        self.authenticate("azure_portal", "azure_portal")
        listing = self._get("/my/contracts")
        self.assertEqual(listing.status_code, 200)
        for contract in contracts:
            self.assertIn(f'href="{contract.access_url}"', listing.text)
            page = self._get(contract.access_url)
            self.assertEqual(page.status_code, 200)
            self.assertIn(contract.reference, page.text)
            self.assertIn("o_portal_chatter", page.text)
            self.assertNotIn("access_token=", page.text)
            report = self._get(f"{contract.access_url}?report_type=html")
            self.assertEqual(report.status_code, 200)
            self.assertIn(contract.reference, report.text)
        # The previous / next links of the page (the list's history).
        page = self._get(self.signed_contract.access_url)
        self.assertIn(self.negotiation_contract.access_url, page.text)
        contracts.invalidate_recordset()
        self.assertEqual(contracts.mapped("access_token"), [False, False])
        self.assertEqual(self._row_version(contracts), before)

        # He comments on it without a token, with his own rights.
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": self.signed_contract._name,
                "thread_id": self.signed_contract.id,
                "post_data": {"body": "Received, thanks.", "message_type": "comment"},
            },
        )
        message = self.signed_contract.message_ids[:1]
        self.assertIn("Received, thanks.", message.body)
        self.assertEqual(message.author_id, self.signatory)
        self.assertFalse(self.signed_contract.access_token)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_portal_shared_contract_keeps_its_token(self):
        """A contract shared (token created by the share) opens with its
        link; its page links the report with that token."""
        contract = self.signed_contract
        token = contract._portal_ensure_token()
        before = self._row_version(contract)
        self.authenticate(None, None)
        page = self._get(f"{contract.access_url}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(escape(contract._get_portal_report_url(download=True)), page.text)
        self.assertIn(f"access_token={token}", page.text)
        self.assertEqual(self._row_version(contract), before)
        self.assertEqual(contract.access_token, token)

    def test_portal_share_url(self):
        """The backend "Share" link opens the contract page for its recipient."""
        url = self.negotiation_contract._get_share_url(redirect=True)
        self.authenticate(None, None)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.negotiation_contract.reference, response.text)

    # ------------------------------------------------------------------
    # Writing and commenting
    # ------------------------------------------------------------------
    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_portal_user_cannot_write(self):
        contract = self.negotiation_contract.with_user(self.portal_user)
        contract.check_access("read")
        with self.assertRaises(AccessError):
            contract.write({"name": "Changed by the customer"})
        with self.assertRaises(AccessError):
            contract.line_ids.write({"quantity": 1000})
        with self.assertRaises(AccessError):
            contract.clause_ids.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["customer.contract"].with_user(self.portal_user).create(
                {"name": "Mine", "partner_id": self.customer.id}
            )
        self.assertEqual(self.negotiation_contract.name, "Negotiated Terms")

    @mute_logger("odoo.http")
    def test_portal_other_customer_cannot_comment(self):
        """A contract's readers may comment on it without a token: the portal
        user of another customer, who cannot read it, may not."""
        contract = self.signed_contract
        count = len(contract.message_ids)
        self.authenticate("deco_portal", "deco_portal")
        with self.assertRaises(Exception):  # noqa: B017 (the RPC error)
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": contract._name,
                    "thread_id": contract.id,
                    "post_data": {"body": "Not my contract", "message_type": "comment"},
                },
            )
        contract.invalidate_recordset(["message_ids"])
        self.assertEqual(len(contract.message_ids), count)
        self.assertFalse(contract.access_token)

    def test_portal_user_comments_on_negotiation(self):
        contract = self.negotiation_contract
        self.authenticate("azure_portal", "azure_portal")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": contract._name,
                "thread_id": contract.id,
                "post_data": {
                    "body": "Could the payment term be 45 days?",
                    "message_type": "comment",
                },
                "token": contract._portal_ensure_token(),
            },
        )
        message = contract.message_ids[:1]
        self.assertIn("45 days", message.body)
        self.assertEqual(message.author_id, self.signatory)
