# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import time
from unittest.mock import patch

import psycopg2.errors

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.orm.environments import Transaction
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

ROUNDS = 10
PREFIX = "ap_concurrency"


@tagged("post_install", "-at_install")
class TestApprovalConcurrency(TransactionCase):
    """Two reviewers of the same parallel step approve at the same moment,
    each in a transaction of its own (as two HTTP requests would).

    The data must be committed for the other cursors to see it: it is
    created in a cursor of its own and removed in a cleanup, and the test
    checks that nothing is left behind.
    """

    def setUp(self):
        super().setUp()
        self.created = {}
        self.bus_start = 0
        with self.registry.cursor() as cr:
            self._purge(api.Environment(cr, api.SUPERUSER_ID, {}))
        self.addCleanup(self._remove_committed_data)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            self.bus_start = (
                env["bus.bus"].sudo().search([], order="id desc", limit=1).id
            )
            group = env.ref("customer_contract.customer_contract_group_user")
            users = env["res.users"].create(
                [
                    {
                        "name": f"Concurrency {name}",
                        "login": f"{PREFIX}_{name}",
                        "email": f"{PREFIX}_{name}@example.com",
                        "group_ids": [Command.set(group.ids)],
                    }
                    for name in ("owner", "a", "b", "c")
                ]
            )
            self.owner, self.reviewer_a, self.reviewer_b, self.reviewer_c = users.ids
            partner = env["res.partner"].create({"name": f"{PREFIX} customer"})
            # Sent for approval as they would be signed: complete.
            signatory = env["res.partner"].create(
                {"name": f"{PREFIX} signatory", "parent_id": partner.id}
            )
            product = env["product.product"].create(
                {"name": f"{PREFIX} service", "type": "service"}
            )
            model = env["ir.model"]._get("customer.contract")
            definitions = env["tier.definition"].create(
                [
                    {
                        "name": f"{PREFIX} parallel",
                        "model_id": model.id,
                        "review_type": "users",
                        "approval_user_ids": [Command.set(users[1:3].ids)],
                        "approval_step": 1,
                        "approval_quorum": "all",
                        "company_id": env.company.id,
                    },
                    {
                        "name": f"{PREFIX} next",
                        "model_id": model.id,
                        "review_type": "users",
                        "approval_user_ids": [Command.set(users[3:].ids)],
                        "approval_step": 2,
                        "company_id": env.company.id,
                    },
                ]
            )
            contracts = (
                env["customer.contract"]
                .with_user(self.owner)
                .create(
                    [
                        {
                            "name": f"{PREFIX} {index}",
                            "partner_id": partner.id,
                            "signatory_id": signatory.id,
                            "date_start": "2027-01-01",
                            "line_ids": [
                                Command.create(
                                    {"product_id": product.id, "price_unit": 100.0}
                                )
                            ],
                            "clause_ids": [
                                Command.create(
                                    {"name": "Terms", "body": "<p>Terms.</p>"}
                                )
                            ],
                        }
                        for index in range(ROUNDS)
                    ]
                )
            )
            contracts.action_request_approval()
            self.created = {
                "users": users.ids,
                "partners": (partner | users.partner_id).ids,
                "definitions": definitions.ids,
                "contracts": contracts.ids,
            }

    @classmethod
    def _purge(cls, env):
        """Delete what this test commits (found by its prefix, so that the
        leftovers of an interrupted run go too)."""
        contracts = (
            env["customer.contract"]
            .with_context(active_test=False)
            .search([("name", "like", PREFIX)])
        )
        users = (
            env["res.users"]
            .with_context(active_test=False)
            .search([("login", "like", PREFIX)])
        )
        partners = users.partner_id | env["res.partner"].with_context(
            active_test=False
        ).search([("name", "like", PREFIX)])
        if contracts:
            # The ORM refuses to delete contracts past the draft.
            env.cr.execute(
                SQL(
                    "UPDATE customer_contract SET state = 'draft' WHERE id = ANY(%s)",
                    contracts.ids,
                )
            )
            contracts.invalidate_recordset()
            contracts.unlink()
        env["mail.message"].search([("author_id", "in", partners.ids)]).unlink()
        env["mail.activity"].with_context(active_test=False).search(
            [("user_id", "in", users.ids)]
        ).unlink()
        env["tier.definition"].with_context(active_test=False).search(
            [("name", "like", PREFIX)]
        ).unlink()
        env["product.template"].with_context(active_test=False).search(
            [("name", "like", PREFIX)]
        ).unlink()
        users.unlink()
        partners.exists().unlink()

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            self._purge(env)
            env["bus.bus"].sudo().search([("id", ">", self.bus_start)]).unlink()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            left = {
                "contracts": env["customer.contract"]
                .with_context(active_test=False)
                .search_count([("name", "like", PREFIX)]),
                "reviews": env["tier.review"]
                .with_context(active_test=False)
                .search_count(
                    [
                        ("res_id", "in", self.created.get("contracts", [])),
                        ("model", "=", "customer.contract"),
                    ]
                ),
                "users": env["res.users"]
                .with_context(active_test=False)
                .search_count([("login", "like", PREFIX)]),
                "partners": env["res.partner"]
                .with_context(active_test=False)
                .search_count([("name", "like", PREFIX)]),
                "definitions": env["tier.definition"]
                .with_context(active_test=False)
                .search_count([("name", "like", PREFIX)]),
                "products": env["product.template"]
                .with_context(active_test=False)
                .search_count([("name", "like", PREFIX)]),
            }
        self.assertEqual(set(left.values()), {0}, f"left behind: {left}")

    def _retrying(self, cr, user_id, func, tries=5):
        """Run ``func(env)`` and commit, retrying on serialization failures as
        Odoo retries a request. (``odoo.service.model.retrying`` looks the
        registry up again, which the test runner keeps locked while tests
        run: each attempt gets a fresh transaction of the same registry.)

        :return: the number of retries
        """
        for attempt in range(tries):
            cr.transaction = Transaction(self.registry)
            env = api.Environment(cr, user_id, {})
            try:
                func(env)
                env.cr.flush()
                env.cr.commit()
                return attempt
            except psycopg2.errors.SerializationFailure:
                cr.rollback()
                if attempt == tries - 1:
                    raise
        return tries

    def _approve_in_thread(self, contract_id, user_id, barrier, errors, retries):
        try:
            with self.registry.cursor() as cr:
                barrier.wait(timeout=30)
                retries.append(
                    self._retrying(
                        cr,
                        user_id,
                        lambda env: (
                            env["customer.contract"]
                            .browse(contract_id)
                            ._approval_decide("approve")
                        ),
                    )
                )
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    def test_parallel_approvals_at_the_same_moment(self):
        retries = []
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            for contract_id in self.created["contracts"]:
                barrier = threading.Barrier(2)
                errors = []
                threads = [
                    threading.Thread(
                        target=self._approve_in_thread,
                        args=(contract_id, user_id, barrier, errors, retries),
                    )
                    for user_id in (self.reviewer_a, self.reviewer_b)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=120)
                self.assertFalse(errors, f"contract {contract_id}: {errors}")
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    contract = env["customer.contract"].browse(contract_id)
                    step1 = contract.review_ids.filtered(lambda r: r.sequence == 1)
                    step2 = contract.review_ids.filtered(lambda r: r.sequence == 2)
                    # Both approvals recorded.
                    self.assertEqual(step1.mapped("status"), ["approved", "approved"])
                    self.assertEqual(
                        set(step1.mapped("done_by").ids),
                        {self.reviewer_a, self.reviewer_b},
                    )
                    # The step closed once, the next one opened once.
                    self.assertEqual(contract.state, "to_approve")
                    self.assertEqual(step2.mapped("status"), ["pending"])
                    activities = env["mail.activity"].search(
                        [
                            ("res_model", "=", "customer.contract"),
                            ("res_id", "=", contract_id),
                        ]
                    )
                    self.assertEqual(activities.user_id.ids, [self.reviewer_c])
                    self.assertEqual(len(activities), 1)
                    approvals = contract.message_ids.filtered(
                        lambda m: "Approved by" in str(m.body)
                    )
                    self.assertEqual(len(approvals), 2)
        # The decisions really overlapped: the later one waited on the lock,
        # failed to serialize and was retried on the fresh state.
        self.assertEqual(len(retries), 2 * ROUNDS)
        self.assertGreater(sum(retries), 0)

    # ------------------------------------------------------------------
    # The reviewer who loses the race is told why
    # ------------------------------------------------------------------
    def _decide_in_thread(self, contract_id, user_id, barrier, outcomes):
        try:
            with self.registry.cursor() as cr:
                barrier.wait(timeout=30)
                self._retrying(
                    cr,
                    user_id,
                    lambda env: (
                        env["customer.contract"]
                        .browse(contract_id)
                        ._approval_decide("approve")
                    ),
                )
                outcomes[user_id] = "approved"
        except UserError as error:
            outcomes[user_id] = str(error)
        except Exception as error:  # noqa: BLE001 - reported by the test
            outcomes[user_id] = error

    def _race(self, contract_id, user_ids):
        """The users approve the contract at the same moment.

        :return: {user id: "approved" or the message of the refusal}
        """
        barrier = threading.Barrier(len(user_ids))
        outcomes = {}
        threads = [
            threading.Thread(
                target=self._decide_in_thread,
                args=(contract_id, user_id, barrier, outcomes),
            )
            for user_id in user_ids
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return outcomes

    def _set_first_step(self, reviewer_ids, quorum, count=1):
        """Rule of the first step: ``reviewer_ids``, ``quorum``; the
        contracts are sent to review again under it."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            definition = env["tier.definition"].browse(self.created["definitions"][0])
            definition.write(
                {
                    "approval_user_ids": [Command.set(reviewer_ids)],
                    "approval_quorum": quorum,
                    "approval_quorum_count": count,
                }
            )
            contracts = (
                env["customer.contract"]
                .with_user(self.owner)
                .browse(self.created["contracts"])
            )
            contracts.action_withdraw_approval()
            contracts.action_request_approval()

    def _assert_step_closed_once(self, contract_id, winners):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            contract = env["customer.contract"].browse(contract_id)
            step1 = contract.review_ids.filtered(lambda r: r.sequence == 1)
            step2 = contract.review_ids.filtered(lambda r: r.sequence == 2)
            self.assertEqual(
                set(step1.filtered(lambda r: r.status == "approved").done_by.ids),
                set(winners),
            )
            self.assertEqual(set(step1.mapped("status")) - {"approved"}, {"cancel"})
            self.assertEqual(contract.state, "to_approve")
            self.assertEqual(step2.mapped("status"), ["pending"])
            activities = env["mail.activity"].search(
                [("res_model", "=", "customer.contract"), ("res_id", "=", contract_id)]
            )
            self.assertEqual(activities.user_id.ids, [self.reviewer_c])
            self.assertEqual(len(activities), 1)

    def test_one_of_two_reviewers_race(self):
        """1 of 2: both approve at once; the step closes once, the loser is
        told that the step was approved by quorum; no failed query logged."""
        self._set_first_step([self.reviewer_a, self.reviewer_b], "any")
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            for contract_id in self.created["contracts"][:5]:
                outcomes = self._race(contract_id, [self.reviewer_a, self.reviewer_b])
                winners = [
                    u for u, outcome in outcomes.items() if outcome == "approved"
                ]
                self.assertEqual(len(winners), 1, outcomes)
                (loser,) = set(outcomes) - set(winners)
                self.assertIn(
                    "The step was already approved by quorum", str(outcomes[loser])
                )
                self._assert_step_closed_once(contract_id, winners)

    def test_two_of_three_reviewers_race(self):
        """2 of 3: one approved, the two others approve at once: the step
        closes once, the loser is told why."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            third = env["res.users"].create(
                {
                    "name": "Concurrency d",
                    "login": f"{PREFIX}_d",
                    "email": f"{PREFIX}_d@example.com",
                    "group_ids": [
                        Command.set(
                            env.ref(
                                "customer_contract.customer_contract_group_user"
                            ).ids
                        )
                    ],
                }
            )
            self.created["users"].append(third.id)
            self.created["partners"].append(third.partner_id.id)
        reviewers = [self.reviewer_a, self.reviewer_b, third.id]
        self._set_first_step(reviewers, "number", 2)
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            for contract_id in self.created["contracts"][:5]:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, self.reviewer_a, {})
                    env["customer.contract"].browse(contract_id)._approval_decide(
                        "approve"
                    )
                outcomes = self._race(contract_id, reviewers[1:])
                winners = [
                    u for u, outcome in outcomes.items() if outcome == "approved"
                ]
                self.assertEqual(len(winners), 1, outcomes)
                (loser,) = set(outcomes) - set(winners)
                self.assertIn(
                    "The step was already approved by quorum", str(outcomes[loser])
                )
                self._assert_step_closed_once(contract_id, [self.reviewer_a, *winners])

    # ------------------------------------------------------------------
    # A reviewer and the deadlines cron
    # ------------------------------------------------------------------
    def test_reviewer_decides_while_the_cron_reminds(self):
        """The deadlines cron reminds the reviewers of a contract while one
        of them approves it: the decision waits for the cron, is retried on
        the reminded reviews and recorded; nothing is logged as an error."""
        contract_ids = self.created["contracts"]
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE tier_review SET date_deadline = CURRENT_DATE - 1 "
                "WHERE model = 'customer.contract' AND res_id IN %s "
                "AND status = 'pending'",
                [tuple(contract_ids)],
            )
        Review = self.registry["tier.review"]
        original = Review._send_deadline_reminders
        cron_holds = threading.Event()
        release = threading.Event()
        held = []
        errors = []
        retries = []

        def remind(reviews):
            result = original(reviews)
            if not cron_holds.is_set():
                held.extend({r.res_id for r in reviews})
                cron_holds.set()
                release.wait(timeout=30)
            return result

        def cron():
            try:
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    env["tier.review"]._cron_contract_approval_deadlines(batch_size=2)
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        def decide():
            try:
                cron_holds.wait(timeout=30)
                with self.registry.cursor() as cr:
                    retries.append(
                        self._retrying(
                            cr,
                            self.reviewer_a,
                            lambda env: (
                                env["customer.contract"]
                                .browse(held[0])
                                ._approval_decide("approve")
                            ),
                        )
                    )
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        with (
            patch.object(Review, "_send_deadline_reminders", remind),
            self.assertNoLogs("odoo.sql_db", "ERROR"),
        ):
            threads = [threading.Thread(target=cron), threading.Thread(target=decide)]
            for thread in threads:
                thread.start()
            cron_holds.wait(timeout=30)
            # The decision waits for the document the cron holds.
            time.sleep(1)
            release.set()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(errors)
        self.assertEqual(len(held), 1)
        # Retried once: the reviews it read were reminded meanwhile.
        self.assertEqual(retries, [1])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            for contract in env["customer.contract"].browse(contract_ids):
                step1 = contract.review_ids.filtered(lambda r: r.sequence == 1)
                # Every due review reminded once, by the cron.
                self.assertTrue(all(step1.mapped("reminder_sent_on")))
                reminders = contract.message_ids.filtered(
                    lambda m: "Reminder:" in str(m.body)
                )
                self.assertEqual(len(reminders), 2, contract.id)
                decided = step1.filtered(lambda r: r.status == "approved")
                if contract.id == held[0]:
                    self.assertEqual(decided.done_by.ids, [self.reviewer_a])
                else:
                    self.assertFalse(decided)
