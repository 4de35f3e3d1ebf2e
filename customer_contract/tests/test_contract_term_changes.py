# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What follows the terms when they change: the amount left to invoice for
the current term, the obligations of a new contract type, the obligations of
contracts without an end date."""

from datetime import date

from odoo import Command
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .test_contract_amendment import AmendmentCommon
from .test_contract_obligation import ObligationCommon


@tagged("post_install", "-at_install")
class TestLeftToInvoiceCurrentTerm(AccountTestInvoicingCommon, AmendmentCommon):
    """As a contracts user who also invoices (the invoiced amounts are shown
    to users who may read invoices)."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.quick_ref(
            "customer_contract.customer_contract_group_manager"
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.biller = new_test_user(
            cls.env,
            login="term_biller",
            name="Bill Contracts",
            groups="customer_contract.customer_contract_group_user,"
            "account.group_account_invoice",
        )
        cls.eur = cls.setup_other_currency(
            "EUR", rates=[("2026-01-01", 2.0), ("2027-07-01", 4.0)]
        )

    def _invoice(self, invoice_date, amount, contract, currency=None):
        invoice = (
            self.env["account.move"]
            .with_user(self.biller)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": invoice_date,
                    "contract_id": contract.id,
                    "currency_id": (currency or self.company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_service.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _figures(self, contract):
        contract = contract.with_user(self.biller)
        contract.invalidate_recordset()
        return {
            "invoice_count": contract.invoice_count,
            "amount_invoiced": contract.amount_invoiced,
            "amount_to_invoice": contract.amount_to_invoice,
        }

    def test_earlier_term_invoices_not_deducted(self):
        with freeze_time("2026-12-01"):
            contract = self._create_contract(user=self.biller)
            self._sign(contract)
            self.assertEqual(contract.amount_untaxed, 200.0)
            # Invoiced in advance, before the contract starts: it counts.
            self._invoice("2026-12-20", 150.0, contract)
            self.assertEqual(
                self._figures(contract),
                {
                    "invoice_count": 1,
                    "amount_invoiced": 150.0,
                    "amount_to_invoice": 50.0,
                },
            )
        with freeze_time("2027-06-01"):
            # A price change within the term keeps the term's invoices.
            amendment = self._amend(contract, date_effective="2027-06-01")
            amendment.line_ids.price_unit = 120.0
            self._sign_amendment(amendment, when="2027-06-01")
            amendment.with_user(self.contract_user).action_apply()
            self.assertEqual(
                self._figures(contract),
                {
                    "invoice_count": 1,
                    "amount_invoiced": 150.0,
                    "amount_to_invoice": 90.0,
                },
            )
            self._invoice("2027-06-01", 90.0, contract)
            self.assertEqual(self._figures(contract)["amount_to_invoice"], 0.0)
        with freeze_time("2028-01-01"):
            # The contract moves to a new term: nothing of it is invoiced yet.
            renewal = self._amend(
                contract,
                reason="Renewed for 2028",
                date_start="2028-01-01",
                date_end="2028-12-31",
                date_effective="2028-01-01",
            )
            self._sign_amendment(renewal, when="2028-01-01")
            renewal.with_user(self.contract_user).action_apply()
            self.assertEqual(contract.date_start, date(2028, 1, 1))
            self.assertEqual(contract.amount_untaxed, 240.0)
            self.assertEqual(
                self._figures(contract),
                {
                    "invoice_count": 2,
                    "amount_invoiced": 0.0,
                    "amount_to_invoice": 240.0,
                },
            )
            self._invoice("2028-01-01", 100.0, contract)
            self.assertEqual(
                self._figures(contract),
                {
                    "invoice_count": 3,
                    "amount_invoiced": 100.0,
                    "amount_to_invoice": 140.0,
                },
            )

    def test_invoices_converted_at_their_date(self):
        with freeze_time("2027-03-01"):
            contract = self._create_contract(user=self.biller)
            self._sign(contract, when="2027-03-01")
            # 300 EUR at 2 EUR for 1: 150.
            self._invoice("2027-03-01", 300.0, contract, currency=self.eur)
        with freeze_time("2027-08-01"):
            # Today 4 EUR for 1: the invoice keeps the rate of its date.
            self.assertEqual(
                self._figures(contract),
                {
                    "invoice_count": 1,
                    "amount_invoiced": 150.0,
                    "amount_to_invoice": 50.0,
                },
            )


@tagged("post_install", "-at_install")
class TestObligationsFollowTerms(ObligationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_type = cls.env["customer.contract.type"].create(
            {"name": "Support", "code": "SUP"}
        )
        cls.tmpl_review = cls.env["customer.contract.obligation.template"].create(
            {
                "type_id": cls.support_type.id,
                "name": "Monthly support review",
                "party": "company",
                "date_reference": "start",
                "offset_days": 0,
                "recurrence": "monthly",
            }
        )

    def test_type_change_replans_obligations(self):
        with freeze_time("2026-12-01"):
            contract = self._create_contract()
            self._sign(contract)
        with freeze_time("2027-02-15"):
            self._run_obligation_cron(contract)
            insurance = self._by_name(contract, "Proof of insurance")
            self.assertEqual(insurance.state, "missed")
            first_report = self._by_name(contract, "Quarterly service report")[0]
            self._attach(first_report)
            first_report.with_user(self.contract_user).action_done()

            amendment = self._amend(
                contract, type_id=self.support_type.id, date_effective="2027-02-15"
            )
            self._sign_amendment(amendment, when="2027-02-15")
            amendment.with_user(self.contract_user).action_apply()

        self.assertEqual(contract.type_id, self.support_type)
        # The history stays: done and missed obligations of the old type.
        self.assertEqual(first_report.state, "done")
        self.assertEqual(insurance.state, "missed")
        # What was still to do under the old type is gone...
        old = contract.obligation_ids.filtered(
            lambda o: o.template_id.type_id == self.contract_type
        )
        self.assertEqual(old, first_report | insurance)
        # ... and the new type's obligations are planned from today.
        reviews = self._by_name(contract, "Monthly support review")
        self.assertEqual(
            reviews.mapped("date_due"),
            [date(2027, month, 1) for month in range(3, 13)],
        )
        self.assertEqual(set(reviews.mapped("state")), {"todo"})
        self.assertEqual(set(reviews.mapped("user_id")), {self.contract_user})

    def test_open_ended_recurring_obligations_keep_being_planned(self):
        with freeze_time("2026-12-01"):
            contract = self._create_contract(date_end=False)
            self._sign(contract)
        reports = self._by_name(contract, "Quarterly service report")
        self.assertEqual(
            reports.mapped("date_due"),
            [
                date(2027, 1, 31),
                date(2027, 4, 30),
                date(2027, 7, 31),
                date(2027, 10, 31),
                date(2028, 1, 31),
            ],
        )
        with freeze_time("2027-06-01"):
            self._run_obligation_cron(contract)
            self._run_obligation_cron(contract)  # twice: nothing doubled
        reports = self._by_name(contract, "Quarterly service report")
        self.assertEqual(reports[-1].date_due, date(2028, 4, 30))
        self.assertEqual(len(reports), 6)
        # Missed or done, they go on: a year later, a year ahead is planned.
        self.assertIn("missed", reports.mapped("state"))
        with freeze_time("2028-03-01"):
            self._run_obligation_cron(contract)
        reports = self._by_name(contract, "Quarterly service report")
        self.assertEqual(
            reports.mapped("date_due")[-4:],
            [
                date(2028, 4, 30),
                date(2028, 7, 31),
                date(2028, 10, 31),
                date(2029, 1, 31),
            ],
        )
        self.assertEqual(len(set(reports.mapped("date_due"))), len(reports))
        self.assertEqual(len(self._by_name(contract, "Proof of insurance")), 1)

    def test_terminated_open_ended_contract_plans_no_more(self):
        with freeze_time("2026-12-01"):
            contract = self._create_contract(date_end=False)
            self._sign(contract)
        with freeze_time("2027-06-01"):
            contract.with_user(self.contract_user)._action_terminate(
                "Customer closed the site", date(2027, 6, 1)
            )
            before = contract.obligation_ids
            self._run_obligation_cron(contract)
        self.assertEqual(contract.obligation_ids, before)
