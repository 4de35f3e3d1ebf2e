# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.orm.environments import Transaction
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests.common import tagged
from odoo.tools import SQL

from odoo.addons.customer_contract.tests.common import SIGNED_PDF
from odoo.addons.customer_contract.tests.concurrency import ContractConcurrencyCase

CONTRACTS = 6
# Enough for several batches of two for each of the two workers.
SPLIT_CONTRACTS = 10


@tagged("post_install", "-at_install")
class TestBillingConcurrency(ContractConcurrencyCase):
    """Two workers run the invoicing at the same time on the same due
    contracts: each line is invoiced once. The data is committed (each
    worker has its own transaction) and removed afterwards."""

    def _create_due_contracts(self, count=CONTRACTS):
        today = fields.Date.today()
        date_start = today.replace(day=1)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer, signatory, product = self._create_parties(
                env, {"name": "Concurrent Fee", "taxes_id": []}
            )
            contracts = env["customer.contract"].create(
                [
                    {
                        "name": f"Concurrent billing {i}",
                        "partner_id": customer.id,
                        "signatory_id": signatory.id,
                        "date_start": date_start,
                        "date_end": date_start + relativedelta(years=1, days=-1),
                        "billing_plan": "recurring",
                        "billing_interval": "1",
                        "billing_timing": "advance",
                        "clause_ids": [
                            Command.create(
                                {"name": "Scope", "body": "<p>Support services.</p>"}
                            )
                        ],
                        "line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "quantity": 1,
                                    "price_unit": 1200.0,
                                }
                            )
                        ],
                    }
                    for i in range(count)
                ]
            )
            contracts._action_sign(
                "Concurrent Signatory", today, env.user, document=SIGNED_PDF
            )
            data = self._committed_data(contracts, signatory | customer, product)
        return data

    def _cleanup(self, data):
        """Remove what the test committed, signed contracts included."""
        ids = tuple(data["contracts"])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            moves = tuple(
                env["account.move"].search([("contract_id", "in", ids)]).ids
            ) or (0,)
            self._delete_committed(
                cr,
                data,
                {"customer.contract": ids, "account.move": moves},
                [
                    SQL("DELETE FROM account_move_line WHERE move_id IN %s", moves),
                    SQL("DELETE FROM account_move WHERE id IN %s", moves),
                    SQL(
                        "DELETE FROM customer_contract_billing_line "
                        "WHERE contract_id IN %s",
                        ids,
                    ),
                    SQL(
                        "DELETE FROM customer_contract_obligation "
                        "WHERE contract_id IN %s",
                        ids,
                    ),
                    SQL("DELETE FROM customer_contract WHERE id IN %s", ids),
                ],
            )

    def _counts(self, ids):
        """Per contract: (invoices, schedule lines invoiced)."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return {
                contract.id: (
                    env["account.move"].search_count(
                        [("contract_id", "=", contract.id)]
                    ),
                    len(
                        contract.billing_line_ids.filtered(
                            lambda line: line.state == "invoiced"
                        )
                    ),
                )
                for contract in env["customer.contract"].browse(ids)
            }

    def test_two_workers_invoice_each_line_once(self):
        data = self._create_due_contracts()
        results = self._run_together("customer.contract", "_cron_billing")
        self.assertEqual(results, ["done", "done"])
        counts = self._counts(data["contracts"])
        self.assertEqual(set(counts.values()), {(1, 1)}, counts)
        # A third run finds nothing left.
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["customer.contract"]._cron_billing()
        self.assertEqual(self._counts(data["contracts"]), counts)

    def test_two_workers_split_the_contracts(self):
        """While the first worker holds a batch, the second takes the next
        ones; both go on until none is left, each contract invoiced once."""
        data = self._create_due_contracts(SPLIT_CONTRACTS)
        ids = data["contracts"]
        done = self._run_split(
            "customer.contract", "_billing_invoice_due", "_cron_billing"
        )
        self.assertTrue(done["first"] and done["second"], done)
        self.assertFalse(set(done["first"]) & set(done["second"]), done)
        self.assertEqual(sorted(done["first"] + done["second"]), sorted(ids))
        counts = self._counts(ids)
        self.assertEqual(set(counts.values()), {(1, 1)}, counts)

    def test_line_invoiced_meanwhile_is_not_invoiced_again(self):
        """A worker whose snapshot predates another's committed invoices
        meets the lines changed meanwhile: its batch is taken again on a fresh
        snapshot, where nothing is left to do (no invoice twice)."""
        data = self._create_due_contracts(2)
        ids = data["contracts"]
        with self.registry.cursor() as late:
            late.transaction = Transaction(self.registry)
            late_env = api.Environment(late, SUPERUSER_ID, {})
            # The late worker's snapshot is taken here, before the other one
            # invoices and commits.
            late.execute("SELECT 1")
            with self.registry.cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {})["customer.contract"].browse(
                    ids
                )._billing_invoice_due()
            with self.assertRaises(PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                late_env["customer.contract"].browse(ids)._billing_invoice_due()
            late.rollback()
            # Taken again on a fresh snapshot: nothing to do.
            self.assertFalse(
                late_env["customer.contract"].browse(ids)._billing_invoice_due()
            )
        self.assertEqual(set(self._counts(ids).values()), {(1, 1)})
