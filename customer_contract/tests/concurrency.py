# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two workers running the same cron at the same time, for the concurrency
tests of the addons (billing, renewal...)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import SQL


class ContractConcurrencyCase(BaseCase):
    """Each worker (a thread) has a transaction of its own, as two cron
    workers would: the test data is committed, and removed afterwards by
    ``_delete_committed``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    # ------------------------------------------------------------------
    # Committed test data
    # ------------------------------------------------------------------
    def _create_parties(self, env, product_values, signatory_values=None):
        """The customer (a company), its signatory and a service product of
        the due contracts.

        :return: (customer, signatory, product)
        """
        customer = env["res.partner"].create(
            {"name": "Concurrent Customer", "is_company": True}
        )
        signatory = env["res.partner"].create(
            {
                "name": "Concurrent Signatory",
                "parent_id": customer.id,
                **(signatory_values or {}),
            }
        )
        product = env["product.product"].create({"type": "service", **product_values})
        return customer, signatory, product

    def _committed_data(self, contracts, partners, product, **more):
        """What ``_cleanup(data)`` removes once the test is over."""
        data = {
            "contracts": contracts.ids,
            "partners": partners.ids,
            "product": product.id,
            "template": product.product_tmpl_id.id,
            **more,
        }
        self.addCleanup(self._cleanup, data)
        return data

    def _cleanup(self, data):
        raise NotImplementedError

    def _delete_committed(self, cr, data, documents, statements):
        """Delete what a test committed (signed contracts included: no user
        may delete those), in SQL: the messages, activities and followers of
        ``documents`` ({model: ids}), then ``statements`` (the test's own
        records), then the partners and the product of ``data``."""
        partners = tuple(data["partners"])
        mail_statements = []
        for model, res_ids in documents.items():
            mail_statements += [
                SQL(
                    "DELETE FROM mail_mail WHERE mail_message_id IN (SELECT id "
                    "FROM mail_message WHERE model = %s AND res_id IN %s)",
                    model,
                    res_ids,
                ),
                SQL(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                    model,
                    res_ids,
                ),
                SQL(
                    "DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s",
                    model,
                    res_ids,
                ),
                SQL(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                    model,
                    res_ids,
                ),
            ]
        for statement in [
            *mail_statements,
            *statements,
            SQL("DELETE FROM product_product WHERE id = %s", data["product"]),
            SQL("DELETE FROM product_template WHERE id = %s", data["template"]),
            SQL(
                "DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s",
                partners,
            ),
            SQL(
                "DELETE FROM mail_followers WHERE res_model = 'res.partner' "
                "AND res_id IN %s",
                partners,
            ),
            SQL("DELETE FROM res_partner WHERE id IN %s", partners),
        ]:
            cr.execute(statement)
        api.Environment(cr, SUPERUSER_ID, {}).invalidate_all()

    # ------------------------------------------------------------------
    # The workers
    # ------------------------------------------------------------------
    def _run_cron_in_thread(self, barrier, model, cron):
        with self.registry.cursor() as cr:
            # The registry is known: no need to look it up (and wait for the
            # registry lock the test runner holds).
            cr.transaction = Transaction(self.registry)
            env = api.Environment(cr, SUPERUSER_ID, {})
            barrier.wait(timeout=10)
            try:
                getattr(env[model], cron)(batch_size=2)
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                cr.rollback()
                return "retry"
        return "done"

    def _run_together(self, model, cron):
        """Run ``cron`` in two workers starting at the same moment, in
        batches of two; nothing may be logged as an SQL error.

        :return: what each worker says: "done", or "retry" when its run
            failed on a concurrency error
        """
        barrier = threading.Barrier(2)
        with (
            ThreadPoolExecutor(max_workers=2) as executor,
            self.assertNoLogs("odoo.sql_db", "ERROR"),
        ):
            futures = [
                executor.submit(self._run_cron_in_thread, barrier, model, cron)
                for _i in "ab"
            ]
            return [future.result(timeout=120) for future in futures]

    def _run_split(self, model, method, cron):
        """Run ``cron`` in two workers on the same due records, the first one
        holding its first batch (locked, not committed) until the second one
        has done a batch of its own.

        :return: {worker name: [ids processed by ``method`` and committed]}
        """
        model_class = self.registry[model]
        original = getattr(model_class, method)
        first_holds = threading.Event()
        second_did_one = threading.Event()
        done = {"first": [], "second": []}
        errors = []

        def step(records):
            worker = threading.current_thread().name
            result = original(records)
            ids = records.ids
            # Counted once committed (a batch rolled back is done again).
            records.env.cr.postcommit.add(lambda: done[worker].extend(ids))
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
                    getattr(env[model], cron)(batch_size=2)
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        with (
            patch.object(model_class, method, step),
            self.assertNoLogs("odoo.sql_db", "ERROR"),
        ):
            threads = [threading.Thread(target=work, name=name) for name in done]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(errors)
        self.assertTrue(first_holds.is_set() and second_did_one.is_set())
        return done
