# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import Form, freeze_time, tagged

from odoo.addons.customer_contract.tests.common import SIGNED_PDF

from .common import BillingCommon


def months(year, first, last):
    """[(first day, last day)] of the months ``first`` to ``last``."""
    result = []
    for month in range(first, last + 1):
        start = date(year, month, 1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        result.append((str(start), str(end)))
    return result


@tagged("post_install", "-at_install")
class TestBillingPlans(BillingCommon):
    """Each plan through a full term, with frozen time: the contracts user
    sets the plan, the scheduled action invoices, the accountant registers
    the payments."""

    def _run_until(self, contract, last_day):
        """Run the scheduled actions on the day before and on each planned
        date up to ``last_day``: nothing is invoiced early, each line on its
        day. :return: {day: number of invoices of the contract after it}"""
        runs = {}
        days = sorted(set(contract.billing_line_ids.mapped("date_planned")))
        for day in days:
            if day > last_day:
                break
            count = len(self._invoices(contract))
            with freeze_time(day - timedelta(days=1)):
                self._run_cron()
            self.assertEqual(len(self._invoices(contract)), count, day)
            with freeze_time(day):
                self._run_cron()
            runs[str(day)] = len(self._invoices(contract))
        return runs

    def _pay(self, invoice, amount=None):
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount} if amount else {})
        )
        wizard.action_create_payments()
        return invoice

    def test_type_defaults_the_plan(self):
        self.contract_type.write(
            {
                "billing_plan": "recurring",
                "billing_interval": "3",
                "billing_timing": "arrears",
                "billing_day": 5,
            }
        )
        contract = self._create_contract()
        self.assertEqual(
            (
                contract.billing_plan,
                contract.billing_interval,
                contract.billing_timing,
                contract.billing_day,
            ),
            ("recurring", "3", "arrears", 5),
        )
        with Form(self.env["customer.contract"].with_user(self.contract_user)) as form:
            form.name = "From the type"
            form.partner_id = self.customer
            form.type_id = self.contract_type
            self.assertEqual(form.billing_plan, "recurring")
            self.assertEqual(form.billing_interval, "3")

    def test_monthly_in_advance_prorated_first_period(self):
        """1,200 over 2027-01-16 to 2028-01-15: twelve months' worth, so 100 a
        full month; the first half month bills 16/31 of it, the last 15/31."""
        contract = self._plan_contract(
            billing_interval="1",
            billing_timing="advance",
            billing_day=1,
            date_start="2027-01-16",
            date_end="2028-01-15",
        )
        # Before signature the user plans the schedule, and may move a date.
        contract.with_user(self.contract_user).action_billing_generate()
        self.assertEqual(len(contract.billing_line_ids), 13)
        self._sign(contract, "2027-01-10")
        # Signed with its schedule: not planned twice.
        self.assertEqual(len(contract.billing_line_ids), 13)
        expected = [("2027-01-16", "2027-01-31", "2027-01-16", 51.61, "planned")]
        expected += [
            (start, end, start, 100.0, "planned") for start, end in months(2027, 2, 12)
        ]
        expected += [("2028-01-01", "2028-01-15", "2028-01-01", 48.39, "planned")]
        self.assertEqual(self._schedule(contract), expected)
        self.assertAlmostEqual(sum(contract.billing_line_ids.mapped("amount")), 1200)

        with freeze_time("2027-01-15"):
            self._run_cron()
        self.assertFalse(self._invoices(contract))
        runs = self._run_until(contract, date(2028, 1, 20))
        self.assertEqual(list(runs.values()), list(range(1, 14)))
        self.assertEqual(list(runs), [line[2] for line in expected])
        invoices = self._invoices(contract)
        self.assertEqual(
            invoices.mapped("amount_untaxed"), [line[3] for line in expected]
        )
        self.assertEqual(set(contract.billing_line_ids.mapped("state")), {"invoiced"})
        first = invoices[0]
        self.assertEqual(first.state, "draft")
        self.assertEqual(first.partner_id, self.customer)
        self.assertEqual(first.currency_id, contract.currency_id)
        self.assertEqual(first.invoice_origin, contract.reference)
        self.assertEqual(first.invoice_date, date(2027, 1, 16))
        self.assertEqual(
            first.invoice_line_ids.account_id,
            self.fee.product_tmpl_id._get_product_accounts()["income"],
        )
        self.assertIn(
            "Period from 01/16/2027 to 01/31/2027", first.invoice_line_ids.name
        )
        self.assertEqual(first.contract_billing_line_id.invoice_id, first)

    def test_quarterly_in_arrears_posted_and_paid(self):
        self.env.company.contract_billing_post = True
        contract = self._plan_contract(
            price=4000.0,
            billing_interval="3",
            billing_timing="arrears",
            billing_day=5,
            signed_on="2026-12-20",
        )
        self.assertEqual(
            self._schedule(contract),
            [
                ("2027-01-01", "2027-03-31", "2027-04-05", 1000.0, "planned"),
                ("2027-04-01", "2027-06-30", "2027-07-05", 1000.0, "planned"),
                ("2027-07-01", "2027-09-30", "2027-10-05", 1000.0, "planned"),
                ("2027-10-01", "2027-12-31", "2028-01-05", 1000.0, "planned"),
            ],
        )
        runs = self._run_until(contract, date(2028, 1, 10))
        self.assertEqual(
            runs,
            {"2027-04-05": 1, "2027-07-05": 2, "2027-10-05": 3, "2028-01-05": 4},
        )
        # Billed after its end too (expired on 2028-01-01).
        self.assertEqual(contract.state, "expired")
        invoices = self._invoices(contract)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(invoices.mapped("amount_total"), [1000.0] * 4)
        with freeze_time("2027-04-20"):
            self._pay(invoices[0])
            self._pay(invoices[1], amount=400.0)
        self.assertEqual(invoices[0].payment_state, "paid")
        self.assertEqual(invoices[1].amount_residual, 600.0)
        # The forecast: invoiced and collected per month, in company currency.
        self.env.flush_all()
        forecast = self.env["customer.contract.billing.forecast"].search(
            [("contract_id", "=", contract.id)], order="date"
        )
        self.assertEqual(forecast.mapped("amount_invoiced"), [1000.0] * 4)
        self.assertEqual(forecast.mapped("amount_collected"), [1000.0, 400.0, 0, 0])

    def test_forecast_in_company_currency(self):
        """A contract in euros (2 EUR for 1 USD): planned at today's rate,
        invoiced at the invoice's, in the company's currency."""
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 2.0)])
        contract = self._plan_contract(
            price=4000.0,
            currency_id=eur.id,
            billing_interval="3",
            signed_on="2026-12-20",
        )
        with freeze_time("2027-01-01"):
            self._run_cron()
        self.env.flush_all()
        forecast = self.env["customer.contract.billing.forecast"].search(
            [("contract_id", "=", contract.id)], order="date"
        )
        self.assertEqual(forecast.currency_id, self.env.company.currency_id)
        self.assertEqual(forecast.mapped("amount_planned"), [0.0, 500.0, 500.0, 500.0])
        self.assertEqual(forecast.mapped("amount_invoiced"), [500.0, 0.0, 0.0, 0.0])
        self.assertEqual(self._invoices(contract).currency_id, eur)
        self.assertEqual(self._invoices(contract).amount_untaxed, 1000.0)

    def test_installments_on_a_date_and_an_obligation(self):
        contract = self._plan_contract(plan="installments", price=10000.0)
        obligation = (
            self.env["customer.contract.obligation"]
            .with_user(self.contract_user)
            .create(
                {
                    "contract_id": contract.id,
                    "name": "Go-live",
                    "date_due": "2027-06-30",
                }
            )
        )
        contract.with_user(self.contract_user).write(
            {
                "billing_installment_ids": [
                    Command.create(
                        {
                            "name": "Down payment",
                            "value_type": "percent",
                            "percent": 30.0,
                            "trigger": "date",
                            "date_planned": "2027-02-01",
                        }
                    ),
                    Command.create(
                        {
                            "name": "At go-live",
                            "value_type": "fixed",
                            "amount_fixed": 7000.0,
                            "trigger": "obligation",
                            "obligation_id": obligation.id,
                        }
                    ),
                ]
            }
        )
        self._sign(contract, "2027-01-01")
        self.assertEqual(
            self._schedule(contract),
            [
                ("", "", "2027-02-01", 3000.0, "planned"),
                ("", "", "", 7000.0, "planned"),
            ],
        )
        with freeze_time("2027-02-01"):
            self._run_cron()
        self.assertEqual(self._invoices(contract).mapped("amount_untaxed"), [3000.0])
        self.assertIn(
            "Installment: Down payment", self._invoices(contract).invoice_line_ids.name
        )
        with freeze_time("2027-06-10"):
            self._run_cron()
            self.assertEqual(len(self._invoices(contract)), 1)
            obligation.with_user(self.contract_user).action_done()
            contract.invalidate_recordset()
            self.assertEqual(contract.billing_due_count, 1)
            self._run_cron()
        self.assertEqual(
            sorted(self._invoices(contract).mapped("amount_untaxed")), [3000.0, 7000.0]
        )
        self.assertEqual(set(contract.billing_line_ids.mapped("state")), {"invoiced"})
        # A copy keeps the plan, not the installment due on an obligation of
        # this contract (obligations are not copied), nor the schedule.
        copy = contract.with_user(self.contract_user).copy()
        self.assertEqual(copy.billing_plan, "installments")
        self.assertEqual(copy.billing_installment_ids.mapped("name"), ["Down payment"])
        self.assertFalse(copy.billing_line_ids)

    def test_installments_above_the_value_refused(self):
        contract = self._plan_contract(
            plan="installments",
            billing_installment_ids=[
                Command.create(
                    {
                        "name": f"Part {i}",
                        "percent": 60.0,
                        "date_planned": "2027-02-01",
                    }
                )
                for i in range(2)
            ],
        )
        with self.assertRefused(Exception, "add up to more than its value"):
            contract.with_user(self.contract_user).action_billing_generate()
        self.assertFalse(contract.billing_line_ids)

    def test_recurring_needs_the_dates(self):
        contract = self._plan_contract(date_end=False)
        with self.assertRefused(Exception, "set its start and end dates"):
            contract.with_user(self.contract_user).action_billing_generate()

    def test_amendment_mid_term_in_advance(self):
        """Monthly in advance at 1,200 a year; from 2027-04-15 the price is
        2,400: April is invoiced already (untouched), May to December are
        planned again at 200."""
        contract = self._plan_contract(signed_on="2026-12-20")
        # Run late (or not run for a while): every line due is invoiced once.
        with freeze_time("2027-04-01"):
            self._run_cron()
            self._run_cron()
        self.assertEqual(len(self._invoices(contract)), 4)
        with freeze_time("2027-04-15"):
            amendment = self._amend(contract, "2027-04-15", 2400.0)
            self.assertIn("planned now: $\xa0800.00", amendment.billing_change_html)
            self.assertIn(
                "with this amendment: $\xa01,600.00", amendment.billing_change_html
            )
            amendment.with_user(self.contract_user).action_apply()
        expected = [(s, e, s, 100.0, "invoiced") for s, e in months(2027, 1, 4)]
        expected += [(s, e, s, 200.0, "planned") for s, e in months(2027, 5, 12)]
        self.assertEqual(self._schedule(contract), expected)
        new_lines = contract.billing_line_ids.filtered(lambda line: line.amendment_id)
        self.assertEqual(new_lines.amendment_id, amendment)
        self.assertEqual(amendment.billing_line_ids, new_lines)
        with freeze_time("2027-05-01"):
            self._run_cron()
        self.assertEqual(self._invoices(contract)[-1].amount_untaxed, 200.0)

    def test_amendment_mid_term_in_arrears_cuts_the_period(self):
        """Monthly in arrears: April runs over the effective date; its first
        fourteen days are billed at the old price, the rest at the new."""
        contract = self._plan_contract(billing_timing="arrears", signed_on="2026-12-20")
        for day in ("2027-02-01", "2027-03-01", "2027-04-01"):
            with freeze_time(day):
                self._run_cron()
        with freeze_time("2027-04-15"):
            amendment = self._amend(contract, "2027-04-15", 2400.0)
            amendment.with_user(self.contract_user).action_apply()
        version = amendment.version_id
        expected = [
            (s, e, str(fields.Date.to_date(e) + timedelta(days=1)), 100.0, "invoiced")
            for s, e in months(2027, 1, 3)
        ]
        expected += [
            ("2027-04-01", "2027-04-14", "2027-05-01", 46.67, "planned"),
            ("2027-04-15", "2027-04-30", "2027-05-01", 106.67, "planned"),
        ]
        expected += [
            (s, e, str(fields.Date.to_date(e) + timedelta(days=1)), 200.0, "planned")
            for s, e in months(2027, 5, 12)
        ]
        self.assertEqual(self._schedule(contract), expected)
        old = contract.billing_line_ids.filtered(
            lambda line: str(line.date_end) == "2027-04-14"
        )
        self.assertEqual(old.terms_version_id, version)
        with freeze_time("2027-05-01"):
            self._run_cron()
        amounts = self._invoices(contract).mapped("amount_untaxed")
        self.assertEqual(amounts[-2:], [46.67, 106.67])

    def test_termination_cancels_the_lines_after(self):
        contract = self._plan_contract(billing_timing="arrears", signed_on="2026-12-20")
        for day in (
            "2027-02-01",
            "2027-03-01",
            "2027-04-01",
            "2027-05-01",
            "2027-06-01",
        ):
            with freeze_time(day):
                self._run_cron()
        with freeze_time("2027-06-20"):
            contract.with_user(self.contract_user)._action_terminate(
                "Customer closed the site", date(2027, 6, 20)
            )
        schedule = self._schedule(contract)
        self.assertEqual(
            schedule[5], ("2027-06-01", "2027-06-20", "2027-07-01", 66.67, "planned")
        )
        self.assertEqual([line[4] for line in schedule[:5]], ["invoiced"] * 5)
        self.assertEqual([line[4] for line in schedule[6:]], ["cancelled"] * 6)
        with freeze_time("2027-12-31"):
            self._run_cron()
        self.assertEqual(len(self._invoices(contract)), 6)
        self.assertEqual(self._invoices(contract)[-1].amount_untaxed, 66.67)

    def _amend(self, contract, effective, price):
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create(
                {
                    "contract_id": contract.id,
                    "reason": "Price change",
                    "date_effective": effective,
                }
            )
        )
        amendment.line_ids.write({"price_unit": price})
        amendment.with_user(self.contract_user)._action_sign(
            "Brandon Freeman",
            fields.Date.today(),
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        return amendment
