# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Collections of contracts: contracted, invoiced, collected and overdue per
contract, per term and per customer; the overdue filter; the owner's
activity on overdue invoices."""

from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import format_amount, format_date, mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .test_contract_amendment import AmendmentCommon

LIST_SPEC = {
    "reference": {},
    "name": {},
    "currency_id": {"fields": {}},
    "amount_total": {},
    "collection_amount_invoiced": {},
    "collection_amount_collected": {},
    "collection_amount_overdue": {},
}


@tagged("post_install", "-at_install")
class TestContractCollection(AccountTestInvoicingCommon, AmendmentCommon):
    """An accountant invoices and registers payments (no contract rights); a
    contracts user who may read invoices follows the collections; a plain
    contracts user sees none of it."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.quick_ref(
            "customer_contract.customer_contract_group_manager"
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="collect_accountant",
            name="Annie Accountant",
            groups="account.group_account_invoice",
        )
        cls.collector = new_test_user(
            cls.env,
            login="collect_reader",
            name="Cole Collections",
            groups="customer_contract.customer_contract_group_user,"
            "account.group_account_invoice",
        )
        cls.owner = new_test_user(
            cls.env,
            login="collect_owner",
            name="Olga Owner",
            groups="customer_contract.customer_contract_group_user,"
            "sales_team.group_sale_salesman",
        )
        cls.usd = cls.company.currency_id
        cls.eur = cls.setup_other_currency(
            "EUR", rates=[("2026-01-01", 2.0), ("2027-07-01", 4.0)]
        )
        cls.overdue_type = cls.env.ref(
            "customer_contract.mail_activity_type_invoice_overdue"
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _contract(self, **values):
        """A signed contract owned by the owner (200.0, no taxes, 2027)."""
        contract = self._create_contract(
            user=self.owner, user_id=self.owner.id, **values
        )
        self._sign(contract)
        return contract

    def _invoice(
        self,
        contract,
        invoice_date,
        amount,
        due=None,
        currency=None,
        move_type="out_invoice",
    ):
        """A posted one-line invoice (or credit note) of the contract, written
        by the accountant."""
        move = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": self.customer.id,
                    "contract_id": contract.id,
                    "invoice_date": invoice_date,
                    "invoice_payment_term_id": False,
                    "invoice_date_due": due or invoice_date,
                    "currency_id": (currency or self.usd).id,
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
        move.action_post()
        return move

    def _pay(self, invoice, amount, when):
        """Register a payment of ``amount`` (in the invoice's currency), as
        the accountant does from the invoice."""
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": when})
        )
        return wizard._create_payments()

    def _figures(self, record, user=None):
        record = record.with_user(user or self.collector)
        record.invalidate_recordset()
        if record._name == "res.partner":
            prefix = "contract_collection_"
            return {
                figure: record[f"{prefix}{figure}"]
                for figure in ("contracted", "invoiced", "collected", "overdue")
            } | {"date_overdue": record.contract_collection_date_overdue}
        return {
            figure: record[f"collection_amount_{figure}"]
            for figure in ("contracted", "invoiced", "collected", "overdue")
        } | {"date_overdue": record.collection_date_overdue}

    def _overdue_contracts(self, user=None):
        return (
            self.env["customer.contract"]
            .with_user(user or self.collector)
            .search([("collection_has_overdue", "=", True)])
        )

    def _run_overdue_cron(self):
        cron = self.env.ref(
            "customer_contract.customer_contract_cron_overdue_activities"
        )
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    def _overdue_activities(self, contract):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.contract"),
                ("res_id", "=", contract.id),
                ("activity_type_id", "=", self.overdue_type.id),
            ],
            order="id",
        )

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_foreign_currency_credit_note_partial_payment(self):
        """Invoices in EUR on two dates (2 then 4 EUR for 1 USD), a partial
        payment, a credit note reconciled with its invoice, in a USD
        contract: each invoice at the rate of its own date."""
        with freeze_time("2027-01-10"):
            contract = self._contract()
            self.assertEqual(contract.amount_total, 200.0)
        with freeze_time("2027-03-01"):
            first = self._invoice(
                contract, "2027-03-01", 300.0, due="2027-03-31", currency=self.eur
            )
        with freeze_time("2027-03-15"):
            self.assertEqual(
                self._figures(contract),
                {
                    "contracted": 200.0,
                    # 300 EUR at 2 EUR for 1 USD
                    "invoiced": 150.0,
                    "collected": 0.0,
                    "overdue": 0.0,
                    "date_overdue": False,
                },
            )
            self.assertFalse(self._overdue_contracts())
            self.assertEqual(
                self.env["customer.contract"]
                .with_user(self.collector)
                .search([("collection_has_overdue", "=", False)]),
                contract,
            )
        with freeze_time("2027-04-15"):
            self._pay(first, 120.0, "2027-04-15")
            self.assertEqual(first.payment_state, "partial")
            self.assertEqual(first.amount_residual, 180.0)
        with freeze_time("2027-08-01"):
            second = self._invoice(
                contract, "2027-08-01", 200.0, due="2027-08-31", currency=self.eur
            )
        with freeze_time("2027-08-05"):
            refund = self._invoice(
                contract, "2027-08-05", 40.0, currency=self.eur, move_type="out_refund"
            )
            receivable = refund.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            second.with_user(self.accountant).js_assign_outstanding_line(receivable.id)
            self.assertEqual(second.amount_residual, 160.0)
            self.assertEqual(refund.payment_state, "paid")
        with freeze_time("2027-09-15"):
            # The rates as res.currency._convert gives them, date by date.
            self.assertEqual(
                self.eur._convert(300.0, self.usd, self.company, date(2027, 3, 1)),
                150.0,
            )
            self.assertEqual(
                self.eur._convert(200.0, self.usd, self.company, date(2027, 8, 1)),
                50.0,
            )
            self.assertEqual(
                self._figures(contract),
                {
                    "contracted": 200.0,
                    # 150 + 50 - 10 (40 EUR at 4)
                    "invoiced": 190.0,
                    # 120 EUR paid at 2: 60; the credit note settles 40 EUR of
                    # the second invoice (10) and brings no money (-10).
                    "collected": 60.0,
                    # 180 EUR still due at 2 (90) + 160 EUR at 4 (40)
                    "overdue": 130.0,
                    "date_overdue": date(2027, 3, 31),
                },
            )
            self.assertEqual(self._overdue_contracts(), contract)
            # The accountant, who may read contracts, reads the same.
            self.assertEqual(
                self._figures(contract, self.accountant)["collected"], 60.0
            )
            self.assertEqual(self._overdue_contracts(self.accountant), contract)
            # The customer (any of its contacts) sums it in the company's
            # currency, here the contract's.
            self.assertEqual(
                self._figures(self.signatory),
                {
                    "contracted": 200.0,
                    "invoiced": 190.0,
                    "collected": 60.0,
                    "overdue": 130.0,
                    "date_overdue": date(2027, 3, 31),
                },
            )
            # Paid in full: nothing overdue any more on the first invoice.
            self._pay(first, 180.0, "2027-09-15")
            self.assertEqual(
                self._figures(contract),
                {
                    "contracted": 200.0,
                    "invoiced": 190.0,
                    "collected": 150.0,
                    "overdue": 40.0,
                    "date_overdue": date(2027, 8, 31),
                },
            )

    def test_customer_in_company_currency(self):
        """A USD and an EUR contract of the same customer: on the customer,
        each invoice converted at its date, each contract's value at the
        start of its term."""
        with freeze_time("2027-01-10"):
            in_usd = self._contract()
            in_eur = self._contract(currency_id=self.eur.id, name="Maintenance EUR")
        with freeze_time("2027-02-01"):
            self._invoice(in_usd, "2027-02-01", 100.0, due="2027-03-03")
        with freeze_time("2027-08-01"):
            invoice = self._invoice(
                in_eur, "2027-08-01", 100.0, due="2027-08-31", currency=self.eur
            )
            self._pay(invoice, 40.0, "2027-08-10")
        with freeze_time("2027-09-15"):
            # The EUR contract in its own currency.
            self.assertEqual(
                self._figures(in_eur),
                {
                    "contracted": 200.0,
                    "invoiced": 100.0,
                    "collected": 40.0,
                    "overdue": 60.0,
                    "date_overdue": date(2027, 8, 31),
                },
            )
            self.assertEqual(
                self._figures(self.customer),
                {
                    # 200 USD + 200 EUR at 2 (2027-01-01)
                    "contracted": 300.0,
                    # 100 USD + 100 EUR at 4 (2027-08-01)
                    "invoiced": 125.0,
                    "collected": 10.0,
                    "overdue": 115.0,
                    "date_overdue": date(2027, 3, 3),
                },
            )
            self.assertEqual(self._overdue_contracts(), in_usd | in_eur)
            # The stat button opens the customer's contracts, overdue first.
            action = self.customer.with_user(
                self.collector
            ).action_view_contract_collections()
            self.assertEqual(
                action["context"].get("search_default_collection_overdue"), 1
            )

    def test_terms_of_a_renewed_contract(self):
        """A price change within the term keeps the term; a renewal opens a
        new one. Each invoice counts in the term holding its invoice date."""
        with freeze_time("2027-01-10"):
            contract = self._contract()
        with freeze_time("2027-02-01"):
            self._invoice(contract, "2027-02-01", 100.0, due="2027-03-03")
        with freeze_time("2027-06-01"):
            amendment = self._amend(contract, date_effective="2027-06-01")
            amendment.line_ids.price_unit = 120.0
            self._sign_amendment(amendment, when="2027-06-01")
            amendment.with_user(self.contract_user).action_apply()
            self.assertEqual(contract.amount_total, 240.0)
        with freeze_time("2027-12-20"):
            # Invoiced late in the first term, due in the second.
            self._invoice(contract, "2027-12-20", 140.0, due="2028-01-19")
        with freeze_time("2028-01-01"):
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
        with freeze_time("2028-01-15"):
            invoice = self._invoice(contract, "2028-01-15", 240.0, due="2028-02-14")
            self._pay(invoice, 240.0, "2028-01-15")
            data = contract.with_user(self.collector)._get_collection_data()[contract]
            self.assertEqual(
                [
                    {
                        key: term[key]
                        for key in (
                            "date_start",
                            "date_end",
                            "is_current",
                            "contracted",
                            "invoiced",
                            "collected",
                            "overdue",
                            "date_overdue",
                        )
                    }
                    for term in data["terms"]
                ],
                [
                    {
                        "date_start": date(2027, 1, 1),
                        "date_end": date(2027, 12, 31),
                        "is_current": False,
                        # its last agreed value, after the price change
                        "contracted": 240.0,
                        "invoiced": 240.0,
                        "collected": 0.0,
                        "overdue": 100.0,
                        "date_overdue": date(2027, 3, 3),
                    },
                    {
                        "date_start": date(2028, 1, 1),
                        "date_end": date(2028, 12, 31),
                        "is_current": True,
                        "contracted": 240.0,
                        "invoiced": 240.0,
                        "collected": 240.0,
                        "overdue": 0.0,
                        "date_overdue": False,
                    },
                ],
            )
            self.assertEqual(
                self._figures(contract),
                {
                    "contracted": 480.0,
                    "invoiced": 480.0,
                    "collected": 240.0,
                    "overdue": 100.0,
                    "date_overdue": date(2027, 3, 3),
                },
            )
            # The table of the Collections tab, formatted for the reader.
            html = contract.with_user(self.collector).collection_terms_html
            env = contract.with_user(self.collector).env
            for text in (
                format_date(env, date(2027, 1, 1)),
                format_date(env, date(2028, 12, 31)),
                format_date(env, date(2027, 3, 3)),
                format_amount(env, 480.0, self.usd),
                "Current term",
            ):
                self.assertIn(text, html)
            self.assertEqual(html.count("<tr"), 4)  # head, two terms, total

    def test_contract_user_without_invoices_sees_no_amounts(self):
        with freeze_time("2027-01-10"):
            contract = self._contract()
            invoice = self._invoice(contract, "2027-01-10", 100.0, due="2027-01-20")
        with freeze_time("2027-03-01"):
            as_user = contract.with_user(self.contract_user)
            for name in (
                "collection_amount_contracted",
                "collection_amount_collected",
                "collection_amount_overdue",
                "collection_terms_html",
            ):
                with self.assertRaises(AccessError):
                    as_user.read([name])
            with self.assertRaises(AccessError):
                self._overdue_contracts(self.contract_user)
            with self.assertRaises(AccessError):
                self.customer.with_user(self.contract_user).read(
                    ["contract_collection_overdue"]
                )
            form = self._get_arch("customer.contract", self.contract_user)
            self.assertFalse(form.xpath("//page[@name='collections']"))
            self.assertFalse(form.xpath("//field[starts-with(@name, 'collection_')]"))
            search = self._get_arch("customer.contract", self.contract_user, "search")
            self.assertFalse(search.xpath("//filter[@name='collection_overdue']"))
            partner = self._get_arch("res.partner", self.contract_user)
            self.assertFalse(
                partner.xpath("//field[starts-with(@name, 'contract_collection_')]")
            )
            # The reader of invoices sees them all.
            form = self._get_arch("customer.contract", self.collector)
            self.assertTrue(form.xpath("//page[@name='collections']"))
            self.assertTrue(
                self._get_arch("customer.contract", self.collector, "search").xpath(
                    "//filter[@name='collection_overdue']"
                )
            )
            # An accountant cannot silence the owner's reminder of an invoice.
            with self.assertRaises(AccessError):
                invoice.with_user(self.accountant).write(
                    {"contract_overdue_activity_date": "2027-03-01"}
                )
            self.assertFalse(invoice.sudo().contract_overdue_activity_date)
            # An accountant (who may read contracts) sees them on the customer.
            self.assertEqual(
                self._figures(self.customer, self.accountant)["overdue"], 100.0
            )

    def test_overdue_activity_once_per_invoice(self):
        self.company.contract_overdue_activity_days = 10
        with freeze_time("2027-01-10"):
            contract = self._contract()
        with freeze_time("2027-02-01"):
            late = self._invoice(contract, "2027-02-01", 100.0, due="2027-03-01")
            later = self._invoice(contract, "2027-02-01", 100.0, due="2027-03-10")
            paid = self._invoice(contract, "2027-02-01", 100.0, due="2027-03-01")
            self._pay(paid, 100.0, "2027-02-01")
            self._invoice(contract, "2027-02-01", 100.0, due="2027-04-30")
        with freeze_time("2027-03-12"):
            # Overdue by 11 days: the first only (the second by 2 days).
            self._run_overdue_cron()
            self._run_overdue_cron()
            activities = self._overdue_activities(contract)
            self.assertEqual(len(activities), 1)
            self.assertEqual(activities.user_id, self.owner)
            self.assertEqual(activities.date_deadline, date(2027, 3, 12))
            self.assertIn(late.name, activities.summary)
            self.assertIn(format_date(self.env, date(2027, 3, 1)), activities.note)
            self.assertEqual(
                late.sudo().contract_overdue_activity_date, date(2027, 3, 12)
            )
            self.assertFalse(later.sudo().contract_overdue_activity_date)
            self.assertFalse(paid.sudo().contract_overdue_activity_date)
            # The owner sees it among their activities.
            self.assertIn(
                contract,
                self.env["customer.contract"]
                .with_user(self.owner)
                .search([("activity_user_id", "=", self.owner.id)]),
            )
        with freeze_time("2027-03-20"):
            # The second is 10 days overdue now; the first is not told twice,
            # even once its activity is done.
            activities.with_user(self.owner).action_feedback(feedback="Called")
            self._run_overdue_cron()
            self._run_overdue_cron()
            activities = self._overdue_activities(contract)
            self.assertEqual(len(activities), 1)
            self.assertIn(later.name, activities.summary)
            self.assertEqual(
                later.sudo().contract_overdue_activity_date, date(2027, 3, 20)
            )
            self.assertEqual(
                late.sudo().contract_overdue_activity_date, date(2027, 3, 12)
            )

    def test_overdue_activity_closed_when_paid(self):
        """Paid in full, the invoice closes its overdue activity: the owner
        reads why in the contract's chatter; a partial payment leaves it."""
        self.company.contract_overdue_activity_days = 10
        with freeze_time("2027-01-10"):
            contract = self._contract()
        with freeze_time("2027-02-01"):
            late = self._invoice(contract, "2027-02-01", 100.0, due="2027-03-01")
            other = self._invoice(contract, "2027-02-01", 100.0, due="2027-03-01")
        with freeze_time("2027-03-12"):
            self._run_overdue_cron()
            activities = self._overdue_activities(contract)
            self.assertEqual(len(activities), 2)
            activity = activities.filtered(lambda a: late.name in a.summary)
            self._pay(late, 40.0, "2027-03-12")
            self.assertTrue(activity.active)
            self._pay(late, 60.0, "2027-03-13")
            # Done (Odoo keeps done activities, archived).
            self.assertFalse(activity.exists() and activity.active)
            remaining = self._overdue_activities(contract)
            self.assertEqual(len(remaining), 1)
            self.assertIn(other.name, remaining.summary)
            done = contract.message_ids.filtered(
                lambda m: f"Invoice {late.name} is paid." in (m.body or "")
            )
            self.assertEqual(len(done), 1)
            # Not told again for the paid invoice.
            self._run_overdue_cron()
            self.assertEqual(self._overdue_activities(contract), remaining)

    @mute_logger("odoo.sql_db")
    def test_overdue_activity_days_not_negative(self):
        with self.assertRaises(IntegrityError):
            self.company.write({"contract_overdue_activity_days": -1})
            self.company.flush_recordset()

    def test_list_queries_do_not_grow_with_invoices(self):
        with freeze_time("2027-01-10"):
            contracts = self._contract() | self._contract(name="Second contract")
            self._invoice(
                contracts[0], "2027-01-10", 100.0, due="2027-01-20", currency=self.eur
            )

        def count_list_queries():
            model = self.env["customer.contract"].with_user(self.collector)
            domain = [("id", "in", contracts.ids)]
            for _warm in range(2):  # the record caches and the ormcaches
                model.web_search_read(domain, LIST_SPEC)
                self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = model.web_search_read(domain, LIST_SPEC)
            return self.env.cr.sql_log_count - before, result

        with freeze_time("2027-09-15"):
            one, result = count_list_queries()
            self.assertEqual(result["length"], 2)
        with freeze_time("2027-09-15"):
            # Four more invoices, on four other dates and rates, in both
            # contracts; and a credit note.
            for contract, day in (
                (contracts[0], "2027-02-10"),
                (contracts[0], "2027-07-10"),
                (contracts[1], "2027-03-10"),
            ):
                self._invoice(contract, day, 100.0, currency=self.eur)
            self._invoice(
                contracts[1],
                "2027-08-10",
                20.0,
                currency=self.eur,
                move_type="out_refund",
            )
        with freeze_time("2027-09-15"):
            five, result = count_list_queries()
            self.assertEqual(five, one)
            # Measured: the contracts, their versions, two reads of the
            # invoices, the rates of all dates at once, a few records.
            self.assertLessEqual(one, 10)
            invoiced = {
                row["id"]: row["collection_amount_invoiced"]
                for row in result["records"]
            }
            # 100 EUR at 2, at 2, at 4; 100 EUR at 2 - 20 EUR at 4.
            self.assertEqual(invoiced, {contracts[0].id: 125.0, contracts[1].id: 45.0})

    def test_conversion_as_res_currency_convert(self):
        """The rates of all the dates read at once give what
        ``res.currency._convert`` gives date by date: a rate shared by all
        companies, the company's own rate first, the first rate before any."""
        rates = self.env["res.currency.rate"]
        rates.create({"currency_id": self.eur.id, "name": "2027-05-01", "rate": 3.0})
        rates.create(
            {
                "currency_id": self.eur.id,
                "name": "2027-05-01",
                "rate": 2.5,
                "company_id": False,
            }
        )
        rates.create(
            {
                "currency_id": self.eur.id,
                "name": "2027-06-01",
                "rate": 1.7,
                "company_id": False,
            }
        )
        rates.search(
            [("currency_id", "=", self.eur.id), ("name", "=", "2026-01-01")]
        ).name = "2026-02-01"
        days = [
            date(2025, 6, 1),
            date(2026, 2, 1),
            date(2027, 5, 15),
            date(2027, 6, 15),
            date(2027, 9, 1),
        ]
        contracts = self.env["customer.contract"]
        pairs = [(self.eur, self.usd), (self.usd, self.eur)]
        convert = contracts._get_collection_converter(
            (source, target, self.company, day)
            for source, target in pairs
            for day in days
        )
        for source, target in pairs:
            for day in days:
                for amount in (123.45, 1000.0, -77.77):
                    self.assertEqual(
                        convert(amount, source, target, self.company, day),
                        source._convert(amount, target, self.company, day),
                        f"{amount} {source.name} to {target.name} on {day}",
                    )
