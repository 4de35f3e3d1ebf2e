# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import freeze_time, tagged

from odoo.addons.customer_contract_billing.tests.common import BillingCommon


@tagged("post_install", "-at_install")
class TestBillingRenewal(BillingCommon):
    """An automatic renewal with a 10% uplift, by the renewal scheduled
    action: the next term's schedule at the uplifted price."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_renewing = cls.env["customer.contract.type"].create(
            {
                "name": "Billed support (renews)",
                "template_id": cls.template.id,
                "renewal_mode": "automatic",
                "renewal_term_months": 12,
                "renewal_notice_days": 30,
                "renewal_reminder_days": 15,
                "renewal_uplift": 10.0,
                "billing_plan": "recurring",
                "billing_interval": "3",
                "billing_timing": "advance",
                "billing_day": 1,
            }
        )
        cls.renewal_cron = cls.env.ref(
            "customer_contract_renewal.customer_contract_cron_renewal"
        )

    def _run_renewal(self):
        with self.enter_registry_test_mode():
            self.renewal_cron.method_direct_trigger()
        self.env.invalidate_all()

    def test_renewal_plans_the_next_term_with_the_uplift(self):
        contract = self._plan_contract(
            price=4000.0, type_id=self.type_renewing.id, signed_on="2026-12-20"
        )
        self.assertEqual(
            (contract.billing_plan, contract.billing_interval), ("recurring", "3")
        )
        for day in ("2027-01-01", "2027-04-01", "2027-07-01"):
            with freeze_time(day):
                self._run_cron()
        # The last quarter is not invoiced yet when the contract renews.
        with freeze_time("2027-12-01"):
            self._run_renewal()
        with freeze_time("2027-12-31"):
            self._run_renewal()
        self.assertEqual(contract.version_number, 2)
        self.assertEqual(contract.date_start, date(2028, 1, 1))
        self.assertEqual(contract.amount_untaxed, 4400.0)
        version = contract.version_ids
        amendment = contract.amendment_ids
        quarters = [
            ("2027-01-01", "2027-03-31"),
            ("2027-04-01", "2027-06-30"),
            ("2027-07-01", "2027-09-30"),
            ("2027-10-01", "2027-12-31"),
            ("2028-01-01", "2028-03-31"),
            ("2028-04-01", "2028-06-30"),
            ("2028-07-01", "2028-09-30"),
            ("2028-10-01", "2028-12-31"),
        ]
        states = ["invoiced"] * 3 + ["planned"] * 5
        amounts = [1000.0] * 4 + [1100.0] * 4
        self.assertEqual(
            self._schedule(contract),
            [
                (start, end, start, amount, state)
                for (start, end), amount, state in zip(
                    quarters, amounts, states, strict=True
                )
            ],
        )
        old_terms = contract.billing_line_ids.filtered(
            lambda line: line.date_start < date(2028, 1, 1)
        )
        self.assertEqual(old_terms.terms_version_id, version)
        new_terms = contract.billing_line_ids - old_terms
        self.assertEqual(new_terms.amendment_id, amendment)
        # The last quarter of 2027 (planned on 2027-10-01, the scheduled
        # action did not run since) is invoiced at the 2027 price, the next
        # term's at the uplifted one; the renewal is invoiced once.
        with freeze_time("2028-01-01"):
            self._run_cron()
            self._run_cron()
        invoices = self._invoices(contract)
        self.assertEqual(invoices.mapped("amount_untaxed"), [1000.0] * 4 + [1100.0])
        self.assertEqual(
            invoices[-1].invoice_line_ids.price_unit, 1100.0, "4,400 / 4 quarters"
        )
        self.assertEqual(invoices[-1].invoice_date, date(2028, 1, 1))
