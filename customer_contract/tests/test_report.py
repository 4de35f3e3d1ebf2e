# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import SIGNED_PDF, CustomerContractCommon

REPORT_REF = "customer_contract.customer_contract_report_action"


@tagged("post_install", "-at_install")
class TestContractReport(CustomerContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._create_contract(
            name="Support 2027",
            line_ids=[
                Command.create(
                    {
                        "product_id": cls.product_service.id,
                        "name": "Quarterly preventive maintenance",
                        "quantity": 4,
                        "price_unit": 100.0,
                    }
                ),
                Command.create(
                    {
                        "product_id": cls.product_support.id,
                        "name": "On-call support hours",
                        "quantity": 10,
                        "price_unit": 50.0,
                    }
                ),
            ],
        )

    def _render(self, contracts):
        report = self.env["ir.actions.report"].with_user(self.contract_user)
        html, report_type = report._render_qweb_html(REPORT_REF, contracts.ids)
        self.assertEqual(report_type, "html")
        return html.decode()

    def test_report_content(self):
        contract = self.contract
        html = self._render(contract)
        text = html2plaintext(html)
        self.assertIn(contract.reference, html)
        self.assertIn("Support 2027", html)
        self.assertIn("Azure Interior", html)
        self.assertIn("Brandon Freeman", html)
        for line in contract.line_ids:
            self.assertIn(line.name, html)
        self.assertEqual(len(contract.clause_ids), 2)
        for clause in contract.clause_ids:
            self.assertIn(clause.name, html)
            self.assertIn(html2plaintext(clause.body), text)
        # The placeholders of the clauses are rendered for this contract.
        self.assertIn("This agreement binds Azure Interior from", text)
        self.assertIn("The customer pays", text)
        self.assertNotIn("object.partner_id", html)
        self.assertNotIn("t-out", html)
        # Not signed yet: the signature block is there, without names.
        self.assertIn('name="signatures"', html)
        self.assertNotIn("Manny Manager", html)

    def test_report_signed_contract(self):
        contract = self.contract
        contract._action_sign(
            "Brandon J. Freeman",
            "2026-11-02",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        html = self._render(contract)
        signatures = html.split('name="signatures"', 1)[1]
        self.assertIn("Brandon J. Freeman", signatures)
        self.assertIn("Sigmund Signatory", signatures)
        self.assertIn(contract.company_id.name, signatures)
        self.assertIn("11/02/2026", signatures)

    def test_report_several_contracts(self):
        other = self._create_contract(name="Second Contract")
        html = self._render(self.contract | other)
        self.assertIn(self.contract.reference, html)
        self.assertIn(other.reference, html)
