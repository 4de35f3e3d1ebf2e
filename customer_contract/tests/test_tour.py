# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


class ContractTourCommon(HttpCase):
    """A customer with its signatory, a product, and a contract type whose
    template brings a clause: what the tours of the contract forms use."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Lagoon Resorts Ltd", "is_company": True}
        )
        cls.signatory = cls.env["res.partner"].create(
            {
                "name": "Olivia Lagoon",
                "parent_id": cls.customer.id,
                "type": "contact",
                "email": "olivia@lagoon.example.com",
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Pool Maintenance Plan",
                "type": "service",
                "list_price": 80.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.clause = cls.env["customer.contract.clause"].create(
            {
                "name": "Scope of Work",
                "category": "general",
                "body": '<p>Services for <t t-out="object.partner_id.name"/>.</p>',
            }
        )
        cls.template = cls.env["customer.contract.template"].create(
            {
                "name": "Resort Service Agreement",
                "clause_ids": [Command.set(cls.clause.ids)],
            }
        )
        cls.contract_type = cls.env["customer.contract.type"].create(
            {"name": "Resort Services", "template_id": cls.template.id}
        )


@tagged("post_install", "-at_install")
class TestContractTour(ContractTourCommon):
    """A contract user drafts a contract in the browser and records its
    signature."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_user = new_test_user(
            cls.env,
            login="tour_contract_user",
            password="tour_contract_user",
            name="Tina Tour",
            groups="customer_contract.customer_contract_group_user,"
            "customer_contract.customer_contract_group_signatory",
        )

    def test_contract_tour(self):
        self.start_tour("/odoo", "customer_contract_tour", login="tour_contract_user")
        contract = self.env["customer.contract"].search(
            [("name", "=", "Pool Care 2027")]
        )
        self.assertEqual(len(contract), 1)
        self.assertIn(contract.state, ("signed", "active"))
        self.assertRecordValues(
            contract,
            [
                {
                    "partner_id": self.customer.id,
                    "signatory_id": self.signatory.id,
                    "type_id": self.contract_type.id,
                    "template_id": self.template.id,
                    "user_id": self.tour_user.id,
                    "company_signatory_id": self.tour_user.id,
                    "signed_by": "Olivia Lagoon",
                    "date_start": date(2027, 1, 1),
                    "date_end": date(2027, 12, 31),
                    "amount_untaxed": 240.0,
                }
            ],
        )
        self.assertRecordValues(
            contract.line_ids,
            [{"product_id": self.product.id, "quantity": 3.0, "price_unit": 80.0}],
        )
        self.assertEqual(contract.clause_ids.clause_id, self.clause)
        self.assertIn("Lagoon Resorts Ltd", contract.clause_ids.body)


@tagged("post_install", "-at_install")
class TestContractPortalSignTour(ContractTourCommon):
    """The customer signs a contract sent for signature from the link of the
    mail (the access token, nobody logged in)."""

    def test_portal_sign_tour(self):
        user = new_test_user(
            self.env,
            login="tour_portal_sign_user",
            name="Tessa Tour",
            groups="customer_contract.customer_contract_group_user",
        )
        contract = (
            self.env["customer.contract"]
            .with_user(user)
            .create(
                {
                    "name": "Pool maintenance",
                    "partner_id": self.customer.id,
                    "signatory_id": self.signatory.id,
                    "type_id": self.contract_type.id,
                    "date_start": date(2027, 1, 1),
                    "line_ids": [Command.create({"product_id": self.product.id})],
                }
            )
        )
        contract.action_negotiate()
        contract._action_request_signature()
        self.start_tour(
            contract.sudo().get_portal_url(), "customer_contract_portal_sign_tour"
        )
        self.assertRecordValues(
            contract,
            [
                {
                    "sign_request_state": "company",
                    "signed_by": "Olivia Lagoon",
                    "customer_sign_partner_id": False,
                }
            ],
        )
        self.assertTrue(contract.customer_signature)
