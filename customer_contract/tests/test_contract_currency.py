# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Contracts in two currencies: prices from the customer's pricelist in its
currency, the company-currency value at the contract date, the value pivot
and the customer's total in the company's currency, invoiced amounts at each
invoice's rate."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .test_contract_amendment import AmendmentCommon


class ContractCurrencyCommon(AmendmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Euros per dollar: 1 EUR = 2 USD in 2027 until June, then 0.5 USD.
        cls._activate_euro((("2027-01-01", 0.5), ("2027-06-01", 2.0)))
        cls.pricelist_eur = cls._fixed_price_pricelist("Euro Customers", cls.eur, 80.0)
        cls.euro_customer = cls.env["res.partner"].create(
            {"name": "Euro Interior", "is_company": True}
        )
        cls.euro_signatory = cls.env["res.partner"].create(
            {"name": "Eva Euro", "parent_id": cls.euro_customer.id}
        )
        cls.euro_customer.property_product_pricelist = cls.pricelist_eur

    @classmethod
    def _fixed_price_pricelist(cls, name, currency, price):
        """A pricelist in ``currency`` selling the service at ``price``."""
        return cls.env["product.pricelist"].create(
            {
                "name": name,
                "currency_id": currency.id,
                "company_id": cls.company.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.product_service.id,
                            "compute_price": "fixed",
                            "fixed_price": price,
                        }
                    )
                ],
            }
        )

    def setUp(self):
        super().setUp()
        self.assertEqual(self.usd.name, "USD")

    def _euro_contract(self, **values):
        """A draft contract of the euro customer, priced by its pricelist."""
        vals = {
            "partner_id": self.euro_customer.id,
            "signatory_id": self.euro_signatory.id,
            "line_ids": [
                Command.create({"product_id": self.product_service.id, "quantity": 2})
            ],
        }
        vals.update(values)
        return self._create_contract(**vals)


@tagged("post_install", "-at_install")
@freeze_time("2027-02-15")
class TestContractCurrency(ContractCurrencyCommon):
    def test_prices_follow_the_customer_pricelist(self):
        contract = self._euro_contract(
            line_ids=[
                Command.create({"product_id": self.product_service.id, "quantity": 2}),
                Command.create({"product_id": self.product_support.id, "quantity": 1}),
            ]
        )
        self.assertEqual(contract.pricelist_id, self.pricelist_eur)
        self.assertEqual(contract.currency_id, self.eur)
        service, support = contract.line_ids
        # The pricelist's price; the product's 50 USD sales price in euros
        # at today's rate (0.5 EUR per USD).
        self.assertEqual(service.price_unit, 80.0)
        self.assertEqual(support.price_unit, 25.0)
        self.assertEqual(contract.amount_untaxed, 185.0)
        # A customer without a euro pricelist: the company's currency and
        # the product's sales price.
        usd_contract = self._create_contract(
            line_ids=[Command.create({"product_id": self.product_support.id})]
        )
        self.assertEqual(usd_contract.currency_id, self.usd)
        self.assertEqual(usd_contract.line_ids.price_unit, 50.0)

    def test_form_follows_the_customer(self):
        """In the form, choosing the customer sets the pricelist and the
        currency, and a product takes the pricelist's price."""
        contracts = self.env["customer.contract"].with_user(self.contract_user)
        with Form(contracts) as form:
            form.name = "Euro maintenance"
            form.partner_id = self.euro_customer
            self.assertEqual(form.currency_id, self.eur)
            with form.line_ids.new() as line:
                line.product_id = self.product_service
                self.assertEqual(line.price_unit, 80.0)
        contract = form.record
        self.assertEqual(contract.pricelist_id, self.pricelist_eur)
        self.assertEqual(contract.amount_untaxed, 80.0)
        self.assertEqual(contract.amount_untaxed_company, 160.0)

    def test_amendment_lines_priced_in_the_contract_currency(self):
        contract = self._euro_contract(date_start="2027-01-01")
        self._sign(contract, when="2027-01-10")
        amendment = self._amend(contract)
        self.assertEqual(amendment.currency_id, self.eur)
        amendment.write(
            {"line_ids": [Command.create({"product_id": self.product_support.id})]}
        )
        new_line = amendment.line_ids.filtered(
            lambda line: line.product_id == self.product_support
        )
        self.assertEqual(new_line.price_unit, 25.0)

    def test_pricelist_locked_once_signed(self):
        contract = self._euro_contract(date_start="2027-01-01")
        self._sign(contract, when="2027-01-10")
        other = self.env["product.pricelist"].create({"name": "Other"})
        with self.assertRefused(UserError, "is signed"):
            contract.with_user(self.contract_user).pricelist_id = other
        self.assertEqual(contract.pricelist_id, self.pricelist_eur)
        self.assertEqual(contract.currency_id, self.eur)

    def test_contract_from_order_keeps_its_prices(self):
        salesman = new_test_user(
            self.env,
            login="currency_salesman",
            groups="customer_contract.customer_contract_group_user,"
            "sales_team.group_sale_salesman",
        )
        order = (
            self.env["sale.order"]
            .with_user(salesman)
            .create(
                {
                    "partner_id": self.euro_customer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product_service.id,
                                "product_uom_qty": 3,
                                "price_unit": 123.0,
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(order.currency_id, self.eur)
        order.action_create_contract()
        contract = order.contract_id
        self.assertEqual(contract.pricelist_id, self.pricelist_eur)
        self.assertEqual(contract.currency_id, self.eur)
        self.assertEqual(contract.line_ids.price_unit, 123.0)
        self.assertEqual(contract.amount_untaxed, 369.0)

    def test_company_value_at_the_contract_date(self):
        # 2 x 80 EUR = 160 EUR; starting in July: 0.5 USD per EUR.
        contract = self._euro_contract(date_start="2027-07-01", date_end=False)
        self.assertEqual(contract.amount_untaxed, 160.0)
        self.assertEqual(contract.amount_untaxed_company, 80.0)
        self.assertEqual(contract.amount_total_company, 80.0)
        self.assertEqual(contract.company_currency_id, self.usd)
        # Signed in January (2 USD per EUR): the signature date decides.
        self._sign(contract, when="2027-01-20")
        self.assertEqual(contract.amount_total_company, 320.0)
        # No date at all: today's rate (2 USD per EUR).
        undated = self._euro_contract(date_start=False, date_end=False)
        self.assertEqual(undated.amount_total_company, 320.0)
        undated.date_start = "2027-06-15"
        self.assertEqual(undated.amount_total_company, 80.0)
        # In the company's currency: the same amount.
        usd_contract = self._create_contract()
        self.assertEqual(usd_contract.amount_total_company, 200.0)

    def test_amounts_not_written_by_hand(self):
        contract = self._euro_contract(date_start="2027-07-01")
        as_user = contract.with_user(self.contract_user)
        for fname in ("amount_total_company", "amount_untaxed_company", "amount_total"):
            with self.assertRefused(UserError, "set by the workflow only"):
                as_user.write({fname: 1.0})
        with self.assertRefused(UserError, "set by the workflow only"):
            self._euro_contract(amount_total_company=1.0)
        contract.invalidate_recordset()
        self.assertEqual(contract.amount_total, 160.0)
        self.assertEqual(contract.amount_total_company, 80.0)

    def test_value_pivot_sums_company_values(self):
        self._euro_contract(date_start="2027-01-01")  # 160 EUR = 320 USD
        self._create_contract()  # 200 USD
        contracts = self.env["customer.contract"].with_user(self.contract_user)
        # The contract-currency amounts are not summed across currencies.
        for fname in ("amount_untaxed", "amount_tax", "amount_total"):
            self.assertFalse(contracts._fields[fname].aggregator, fname)
        for fname in ("amount_untaxed_company", "amount_total_company"):
            self.assertEqual(contracts._fields[fname].aggregator, "sum", fname)
        groups = contracts.formatted_read_group(
            [("id", "in", contracts.search([]).ids)],
            ["state"],
            ["amount_untaxed_company:sum", "amount_total_company:sum"],
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["amount_untaxed_company:sum"], 520.0)
        self.assertEqual(groups[0]["amount_total_company:sum"], 520.0)
        for view_type in ("pivot", "graph"):
            arch = self._get_arch("customer.contract", self.contract_user, view_type)
            measures = [
                node.get("name") for node in arch.xpath("//field[@type='measure']")
            ]
            self.assertEqual(measures, ["amount_untaxed_company"], view_type)
        list_arch = self._get_arch("customer.contract", self.contract_user, "list")
        summed = [node.get("name") for node in list_arch.xpath("//field[@sum]")]
        self.assertEqual(summed, ["amount_untaxed_company", "amount_total_company"])

    def test_partner_value_in_company_currency(self):
        euro = self._euro_contract(date_start="2027-01-01")
        self._sign(euro, when="2027-01-10")  # 160 EUR = 320 USD
        euro_usd = self._create_contract(
            partner_id=self.euro_customer.id,
            signatory_id=self.euro_signatory.id,
            pricelist_id=False,
            date_start="2027-01-01",
        )
        self.assertEqual(euro_usd.currency_id, self.usd)
        self._sign(euro_usd, when="2027-01-10")  # 200 USD
        self.assertEqual((euro | euro_usd).mapped("state"), ["active", "active"])
        partner = self.euro_customer.with_user(self.contract_user)
        self.assertEqual(partner.contract_active_count, 2)
        self.assertEqual(partner.contract_total_value, 520.0)
        self.assertEqual(partner.contract_currency_id, self.usd)


@tagged("post_install", "-at_install")
class TestContractCurrencyInvoiced(AccountTestInvoicingCommon, AmendmentCommon):
    """Invoices in euros on a dollar contract, each at its own date's rate."""

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
            login="currency_accountant",
            groups="account.group_account_invoice",
        )
        cls.reader = new_test_user(
            cls.env,
            login="currency_reader",
            groups="customer_contract.customer_contract_group_user,"
            "account.group_account_invoice",
        )
        cls.usd = cls.company.currency_id
        # Euros per dollar: 2 from 2026, 4 from July 2027.
        cls.eur = cls.setup_other_currency(
            "EUR", rates=[("2026-01-01", 2.0), ("2027-07-01", 4.0)]
        )

    def _invoice(self, contract, invoice_date, amount, move_type="out_invoice"):
        move = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": self.customer.id,
                    "contract_id": contract.id,
                    "invoice_date": invoice_date,
                    "currency_id": self.eur.id,
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

    @freeze_time("2027-09-01")
    def test_invoiced_at_each_invoice_rate(self):
        self.assertEqual(self.usd.name, "USD")
        contract = self._create_contract(date_start="2027-01-01")
        self._sign(contract, when="2027-01-10")
        self._invoice(contract, "2027-02-01", 100.0)  # 50 USD
        self._invoice(contract, "2027-08-01", 100.0)  # 25 USD
        self._invoice(contract, "2027-08-15", 20.0, move_type="out_refund")  # -5
        contract = contract.with_user(self.reader)
        contract.invalidate_recordset()
        # At today's rate it would be 180 EUR / 4 = 45 USD.
        self.assertEqual(contract.amount_invoiced, 70.0)
        self.assertEqual(contract.amount_to_invoice, 130.0)
        self.assertEqual(contract.invoice_count, 3)


@tagged("post_install", "-at_install")
@freeze_time("2027-02-15")
class TestContractUpdatePrices(ContractCurrencyCommon):
    """As on a sales order: another pricelist offers Update Prices, which
    prices the lines again by it, while the terms may change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A salesperson of a company that uses pricelists.
        cls.pricing_user = new_test_user(
            cls.env,
            login="contract_pricing_user",
            name="Priya Pricing",
            groups="customer_contract.customer_contract_group_user,"
            "product.group_product_pricelist",
        )
        cls.pricelist_partner = cls._fixed_price_pricelist(
            "Partner Prices", cls.usd, 90.0
        )

    def _prices(self, contract):
        contract.invalidate_recordset()
        return contract.line_ids.mapped("price_unit")

    def test_update_prices_after_changing_the_pricelist(self):
        contract = self._create_contract(user=self.pricing_user)
        self.assertEqual(self._prices(contract), [100.0])
        with Form(contract.with_user(self.pricing_user)) as form:
            self.assertFalse(form.show_update_pricelist)
            form.pricelist_id = self.pricelist_partner
            self.assertTrue(form.show_update_pricelist)
        # Changing the pricelist alone keeps the agreed prices.
        self.assertEqual(self._prices(contract), [100.0])
        messages = contract.message_ids
        contract.with_user(self.pricing_user).action_update_prices()
        self.assertEqual(self._prices(contract), [90.0])
        self.assertEqual(contract.amount_untaxed, 180.0)
        note = contract.message_ids - messages
        self.assertIn("Partner Prices", " ".join(note.mapped("body")))
        # The button shows where it can succeed only.
        arch = self._get_arch("customer.contract", self.pricing_user)
        (button,) = arch.xpath("//button[@name='action_update_prices']")
        self.assertEqual(
            button.get("invisible"), "not show_update_pricelist or is_locked"
        )

    def test_update_prices_refused_once_signed(self):
        contract = self._create_contract(
            user=self.pricing_user, date_start="2027-01-01"
        )
        self._sign(contract, when="2027-01-10")
        self.pricelist_partner.item_ids.fixed_price = 10.0
        contract.invalidate_recordset()
        with self.assertRefused(
            UserError, "its prices change only through an amendment"
        ):
            contract.with_user(self.pricing_user).action_update_prices()
        self.assertEqual(self._prices(contract), [100.0])

    def test_update_prices_refused_to_readers(self):
        contract = self._create_contract(pricelist_id=self.pricelist_partner.id)
        contract.line_ids.price_unit = 100.0
        portal = new_test_user(
            self.env,
            login="contract_prices_portal",
            groups="base.group_portal",
            partner_id=self.signatory.id,
        )
        accountant = new_test_user(
            self.env,
            login="contract_prices_accountant",
            groups="account.group_account_invoice",
        )
        for user in (portal, accountant):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                contract.with_user(user).action_update_prices()
        self.assertEqual(self._prices(contract), [100.0])
