# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.orm.environments import Transaction
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests.common import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.customer_contract.tests.common import SIGNED_PDF
from odoo.addons.customer_contract.tests.concurrency import ContractConcurrencyCase

CONTRACTS = 6
# Enough for several batches of two for each of the two workers.
SPLIT_CONTRACTS = 10


@tagged("post_install", "-at_install")
class TestRenewalConcurrency(ContractConcurrencyCase):
    """Two workers run the renewal cron at the same time on the same due
    contracts: each contract is renewed once. The data is committed (each
    worker has its own transaction) and removed afterwards."""

    def _create_due_contracts(self, count=CONTRACTS):
        today = fields.Date.today()
        date_end = today - timedelta(days=1)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer, signatory, product = self._create_parties(
                env,
                {"name": "Concurrent Service"},
                {"email": "signatory@example.com"},
            )
            contract_type = env["customer.contract.type"].create(
                {
                    "name": "Concurrent renewals",
                    "renewal_mode": "automatic",
                    "renewal_term_months": 12,
                    "renewal_uplift": 5.0,
                }
            )
            contracts = env["customer.contract"].create(
                [
                    {
                        "name": f"Concurrent {i}",
                        "partner_id": customer.id,
                        "signatory_id": signatory.id,
                        "type_id": contract_type.id,
                        "date_start": date_end - timedelta(days=364),
                        "date_end": date_end,
                        "line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "quantity": 1,
                                    "price_unit": 100.0,
                                }
                            )
                        ],
                        "clause_ids": [
                            Command.create(
                                {"name": "Scope", "body": "<p>Support services.</p>"}
                            )
                        ],
                    }
                    for i in range(count)
                ]
            )
            # Signed as the users sign them: in force at once (started).
            contracts._action_sign(
                "Concurrent Signatory",
                date_end - timedelta(days=364),
                env.user,
                document=SIGNED_PDF,
            )
            data = self._committed_data(
                contracts, signatory | customer, product, type=contract_type.id
            )
        return data

    def _cleanup(self, data):
        """Remove what the test committed, signed contracts and frozen
        versions included (no user may delete those)."""
        ids = tuple(data["contracts"])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            amendments = tuple(
                env["customer.contract.amendment"]
                .search([("contract_id", "in", ids)])
                .ids
            ) or (0,)
            obligations = tuple(
                env["customer.contract.obligation"]
                .with_context(active_test=False)
                .search([("contract_id", "in", ids)])
                .ids
            ) or (0,)
            self._delete_committed(
                cr,
                data,
                {
                    "customer.contract": ids,
                    "customer.contract.amendment": amendments,
                    "customer.contract.obligation": obligations,
                },
                [
                    SQL(
                        "DELETE FROM customer_contract_obligation "
                        "WHERE contract_id IN %s",
                        ids,
                    ),
                    SQL(
                        "UPDATE customer_contract SET renewal_amendment_id = NULL "
                        "WHERE id IN %s",
                        ids,
                    ),
                    SQL(
                        "DELETE FROM customer_contract_renewal WHERE contract_id IN %s",
                        ids,
                    ),
                    SQL(
                        "DELETE FROM customer_contract_version WHERE contract_id IN %s",
                        ids,
                    ),
                    SQL(
                        "DELETE FROM customer_contract_amendment "
                        "WHERE contract_id IN %s",
                        ids,
                    ),
                    SQL("DELETE FROM customer_contract WHERE id IN %s", ids),
                    SQL(
                        "DELETE FROM customer_contract_type WHERE id = %s",
                        data["type"],
                    ),
                ],
            )

    def _renewal_counts(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            contracts = env["customer.contract"].browse(ids)
            return {
                contract.id: (
                    len(contract.amendment_ids),
                    len(contract.version_ids),
                    len(contract.renewal_ids),
                    contract.version_number,
                    env["mail.mail"].search_count(
                        [
                            ("model", "=", "customer.contract"),
                            ("res_id", "=", contract.id),
                        ]
                    ),
                )
                for contract in contracts
            }

    def test_two_workers_renew_each_contract_once(self):
        for _attempt in range(3):
            data = self._create_due_contracts()
            results = self._run_together("customer.contract", "_cron_renewal")
            # Both workers go on until none is left (a conflict with the
            # other is taken again, not given up).
            self.assertEqual(results, ["done", "done"])
            counts = self._renewal_counts(data["contracts"])
            for contract_id, (
                amendments,
                versions,
                renewals,
                version,
                mails,
            ) in counts.items():
                # Renewed at most once, whatever the two workers did.
                self.assertLessEqual(amendments, 1, contract_id)
                self.assertEqual(versions, amendments, contract_id)
                self.assertEqual(version, 1 + amendments, contract_id)
                self.assertLessEqual(renewals, 1, contract_id)
                self.assertEqual(mails, amendments, contract_id)
            # A worker told to retry leaves its contracts to the next run.
            with self.registry.cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {})[
                    "customer.contract"
                ]._cron_renewal()
            for contract_id, (
                amendments,
                versions,
                renewals,
                version,
                mails,
            ) in self._renewal_counts(data["contracts"]).items():
                self.assertEqual(
                    (amendments, versions, renewals, version, mails),
                    (1, 1, 1, 2, 1),
                    contract_id,
                )

    def _run_cron_alone(self):
        with self.registry.cursor() as cr:
            cr.transaction = Transaction(self.registry)
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["customer.contract"]._cron_renewal(batch_size=2)
        return "done"

    @mute_logger("odoo.sql_db")
    def test_locked_batch_left_the_rest_renewed(self):
        """A run meeting a batch locked by another transaction (another
        worker, a user renewing by hand) leaves it and goes on with the next
        batches; the locked contracts are renewed by a later run."""
        data = self._create_due_contracts()
        ids = data["contracts"]
        with self.registry.cursor() as holder:
            holder.execute(
                SQL(
                    "SELECT id FROM customer_contract WHERE id IN %s FOR NO KEY UPDATE",
                    tuple(ids[:2]),
                )
            )
            with ThreadPoolExecutor(max_workers=1) as executor:
                result = executor.submit(self._run_cron_alone).result(timeout=120)
            self.assertEqual(result, "done")
            counts = self._renewal_counts(ids)
            holder.rollback()
        for contract_id in ids[:2]:
            self.assertEqual(counts[contract_id], (0, 0, 0, 1, 0), contract_id)
        for contract_id in ids[2:]:
            self.assertEqual(counts[contract_id], (1, 1, 1, 2, 1), contract_id)
        self._run_cron_alone()
        for contract_id, count in self._renewal_counts(ids).items():
            self.assertEqual(count, (1, 1, 1, 2, 1), contract_id)

    # ------------------------------------------------------------------
    # Two workers split the work
    # ------------------------------------------------------------------
    def test_two_workers_split_the_renewals(self):
        """Two renewal crons at once: while the first holds a batch, the
        second takes the next ones; both go on until none is left, each
        contract renewed once, and nothing is logged as an error."""
        data = self._create_due_contracts(SPLIT_CONTRACTS)
        ids = data["contracts"]
        done = self._run_split("customer.contract", "_renewal_renew", "_cron_renewal")
        self.assertTrue(done["first"], done)
        self.assertTrue(done["second"], done)
        self.assertFalse(set(done["first"]) & set(done["second"]), done)
        self.assertEqual(sorted(done["first"] + done["second"]), sorted(ids))
        for contract_id, count in self._renewal_counts(ids).items():
            self.assertEqual(count, (1, 1, 1, 2, 1), contract_id)

    def test_two_workers_split_the_obligations(self):
        """Two obligation crons at once split the overdue obligations."""
        # Two obligations a contract, batches of two: each batch is one
        # contract's (the steps lock the contracts they change).
        data = self._create_due_contracts(5)
        today = fields.Date.today()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            obligations = env["customer.contract.obligation"].create(
                [
                    {
                        "contract_id": contract_id,
                        "name": f"Report {index}",
                        "date_due": today - timedelta(days=index + 1),
                    }
                    for contract_id in data["contracts"]
                    for index in range(2)
                ]
            )
            ids = obligations.ids
        done = self._run_split(
            "customer.contract.obligation",
            "_process_missed",
            "_cron_check_obligations",
        )
        self.assertTrue(done["first"], done)
        self.assertTrue(done["second"], done)
        self.assertFalse(set(done["first"]) & set(done["second"]), done)
        self.assertEqual(sorted(done["first"] + done["second"]), sorted(ids))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            states = env["customer.contract.obligation"].browse(ids).mapped("state")
        self.assertEqual(set(states), {"missed"})

    def test_batch_changed_meanwhile_is_taken_again(self):
        """A worker whose snapshot predates the other worker's committed
        batch meets rows changed meanwhile: the batch is rolled back and
        taken again on a fresh snapshot (nothing left to do then), without
        an error in the log and without giving up the run."""
        data = self._create_due_contracts(4)
        ids = data["contracts"]
        model_class = self.registry["customer.contract"]
        original = model_class._cron_lock_batch
        second_has_snapshot = threading.Event()
        first_finished = threading.Event()
        failures = []

        def lock_batch(records, domain, batch_size):
            if threading.current_thread().name == "second":
                if not second_has_snapshot.is_set():
                    # The snapshot of the batch's transaction is taken here,
                    # before the first worker renews and commits everything.
                    records.env.cr.execute("SELECT 1")
                    second_has_snapshot.set()
                    first_finished.wait(timeout=30)
                try:
                    return original(records, domain, batch_size)
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
                    failures.append(type(error).__name__)
                    raise
            return original(records, domain, batch_size)

        results = {}

        def work():
            worker = threading.current_thread().name
            if worker == "first":
                second_has_snapshot.wait(timeout=30)
            try:
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    results[worker] = env["customer.contract"]._cron_renewal(
                        batch_size=2
                    )
            except Exception as error:  # noqa: BLE001 - reported by the test
                results[worker] = error
            finally:
                if worker == "first":
                    first_finished.set()

        with (
            patch.object(model_class, "_cron_lock_batch", lock_batch),
            self.assertNoLogs("odoo.sql_db", "ERROR"),
        ):
            threads = [
                threading.Thread(target=work, name=name) for name in ("first", "second")
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        # Both runs completed (no exception, not cut short).
        self.assertEqual(results, {"first": None, "second": None})
        self.assertEqual(failures, ["SerializationFailure"])
        for contract_id, count in self._renewal_counts(ids).items():
            self.assertEqual(count, (1, 1, 1, 2, 1), contract_id)
