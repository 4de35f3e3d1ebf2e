# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import freeze_time, new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.customer_contract.tests.common import (
    SIGNED_PDF,
    CustomerContractCommon,
)


class BillingCommon(AccountTestInvoicingCommon, CustomerContractCommon):
    """A contracts user who sets the plans, an invoicing user who makes the
    invoices by hand, an accountant who registers the payments; helpers to
    sign a contract and run the invoicing scheduled action."""

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
            login="contract_biller",
            name="Bill Biller",
            groups="customer_contract.customer_contract_group_user,"
            "account.group_account_invoice",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="contract_accountant",
            name="Annie Accountant",
            groups="account.group_account_invoice",
        )
        cls.cron = cls.env.ref(
            "customer_contract_billing.customer_contract_cron_billing"
        )
        cls.state_cron = cls.env.ref(
            "customer_contract.customer_contract_cron_update_states"
        )
        cls.fee = cls.env["product.product"].create(
            {
                "name": "Subscription Fee",
                "type": "service",
                "list_price": 1200.0,
                "taxes_id": [Command.clear()],
            }
        )

    @classmethod
    def _plan_contract(cls, plan="recurring", price=1200.0, signed_on=None, **values):
        """A contract of one line (1 x ``price``) with a billing plan, set by
        the contracts user, signed on ``signed_on`` when given."""
        vals = {
            "billing_plan": plan,
            "line_ids": [
                Command.create(
                    {"product_id": cls.fee.id, "quantity": 1, "price_unit": price}
                )
            ],
        }
        vals.update(values)
        contract = cls._create_contract(**vals)
        if signed_on:
            cls._sign(contract, signed_on)
        return contract

    @classmethod
    def _sign(cls, contract, day):
        with freeze_time(day):
            contract.with_user(cls.contract_user)._action_sign(
                "Brandon Freeman",
                date.fromisoformat(str(day)),
                cls.contract_signatory,
                document=SIGNED_PDF,
            )
        return contract

    def _run_cron(self):
        """Run the invoicing as the scheduler does (it commits)."""
        with self.enter_registry_test_mode():
            self.state_cron.method_direct_trigger()
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _schedule(self, contract):
        """The schedule as (start, end, planned date, amount, state)."""
        return [
            (
                str(line.date_start or ""),
                str(line.date_end or ""),
                str(line.date_planned or ""),
                line.amount,
                line.state,
            )
            for line in contract.billing_line_ids.sorted(
                lambda line: (
                    line.date_start or line.date_planned or date.max,
                    line.id,
                )
            )
        ]

    def _invoices(self, contract):
        return (
            self.env["account.move"]
            .search([("contract_id", "=", contract.id)])
            .sorted(
                lambda m: (m.contract_billing_line_id.date_planned or date.max, m.id)
            )
        )
