# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import SIGNED_PDF, CustomerContractCommon


@tagged("post_install", "-at_install")
class TestContractIntegration(AccountTestInvoicingCommon, CustomerContractCommon):
    """Contracts with the sales, CRM and invoicing flows, as the users who do
    them: a salesman who also manages contracts, and an accountant."""

    @classmethod
    def get_default_groups(cls):
        # The setup user also creates the clause library and a sales team.
        return (
            super().get_default_groups()
            | cls.quick_ref("customer_contract.customer_contract_group_manager")
            | cls.quick_ref("sales_team.group_sale_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.setup_other_company(name="Contract Company 2")["company"]
        cls.salesman = new_test_user(
            cls.env,
            login="contract_salesman",
            name="Sam Salesman",
            groups="sales_team.group_sale_salesman,"
            "customer_contract.customer_contract_group_user",
            company_id=cls.company.id,
        )
        cls.accountant = new_test_user(
            cls.env,
            login="contract_accountant",
            name="Annie Accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.company_2).ids)],
        )
        cls.contract_user_2 = new_test_user(
            cls.env,
            login="contract_user_2",
            name="Carla Contract",
            groups="customer_contract.customer_contract_group_user,"
            "customer_contract.customer_contract_group_signatory",
            company_id=cls.company_2.id,
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Contract Sales", "company_id": cls.company.id}
        )
        cls.today = fields.Date.context_today(cls.env.user)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _sign(self, contract, user=None):
        """Sign ``contract`` for the customer and as ``user`` for the company."""
        contract._action_sign(
            contract.signatory_id.name,
            self.today,
            user or self.contract_signatory,
            document=SIGNED_PDF,
        )
        return contract

    def _salesman_contract(self, **values):
        """A signed contract of the customer, owned by the salesman."""
        contract = self._create_contract(
            user=self.salesman,
            line_ids=[
                Command.create(
                    {
                        "product_id": self.product_service.id,
                        "quantity": 2,
                        "price_unit": 100.0,
                        "discount": 10.0,
                        "tax_ids": [Command.set(self.tax_sale_a.ids)],
                    }
                ),
                Command.create(
                    {
                        "product_id": self.product_support.id,
                        "quantity": 4,
                        "price_unit": 50.0,
                    }
                ),
            ],
            **values,
        )
        return self._sign(contract)

    def _accountant_invoice(self, partner, move_type="out_invoice", **values):
        """A one-line invoice (or bill) of 150.0 written by the accountant."""
        return (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": self.today,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_service.id,
                                "quantity": 1,
                                "price_unit": 150.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
            )
        )

    def _read_invoicing(self, contract):
        """Invoicing figures of ``contract``, read in the same transaction as the
        invoice changes: they must follow them without a new request."""
        return {
            "invoice_count": contract.invoice_count,
            "amount_invoiced": contract.amount_invoiced,
            "amount_to_invoice": contract.amount_to_invoice,
        }

    # ------------------------------------------------------------------
    # CRM
    # ------------------------------------------------------------------
    def test_opportunity_to_contract(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "Azure maintenance deal",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "user_id": self.salesman.id,
                    "team_id": self.team.id,
                    "expected_revenue": 12000.0,
                }
            )
        )
        # One primary button: the quotation of sale_crm.
        names = self.assertHeader(
            lead, self.salesman, "action_sale_quotations_new", max_buttons=None
        )
        self.assertIn("action_create_contract", names)
        action = lead.action_create_contract()
        # Read again, as the form does after the button.
        lead.invalidate_recordset(["contract_count", "contract_ids"])
        self.assertEqual(action["res_model"], "customer.contract")
        self.assertEqual(action["views"], [(False, "form")])
        contract = lead.env["customer.contract"].browse(action["res_id"])
        self.assertRecordValues(
            contract,
            [
                {
                    "name": "Azure maintenance deal",
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "user_id": self.salesman.id,
                    "team_id": self.team.id,
                    "company_id": self.company.id,
                    "expected_value": 12000.0,
                    "opportunity_id": lead.id,
                }
            ],
        )
        self.assertNotEqual(contract.reference, "New")
        self.assertEqual(lead.contract_count, 1)
        self.assertEqual(lead.contract_ids, contract)

        # The smart button of the opportunity opens its only contract.
        view = lead.action_view_contracts()
        self.assertEqual(view["res_model"], "customer.contract")
        self.assertEqual(view["res_id"], contract.id)
        self.assertEqual(view["views"], [(False, "form")])
        self.assertEqual(view["domain"], [("opportunity_id", "=", lead.id)])
        self.assertEqual(view["context"]["default_opportunity_id"], lead.id)

        # And the contract leads back to its opportunity.
        back = contract.action_view_opportunity()
        self.assertEqual(back["res_model"], "crm.lead")
        self.assertEqual(back["res_id"], lead.id)

        # One contract per opportunity: the button gives way to the smart
        # button, and the method refuses a second one.
        names = self.assertHeader(
            lead, self.salesman, "action_sale_quotations_new", max_buttons=None
        )
        self.assertNotIn("action_create_contract", names)
        self.assertTrue(
            self._visible_nodes(
                lead, self.salesman, "//button[@name='action_view_contracts']"
            )
        )
        with self.assertRefused(UserError, "already has its contract"):
            lead.action_create_contract()
        self.assertEqual(
            self.env["customer.contract"].search([("opportunity_id", "=", lead.id)]),
            contract,
        )

        # A second contract made on purpose: the smart button lists them.
        contract.copy({"opportunity_id": lead.id})
        # The counter is computed for each request, as the form reads it again.
        lead.invalidate_recordset(["contract_count", "contract_ids"])
        self.assertEqual(lead.contract_count, 2)
        view = lead.action_view_contracts()
        self.assertFalse(view.get("res_id"))
        self.assertIn((False, "list"), view["views"])
        self.assertEqual(
            lead.env["customer.contract"].search(view["domain"]), lead.contract_ids
        )

    def test_opportunity_without_customer(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "Unknown prospect",
                    "type": "opportunity",
                    "user_id": self.salesman.id,
                    "expected_revenue": 500.0,
                }
            )
        )
        with self.assertRaises(UserError) as error:
            lead.action_create_contract()
        self.assertIn("Set the customer of opportunity", str(error.exception))
        self.assertFalse(
            self.env["customer.contract"].search([("opportunity_id", "=", lead.id)])
        )

    # ------------------------------------------------------------------
    # Sales
    # ------------------------------------------------------------------
    def test_quotation_to_contract(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "order_line": [
                        Command.create(
                            {"display_type": "line_section", "name": "Services"}
                        ),
                        Command.create(
                            {
                                "product_id": self.product_service.id,
                                "product_uom_qty": 3,
                                "price_unit": 90.0,
                                "discount": 10.0,
                                "tax_ids": [Command.set(self.tax_sale_a.ids)],
                            }
                        ),
                        Command.create(
                            {
                                "product_id": self.product_support.id,
                                "product_uom_qty": 5,
                                "price_unit": 50.0,
                                "tax_ids": [Command.clear()],
                            }
                        ),
                    ],
                }
            )
        )
        action = order.action_create_contract()
        contract = order.env["customer.contract"].browse(action["res_id"])
        self.assertEqual(order.contract_id, contract)
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "user_id": self.salesman.id,
                    "team_id": self.team.id,
                    "currency_id": order.currency_id.id,
                    "expected_value": order.amount_untaxed,
                    "amount_untaxed": order.amount_untaxed,
                    "amount_tax": order.amount_tax,
                    "amount_total": order.amount_total,
                }
            ],
        )
        self.assertIn(order.name, contract.name)
        # The section is not a contract line.
        self.assertRecordValues(
            contract.line_ids,
            [
                {
                    "product_id": self.product_service.id,
                    "quantity": 3.0,
                    "price_unit": 90.0,
                    "discount": 10.0,
                    "tax_ids": self.tax_sale_a.ids,
                    "price_subtotal": 243.0,
                },
                {
                    "product_id": self.product_support.id,
                    "quantity": 5.0,
                    "price_unit": 50.0,
                    "discount": 0.0,
                    "tax_ids": [],
                    "price_subtotal": 250.0,
                },
            ],
        )
        self.assertEqual(contract.sale_order_count, 1)
        self.assertEqual(
            contract.action_view_sale_orders()["domain"],
            [("contract_id", "=", contract.id)],
        )

        contracts_before = self.env["customer.contract"].search_count([])
        with self.assertRaises(UserError) as error:
            order.action_create_contract()
        self.assertIn("already linked to contract", str(error.exception))
        self.assertEqual(
            self.env["customer.contract"].search_count([]), contracts_before
        )
        self.assertEqual(order.contract_id, contract)

    def test_cancelled_quotation_to_contract(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create({"product_id": self.product_service.id})
                    ],
                }
            )
        )
        order.action_cancel()
        with self.assertRaises(UserError) as error:
            order.action_create_contract()
        self.assertIn("is cancelled", str(error.exception))
        self.assertFalse(order.contract_id)

    def test_contract_to_quotation(self):
        contract = self._salesman_contract()
        action = contract.action_create_quotation()
        self.assertEqual(action["res_model"], "sale.order")
        order = contract.env["sale.order"].browse(action["res_id"])
        self.assertRecordValues(
            order,
            [
                {
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "contract_id": contract.id,
                    "origin": contract.reference,
                    "user_id": self.salesman.id,
                    "company_id": self.company.id,
                    "amount_untaxed": contract.amount_untaxed,
                    "amount_total": contract.amount_total,
                }
            ],
        )
        self.assertRecordValues(
            order.order_line,
            [
                {
                    "product_id": self.product_service.id,
                    "product_uom_qty": 2.0,
                    "price_unit": 100.0,
                    "discount": 10.0,
                    "tax_ids": self.tax_sale_a.ids,
                },
                {
                    "product_id": self.product_support.id,
                    "product_uom_qty": 4.0,
                    "price_unit": 50.0,
                    "discount": 0.0,
                    "tax_ids": [],
                },
            ],
        )
        self.assertEqual(contract.sale_order_count, 1)
        self.assertEqual(contract.sale_order_ids, order)

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------
    def test_invoice_inherits_contract(self):
        contract = self._salesman_contract()
        self.assertEqual(contract.amount_untaxed, 380.0)
        order = contract.env["sale.order"].browse(
            contract.action_create_quotation()["res_id"]
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice = self.env["account.move"].with_user(self.accountant).browse(invoice.id)
        self.assertEqual(invoice.contract_id, contract)
        self.assertEqual(invoice.amount_untaxed, 380.0)

        # A draft invoice is counted, but not invoiced yet.
        contract_acc = contract.with_user(self.accountant)
        self.assertEqual(
            self._read_invoicing(contract_acc),
            {"invoice_count": 1, "amount_invoiced": 0.0, "amount_to_invoice": 380.0},
        )
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(
            self._read_invoicing(contract_acc),
            {"invoice_count": 1, "amount_invoiced": 380.0, "amount_to_invoice": 0.0},
        )

        # The customer gets a credit note for part of the invoice.
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Unused hours"})
        )
        refund = invoice.browse(reversal.refund_moves()["res_id"])
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.contract_id, contract)
        support_line = refund.invoice_line_ids.filtered(
            lambda line: line.product_id == self.product_support
        )
        refund.write(
            {
                "invoice_line_ids": [
                    Command.update(support_line.id, {"quantity": 1}),
                    Command.delete((refund.invoice_line_ids - support_line).id),
                ]
            }
        )
        refund.action_post()
        self.assertEqual(refund.amount_untaxed, 50.0)
        self.assertEqual(
            self._read_invoicing(contract_acc),
            {"invoice_count": 2, "amount_invoiced": 330.0, "amount_to_invoice": 50.0},
        )
        self.assertEqual(
            contract_acc.amount_to_invoice,
            contract_acc.amount_untaxed - contract_acc.amount_invoiced,
        )
        # The salesman who owns the contract sees the same figures.
        self.assertEqual(
            self._read_invoicing(contract),
            {"invoice_count": 2, "amount_invoiced": 330.0, "amount_to_invoice": 50.0},
        )
        action = contract_acc.action_view_invoices()
        self.assertEqual(
            self.env["account.move"].search(action["domain"]), invoice | refund
        )

    def test_reversal_keeps_contract(self):
        contract = self._salesman_contract()
        invoice = self._accountant_invoice(self.customer, contract_id=contract.id)
        invoice.action_post()
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Wrong price"})
        )
        reversal.modify_moves()
        refund, new_invoice = invoice.reversal_move_ids, reversal.new_move_ids
        self.assertRecordValues(
            refund | new_invoice,
            [
                {"move_type": "out_refund", "state": "posted"},
                {"move_type": "out_invoice", "state": "draft"},
            ],
        )
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertEqual((refund | new_invoice).contract_id, contract)
        self.assertEqual(
            self._read_invoicing(contract.with_user(self.accountant)),
            {"invoice_count": 3, "amount_invoiced": 0.0, "amount_to_invoice": 380.0},
        )

    def test_orders_of_two_contracts_invoiced_together(self):
        contract_a = self._salesman_contract(name="Maintenance A")
        contract_b = self._salesman_contract(name="Maintenance B")
        order_a = contract_a.env["sale.order"].browse(
            contract_a.action_create_quotation()["res_id"]
        )
        order_b = contract_b.env["sale.order"].browse(
            contract_b.action_create_quotation()["res_id"]
        )
        order_plain = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create({"product_id": self.product_service.id})
                    ],
                }
            )
        )
        orders = order_a | order_b | order_plain
        orders.action_confirm()
        invoices = orders._create_invoices()
        # Each contract keeps its own invoice, even for the same customer.
        self.assertEqual(len(invoices), 3)
        self.assertEqual(order_a.invoice_ids.contract_id, contract_a)
        self.assertEqual(order_b.invoice_ids.contract_id, contract_b)
        self.assertFalse(order_plain.invoice_ids.contract_id)
        self.assertEqual(order_a.invoice_ids.amount_untaxed, 380.0)

    # ------------------------------------------------------------------
    # Manual link by the accountant
    # ------------------------------------------------------------------
    def test_accountant_links_invoice(self):
        contract = self._salesman_contract()
        # Invoiced to the signatory, a contact of the contract's customer.
        invoice = self._accountant_invoice(self.signatory)
        invoice.action_post()
        invoice.contract_id = contract
        self.assertEqual(invoice.contract_id, contract)
        self.assertEqual(
            self._read_invoicing(contract.with_user(self.accountant)),
            {"invoice_count": 1, "amount_invoiced": 150.0, "amount_to_invoice": 230.0},
        )
        self.assertEqual(invoice.action_view_contract()["res_id"], contract.id)

        # A credit note written by hand for the contract is deducted.
        refund = self._accountant_invoice(
            self.customer, move_type="out_refund", contract_id=contract.id
        )
        refund.action_post()
        self.assertEqual(
            self._read_invoicing(contract.with_user(self.accountant)),
            {"invoice_count": 2, "amount_invoiced": 0.0, "amount_to_invoice": 380.0},
        )

    def test_accountant_cannot_link_other_customer_contract(self):
        other_contract = self._sign(
            self._create_contract(
                user=self.salesman,
                name="Deco Fit-out",
                partner_id=self.other_customer.id,
                signatory_id=self.env["res.partner"]
                .create({"name": "Dana Deco", "parent_id": self.other_customer.id})
                .id,
            )
        )
        invoice = self._accountant_invoice(self.signatory)
        with self.assertRaises(ValidationError) as error:
            invoice.contract_id = other_contract
        message = str(error.exception)
        self.assertIn("Azure Interior", message)
        self.assertIn("Deco Addict", message)
        self.assertIn(other_contract.reference, message)
        self.assertFalse(invoice.contract_id)

        with self.assertRaises(ValidationError):
            self._accountant_invoice(self.customer, contract_id=other_contract.id)
        self.assertFalse(
            self.env["account.move"].search([("contract_id", "=", other_contract.id)])
        )

    def test_accountant_cannot_link_other_company_contract(self):
        contract_2 = self._sign(
            self._create_contract(user=self.contract_user_2, name="Maintenance abroad"),
            user=self.contract_user_2,
        )
        self.assertEqual(contract_2.company_id, self.company_2)
        invoice = self._accountant_invoice(self.customer)
        self.assertEqual(invoice.company_id, self.company)
        # Either the company check of the field or the contract's own check.
        with self.assertRaises(UserError) as error:
            invoice.contract_id = contract_2
        self.assertIn(contract_2.reference, str(error.exception))
        self.assertFalse(invoice.contract_id)

    def test_accountant_cannot_link_vendor_bill(self):
        contract = self._salesman_contract()
        bill = self._accountant_invoice(self.customer, move_type="in_invoice")
        with self.assertRaises(ValidationError) as error:
            bill.contract_id = contract
        self.assertIn("Only customer invoices and credit notes", str(error.exception))
        self.assertFalse(bill.contract_id)
        with self.assertRaises(ValidationError) as error:
            self._accountant_invoice(
                self.customer, move_type="in_refund", contract_id=contract.id
            )
        self.assertIn("Only customer invoices and credit notes", str(error.exception))
        self.assertFalse(
            self.env["account.move"].search([("contract_id", "=", contract.id)])
        )
        self.assertEqual(
            self._read_invoicing(contract.with_user(self.accountant)),
            {"invoice_count": 0, "amount_invoiced": 0.0, "amount_to_invoice": 380.0},
        )

    # ------------------------------------------------------------------
    # Partner
    # ------------------------------------------------------------------
    def test_partner_contract_stats(self):
        started = {
            "date_start": self.today - relativedelta(months=2),
            "date_end": self.today + relativedelta(months=10),
        }
        active_1 = self._salesman_contract(name="Active one", **started)
        active_2 = self._sign(
            self._create_contract(user=self.salesman, name="Active two", **started)
        )
        signed_future = self._salesman_contract(
            name="Starts later",
            date_start=self.today + relativedelta(months=1),
            date_end=self.today + relativedelta(months=13),
        )
        draft = self._create_contract(user=self.salesman, name="Still a draft")
        self._create_contract(
            user=self.salesman,
            name="Other customer",
            partner_id=self.other_customer.id,
            signatory_id=False,
        )
        self.assertEqual((active_1 | active_2).mapped("state"), ["active", "active"])
        self.assertEqual(signed_future.state, "signed")
        self.assertEqual(draft.state, "draft")

        partners = (self.customer | self.signatory | self.other_customer).with_user(
            self.salesman
        )
        self.assertRecordValues(
            partners,
            [
                {
                    "contract_count": 4,
                    "contract_active_count": 2,
                    "contract_total_value": 380.0 + 200.0,
                    "contract_currency_id": self.company.currency_id.id,
                },
                {
                    "contract_count": 4,
                    "contract_active_count": 2,
                    "contract_total_value": 380.0 + 200.0,
                    "contract_currency_id": self.company.currency_id.id,
                },
                {
                    "contract_count": 1,
                    "contract_active_count": 0,
                    "contract_total_value": 0.0,
                    "contract_currency_id": self.company.currency_id.id,
                },
            ],
        )

        # From the contact, the button lists the contracts of its company.
        action = partners[1].action_view_contracts()
        self.assertEqual(action["res_model"], "customer.contract")
        self.assertEqual(
            action["domain"], [("commercial_partner_id", "in", self.customer.ids)]
        )
        self.assertEqual(action["context"]["default_partner_id"], self.signatory.id)
        self.assertEqual(
            partners.env["customer.contract"].search(action["domain"]),
            active_1 | active_2 | signed_future | draft,
        )
