# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from concurrent.futures import ThreadPoolExecutor
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import SQL

from odoo.addons.customer_contract.tests.common import SIGNED_PDF

CONTRACTS = 6
# Enough for several batches of two for each of the two workers.
SPLIT_CONTRACTS = 10


@tagged("post_install", "-at_install")
class TestBillingConcurrency(BaseCase):
    """Two workers run the invoicing at the same time on the same due
    contracts: each line is invoiced once. The data is committed (each
    worker has its own transaction) and removed afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _create_due_contracts(self, count=CONTRACTS):
        today = fields.Date.today()
        date_start = today.replace(day=1)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer = env["res.partner"].create(
                {"name": "Concurrent Customer", "is_company": True}
            )
            signatory = env["res.partner"].create(
                {"name": "Concurrent Signatory", "parent_id": customer.id}
            )
            product = env["product.product"].create(
                {"name": "Concurrent Fee", "type": "service", "taxes_id": []}
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
            data = {
                "contracts": contracts.ids,
                "partners": (signatory | customer).ids,
                "product": product.id,
                "template": product.product_tmpl_id.id,
            }
        self.addCleanup(self._cleanup, data)
        return data

    def _cleanup(self, data):
        """Remove what the test committed, signed contracts included."""
        ids = tuple(data["contracts"])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            moves = tuple(
                env["account.move"].search([("contract_id", "in", ids)]).ids
            ) or (0,)
            statements = []
            for model, res_ids in (
                ("customer.contract", ids),
                ("account.move", moves),
            ):
                statements += [
                    SQL(
                        "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                        model,
                        res_ids,
                    ),
                    SQL(
                        "DELETE FROM mail_activity WHERE res_model = %s "
                        "AND res_id IN %s",
                        model,
                        res_ids,
                    ),
                    SQL(
                        "DELETE FROM mail_followers WHERE res_model = %s "
                        "AND res_id IN %s",
                        model,
                        res_ids,
                    ),
                ]
            statements += [
                SQL("DELETE FROM account_move_line WHERE move_id IN %s", moves),
                SQL("DELETE FROM account_move WHERE id IN %s", moves),
                SQL(
                    "DELETE FROM customer_contract_billing_line "
                    "WHERE contract_id IN %s",
                    ids,
                ),
                SQL(
                    "DELETE FROM customer_contract_obligation WHERE contract_id IN %s",
                    ids,
                ),
                SQL("DELETE FROM customer_contract WHERE id IN %s", ids),
                SQL("DELETE FROM product_product WHERE id = %s", data["product"]),
                SQL("DELETE FROM product_template WHERE id = %s", data["template"]),
                SQL(
                    "DELETE FROM mail_message WHERE model = 'res.partner' "
                    "AND res_id IN %s",
                    tuple(data["partners"]),
                ),
                SQL(
                    "DELETE FROM mail_followers WHERE res_model = 'res.partner' "
                    "AND res_id IN %s",
                    tuple(data["partners"]),
                ),
                SQL("DELETE FROM res_partner WHERE id IN %s", tuple(data["partners"])),
            ]
            for statement in statements:
                cr.execute(statement)
            env.invalidate_all()

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

    def _run_cron_in_thread(self, barrier):
        with self.registry.cursor() as cr:
            cr.transaction = Transaction(self.registry)
            env = api.Environment(cr, SUPERUSER_ID, {})
            barrier.wait(timeout=10)
            try:
                env["customer.contract"]._cron_billing(batch_size=2)
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                cr.rollback()
                return "retry"
        return "done"

    def test_two_workers_invoice_each_line_once(self):
        data = self._create_due_contracts()
        barrier = threading.Barrier(2)
        with (
            ThreadPoolExecutor(max_workers=2) as executor,
            self.assertNoLogs("odoo.sql_db", "ERROR"),
        ):
            futures = [
                executor.submit(self._run_cron_in_thread, barrier) for _i in "ab"
            ]
            results = [future.result(timeout=120) for future in futures]
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
        model_class = self.registry["customer.contract"]
        original = model_class._billing_invoice_due
        first_holds = threading.Event()
        second_did_one = threading.Event()
        done = {"first": [], "second": []}
        errors = []

        def step(records):
            worker = threading.current_thread().name
            result = original(records)
            batch = records.ids
            # Counted once committed (a batch rolled back is done again).
            records.env.cr.postcommit.add(lambda: done[worker].extend(batch))
            if worker == "first" and not first_holds.is_set():
                first_holds.set()
                second_did_one.wait(timeout=30)
            elif worker == "second":
                second_did_one.set()
            return result

        def work():
            worker = threading.current_thread().name
            try:
                if worker == "second":
                    first_holds.wait(timeout=30)
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["customer.contract"]._cron_billing(batch_size=2)
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        with (
            patch.object(model_class, "_billing_invoice_due", step),
            self.assertNoLogs("odoo.sql_db", "ERROR"),
        ):
            threads = [threading.Thread(target=work, name=name) for name in done]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(errors)
        self.assertTrue(first_holds.is_set() and second_did_one.is_set())
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
