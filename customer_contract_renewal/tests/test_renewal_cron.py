# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import RenewalCommon

# Measured with the three addons installed, as the checks run them (with
# customer_contract_approval, a renewal also looks for approval rules; the
# clauses of the library are rendered again for the new term). The renewal
# step no longer emails the customer: the announcement step of the same run
# does, once the renewals are applied and committed.
# The renewal keeps its value in the company's currency too (one read of
# the company's currency per batch).
REMIND_QUERIES = 36
RENEW_QUERIES = 58
ANNOUNCE_QUERIES = 20
LOGGER = "odoo.addons.customer_contract.models.customer_contract_workflow_mixin"


@tagged("post_install", "-at_install")
class TestRenewalCron(RenewalCommon):
    def _due_contracts(self, count, contract_type=None):
        return self.env["customer.contract"].union(
            *(
                self._signed_contract(contract_type, name=f"Support {i}", lines=3)
                for i in range(count)
            )
        )

    def test_cron_twice_creates_nothing_twice(self):
        contracts = self._due_contracts(2) | self._due_contracts(
            2, self.type_negotiated
        )
        for day in ("2027-11-16", "2027-12-31", "2028-01-01"):
            with freeze_time(day):
                self._run_cron()
                counts = self._counts(contracts)
                self._run_cron()
                self.assertEqual(self._counts(contracts), counts, day)
        for contract in contracts[:2]:
            self.assertEqual(
                self._counts(contract)[contract.id],
                {
                    "activities": 1,
                    "reminders": 1,
                    "renewed_mails": 1,
                    "amendments": 1,
                    "versions": 1,
                    "renewals": 1,
                    "leads": 0,
                },
            )
        for contract in contracts[2:]:
            self.assertEqual(contract.state, "expired")
            self.assertEqual(self._counts(contract)[contract.id]["leads"], 1)

    def test_failure_in_the_middle_of_a_batch(self):
        contracts = self._due_contracts(5)
        failing = contracts[2]
        Contract = type(self.env["customer.contract"])
        original = Contract._prepare_renewal_amendment_values

        def prepare(contract, renewal, line_values=None):
            if contract.id == failing.id:
                raise ValueError("Broken contract")
            return original(contract, renewal, line_values)

        with freeze_time("2027-11-16"):
            self._run_cron()  # the reminders of the term
        with freeze_time("2027-12-31"):
            with (
                self.assertLogs(LOGGER, "WARNING") as logs,
                patch.object(Contract, "_prepare_renewal_amendment_values", prepare),
            ):
                self._run_cron()
            self.assertNotIn("ERROR", "".join(logs.output))
            self.assertIn(failing.display_name, logs.output[0])
            self.assertIn("Broken contract", failing.renewal_error)
            for contract in contracts - failing:
                self.assertEqual(contract.version_number, 2)
            self.assertEqual(failing.version_number, 1)
            self.assertFalse(failing.amendment_ids)
            self.assertEqual(failing.sudo().renewal_ids.state, "pending")
            # The next run renews it, and only it.
            self._run_cron()
            self.assertEqual(failing.version_number, 2)
            for contract, counts in self._counts(contracts).items():
                self.assertEqual(
                    counts,
                    {
                        "activities": 1,
                        "reminders": 1,
                        "renewed_mails": 1,
                        "amendments": 1,
                        "versions": 1,
                        "renewals": 1,
                        "leads": 0,
                    },
                    contract,
                )

    def test_query_count_constant_per_batch(self):
        """A batch costs the same queries for N or 2N contracts."""
        Contract = self.env["customer.contract"]
        warm_up = self._due_contracts(2)
        small = self._due_contracts(3)
        large = self._due_contracts(6)
        for day, step, queries in (
            ("2027-11-16", "_renewal_remind", REMIND_QUERIES),
            ("2027-12-31", "_renewal_renew", RENEW_QUERIES),
        ):
            with freeze_time(day):
                warm_up._cron_run_isolated(step)
                for contracts in (small, large):
                    self.env.invalidate_all()
                    contracts = Contract.browse(contracts.ids)
                    with self.assertQueryCount(queries):
                        done, failed = contracts._cron_run_isolated(step)
                    self.assertEqual(done, contracts)
                    self.assertFalse(failed)
        # The renewals applied are announced by the next step of the run.
        Renewal = self.env["customer.contract.renewal"].sudo()
        with freeze_time("2027-12-31"):
            warm_up.renewal_ids._cron_run_isolated("_announce")
            for contracts in (small, large):
                self.env.invalidate_all()
                renewals = Renewal.browse(contracts.sudo().renewal_ids.ids)
                with self.assertQueryCount(ANNOUNCE_QUERIES):
                    done, failed = renewals._cron_run_isolated("_announce")
                self.assertEqual(done, renewals)
                self.assertFalse(failed)
                for contract in contracts:
                    self.assertEqual(len(self._renewed_mails(contract)), 1)
        for contracts in (small, large):
            self.assertEqual(set(contracts.mapped("version_number")), {2})
            self.assertEqual(
                len(
                    self.env["mail.activity"].search(
                        [
                            ("res_model", "=", "customer.contract"),
                            ("res_id", "in", contracts.ids),
                        ]
                    )
                ),
                len(contracts),
            )

    def test_lines_and_clauses_follow(self):
        contract = self._signed_contract(
            line_ids=[
                Command.create(
                    {
                        "product_id": self.product_service.id,
                        "quantity": 1,
                        "price_unit": 99.99,
                        "discount": 10.0,
                    }
                ),
                Command.create(
                    {
                        "product_id": self.product_support.id,
                        "quantity": 3,
                        "price_unit": 50.0,
                    }
                ),
            ]
        )
        with freeze_time("2027-12-31"):
            self._run_cron()
        self.assertEqual(contract.line_ids.mapped("price_unit"), [109.99, 55.0])
        self.assertEqual(contract.line_ids.mapped("discount"), [10.0, 0.0])
        self.assertEqual(len(contract.clause_ids), 2)
        self.assertEqual(len(contract.version_ids.clause_ids), 2)
