# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Approval thresholds are in the company's currency: a contract or an
amendment in another currency is compared at its value converted at the
contract date."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from odoo.addons.customer_contract.tests.common import SIGNED_PDF

from .common import ContractApprovalCommon


@tagged("post_install", "-at_install")
@freeze_time("2027-02-15 10:00:00")
class TestApprovalCurrency(ContractApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Euros per dollar: 1 EUR = 0.5 USD in 2026, 2 USD from 2027.
        cls._activate_euro((("2026-01-01", 2.0), ("2027-01-01", 0.5)))

    def setUp(self):
        super().setUp()
        self.assertEqual(self.usd.name, "USD")

    def _euro_contract(self, quantity, **values):
        """A draft euro contract of ``quantity`` x 100 EUR, as the contract
        user."""
        return self._create_contract(
            currency_id=self.eur.id,
            line_ids=[
                Command.create(
                    {
                        "product_id": self.product_service.id,
                        "quantity": quantity,
                        "price_unit": 100.0,
                    }
                )
            ],
            **values,
        )

    def test_threshold_field_in_company_currency(self):
        rule = self._create_rule(
            "Finance", self.finance_1, contract_amount_min=10000.0
        ).with_user(self.contract_manager)
        field = rule._fields["contract_amount_min"]
        self.assertEqual(field.type, "monetary")
        self.assertIn("Company Currency", field.string)
        self.assertEqual(rule.company_currency_id, self.usd)
        self.assertEqual(rule._fields["amendment_delta_min"].type, "monetary")

    def test_contract_threshold_compares_the_converted_value(self):
        self._create_rule("Finance", self.finance_1, contract_amount_min=10000.0)
        # 8,000 EUR starting in March 2027: 16,000 USD, above the threshold.
        below_raw = self._euro_contract(80, date_start="2027-03-01")
        self.assertEqual(below_raw.amount_total, 8000.0)
        self.assertEqual(below_raw.amount_total_company, 16000.0)
        self.assertTrue(below_raw.approval_required)
        # 12,000 EUR of a contract started in 2026: 6,000 USD, below it.
        above_raw = self._euro_contract(120, date_start="2026-06-01")
        self.assertEqual(above_raw.amount_total, 12000.0)
        self.assertEqual(above_raw.amount_total_company, 6000.0)
        self.assertFalse(above_raw.approval_required)
        # Moved to 2027, its value is 24,000 USD: now it needs approval.
        above_raw.date_start = "2027-01-15"
        self.assertEqual(above_raw.amount_total_company, 24000.0)
        self.assertTrue(above_raw.approval_required)
        # The review is the rule's.
        below_raw.action_request_approval()
        self.assertEqual(below_raw.state, "to_approve")
        self.assertEqual(below_raw.review_ids.approver_user_id, self.finance_1)

    def _signed_euro_contract(self, when):
        contract = self._euro_contract(10, date_start="2027-01-01")
        contract._action_sign(
            "Brandon Freeman", when, self.contract_signatory, document=SIGNED_PDF
        )
        return contract

    def test_amendment_threshold_compares_the_converted_change(self):
        self._create_rule(
            "Finance: change in value",
            self.finance_1,
            model=self.amendment_model,
            amendment_delta_min=1000.0,
        )
        amendments = self.env["customer.contract.amendment"].with_user(
            self.contract_user
        )
        # Signed in 2027 (2 USD per EUR): +600 EUR is +1,200 USD.
        contract = self._signed_euro_contract("2027-01-10")
        amendment = amendments.create(
            {
                "contract_id": contract.id,
                "reason": "More visits",
                "date_effective": "2027-02-15",
            }
        )
        amendment.line_ids.quantity = 16
        self.assertEqual(amendment.amount_delta, 600.0)
        self.assertTrue(amendment.approval_required)
        # Signed in 2026 (0.5 USD per EUR): +1,200 EUR is only +600 USD.
        contract_2026 = self._signed_euro_contract("2026-12-10")
        amendment = amendments.create(
            {
                "contract_id": contract_2026.id,
                "reason": "More visits",
                "date_effective": "2027-02-15",
            }
        )
        amendment.line_ids.quantity = 22
        self.assertEqual(amendment.amount_delta, 1200.0)
        self.assertFalse(amendment.approval_required)

    def test_compared_amounts_not_written_by_hand(self):
        """The amounts the thresholds compare are computed: a user cannot
        write them to slip under a rule."""
        self._create_rule("Finance", self.finance_1, contract_amount_min=10000.0)
        self._create_rule(
            "Finance: change in value",
            self.finance_1,
            model=self.amendment_model,
            amendment_delta_min=1000.0,
        )
        contract = self._euro_contract(80, date_start="2027-03-01")
        as_user = contract.with_user(self.contract_user)
        for fname in ("amount_total", "amount_total_company"):
            with self.assertRefused(UserError, "set by the workflow only"):
                as_user.write({fname: 0.0})
        self.assertTrue(contract.approval_required)
        signed = self._signed_euro_contract("2027-01-10")
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create(
                {
                    "contract_id": signed.id,
                    "reason": "More visits",
                    "date_effective": "2027-02-15",
                }
            )
        )
        amendment.line_ids.quantity = 16
        for fname in ("amount_delta", "amount_total", "amount_delta_percent"):
            with self.assertRefused(UserError, "set by the workflow only"):
                amendment.write({fname: 0.0})
        self.assertEqual(amendment.amount_delta, 600.0)
        self.assertTrue(amendment.approval_required)
