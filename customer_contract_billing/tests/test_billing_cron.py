# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestBillingCron(BillingCommon):
    """The invoicing scheduled action: nothing twice, nothing missing, a
    failing contract isolated and visible, queries constant per batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revenue = cls.company_data["default_account_revenue"]
        cls.fee.property_account_income_id = cls.revenue

    def _due_contracts(self, count, lines=1, product=None, customers=False):
        """``count`` contracts billed monthly in advance, signed, their first
        month due on 2027-01-01."""
        contracts = self.env["customer.contract"]
        for i in range(count):
            customer, signatory = self.customer, self.signatory
            if customers:
                customer = self.env["res.partner"].create(
                    {"name": f"Customer {i}", "is_company": True}
                )
                signatory = self.env["res.partner"].create(
                    {"name": f"Signatory {i}", "parent_id": customer.id}
                )
            contracts |= self._plan_contract(
                name=f"Billed {i}",
                partner_id=customer.id,
                signatory_id=signatory.id,
                line_ids=[
                    Command.create(
                        {
                            "product_id": (product or self.fee).id,
                            "quantity": 1,
                            "price_unit": 1200.0,
                        }
                    )
                    for _j in range(lines)
                ],
            )
        for contract in contracts:
            self._sign(contract, "2026-12-20")
        return contracts

    def _counts(self, contracts):
        return {
            contract.id: (
                len(self._invoices(contract)),
                contract.billing_line_ids.mapped("state").count("invoiced"),
            )
            for contract in contracts
        }

    @freeze_time("2027-02-01")
    def test_cron_twice_invoices_once(self):
        contracts = self._due_contracts(3)
        self._run_cron()
        counts = self._counts(contracts)
        self.assertEqual(set(counts.values()), {(2, 2)})
        self._run_cron()
        self.assertEqual(self._counts(contracts), counts)
        # A line is invoiced once: the key holds even against a direct call.
        contracts._billing_invoice_due()
        self.assertEqual(self._counts(contracts), counts)

    def test_failing_contract_isolated_in_its_batch(self):
        # A product without any income account (product, category, company).
        category = self.env["product.category"].create({"name": "No account"})
        category.property_account_income_categ_id = False
        orphan = self.env["product.product"].create(
            {
                "name": "Orphan Service",
                "type": "service",
                "categ_id": category.id,
                "taxes_id": [Command.clear()],
            }
        )
        first = self._due_contracts(1)
        bad = self._due_contracts(1, product=orphan)
        last = self._due_contracts(1)
        self.env.company.income_account_id = False
        with (
            freeze_time("2027-01-01"),
            mute_logger(
                "odoo.addons.customer_contract.models.customer_contract_workflow_mixin"
            ),
        ):
            self._run_cron()
            self._run_cron()
        self.assertEqual(
            self._counts(first | last), {first.id: (1, 1), last.id: (1, 1)}
        )
        self.assertEqual(self._counts(bad), {bad.id: (0, 0)})
        self.assertRegex(
            bad.billing_error,
            r"Product Orphan Service of contract .* has no income account",
        )
        self.assertFalse(first.billing_error or last.billing_error)
        self.assertIn(
            bad, self.env["customer.contract"].search([("billing_error", "!=", False)])
        )
        error_type = self.env.ref(
            "customer_contract_billing.mail_activity_type_billing_error"
        )
        activity = bad.activity_ids.filtered(lambda a: a.activity_type_id == error_type)
        self.assertEqual(len(activity), 1, "one activity, kept up to date")
        self.assertEqual(activity.user_id, self.contract_user)
        # Fixed: the next run invoices it and clears the error.
        orphan.property_account_income_id = self.revenue
        with freeze_time("2027-01-02"):
            self._run_cron()
        self.assertEqual(self._counts(bad), {bad.id: (1, 1)})
        self.assertFalse(bad.billing_error)
        self.assertFalse(
            bad.activity_ids.filtered(lambda a: a.activity_type_id == error_type)
        )

    def _queries(self, contracts):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        moves = contracts._billing_invoice_due()
        self.env.flush_all()
        self.assertEqual(len(moves), len(contracts))
        return self.cr.sql_log_count - start

    @freeze_time("2027-01-01")
    def test_queries_constant_per_batch(self):
        """Of one customer: Odoo's own lookup of the analytic distribution
        models of the invoice lines costs a query per distinct customer (in
        a plain create() of the invoices too)."""
        warm = self._due_contracts(1)
        warm_two = self._due_contracts(2)
        two = self._due_contracts(2)
        six = self._due_contracts(6)
        three_lines = self._due_contracts(2, lines=3)
        # The first runs fill Odoo's caches (the journal's sequence, the
        # taxes and accounts of the product...): measured after two of them,
        # the second of the same size as the one compared.
        self._queries(warm)
        self._queries(warm_two)
        queries_two = self._queries(two)
        self.assertEqual(self._queries(six), queries_two, "6 contracts vs 2")
        self.assertEqual(self._queries(three_lines), queries_two, "3 lines vs 1")

    @freeze_time("2027-01-01")
    def test_invoice_now(self):
        contract = self._due_contracts(1)
        contract = contract.with_user(self.biller)
        self.assertEqual(contract.billing_due_count, 1)
        action = contract.action_billing_invoice_now()
        invoice = self._invoices(contract)
        self.assertEqual(action["res_id"], invoice.id)
        self.assertEqual(invoice.amount_untaxed, 100.0)
        contract.invalidate_recordset()
        self.assertEqual(contract.billing_due_count, 0)
        with self.assertRefused(UserError, "nothing to invoice"):
            contract.action_billing_invoice_now()
        # The scheduled action finds nothing left.
        self._run_cron()
        self.assertEqual(len(self._invoices(contract)), 1)
        # The button shows where it can succeed only.
        arch = self._get_arch("customer.contract", self.biller)
        button = arch.xpath("//button[@name='action_billing_invoice_now']")
        self.assertEqual(button[0].get("invisible"), "not billing_due_count")
        self.assertFalse(
            self._get_arch("customer.contract", self.contract_user).xpath(
                "//button[@name='action_billing_invoice_now']"
            )
        )
