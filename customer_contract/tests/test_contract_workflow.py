# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The lifecycle fields belong to the business methods: the paths that
own them work, the numbers of amendments drafted at the same moment, the
effective date of amendments, the customer a signed contract keeps."""

import threading
from datetime import date

import psycopg2.errors

from odoo import Command, api
from odoo.exceptions import UserError, ValidationError
from odoo.orm.environments import Transaction
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import SIGNED_PDF
from .test_contract_amendment import AmendmentCommon

PREFIX = "lc_numbering"


@tagged("post_install", "-at_install")
class TestContractWorkflow(AmendmentCommon):
    @freeze_time("2027-02-15")
    def test_superuser_exempt_users_refused(self):
        """Data loading and migrations (the superuser) may set the fields;
        every real user, managers included, goes through the buttons."""
        contract = self._create_contract()
        for user in (self.contract_user, self.contract_manager):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "set by the workflow only"),
            ):
                contract.with_user(user).write({"state": "negotiation"})
        self.assertEqual(contract.state, "draft")
        # The superuser (self.env) migrating data.
        self.env["customer.contract"].browse(contract.id).write(
            {"state": "negotiation"}
        )
        self.assertEqual(contract.state, "negotiation")

    @freeze_time("2027-02-15")
    def test_buttons_own_the_fields(self):
        """Each button writes its fields as the least-privileged user."""
        contract = self._create_contract()
        contract.action_negotiate()
        contract.action_back_to_draft()
        self._sign(contract, when="2027-01-01")
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_signed, date(2027, 1, 1))
        contract.with_user(self.contract_user)._action_terminate(
            "The customer moved", date(2027, 2, 15)
        )
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "terminated",
                    "termination_date": date(2027, 2, 15),
                    "terminated_by_id": self.contract_user.id,
                }
            ],
        )
        cancelled = self._create_contract()
        cancelled.with_user(self.contract_user).action_cancel()
        self.assertEqual(cancelled.state, "cancelled")

    def test_action_expire_only_after_the_end(self):
        with freeze_time("2027-02-15"):
            contract = self._signed_contract()
            with self.assertRefused(UserError, "runs until 12/31/2027"):
                contract.with_user(self.contract_user)._action_expire()
            self.assertEqual(contract.state, "active")
        with freeze_time("2028-01-01"):
            contract.with_user(self.contract_user)._action_expire()
            self.assertEqual(contract.state, "expired")
            self.assertIn("expired on", contract.message_ids[0].body)

    # ------------------------------------------------------------------
    # Effective date of amendments
    # ------------------------------------------------------------------
    def test_amendment_applied_on_its_effective_date(self):
        with freeze_time("2027-02-15"):
            contract = self._signed_contract()
            amendment = self._amend(contract, date_effective="2027-03-01")
            amendment.line_ids.price_unit = 120.0
            self._sign_amendment(amendment, when="2027-02-15")
            # Signed ahead of its date: scheduled, not applied.
            with self.assertRefused(UserError, "takes effect on 03/01/2027"):
                amendment.with_user(self.contract_user).action_apply()
            self.assertEqual(amendment.state, "signed")
            self.assertFalse(amendment.is_effective)
            self.assertEqual(contract.version_number, 1)
        with freeze_time("2027-02-28"):
            self._run_state_cron(contract, amendment)
            self.assertEqual(amendment.state, "signed")
            self.assertEqual(contract.line_ids.price_unit, 100.0)
        with freeze_time("2027-03-01"):
            self._run_state_cron(contract, amendment)
            self.assertEqual(amendment.state, "applied")
            self.assertEqual(contract.version_number, 2)
            self.assertEqual(contract.line_ids.price_unit, 120.0)
            self.assertEqual(contract.version_ids.date_to, date(2027, 2, 28))
            # Run again: nothing more happens.
            self._run_state_cron(contract, amendment)
            self.assertEqual(contract.version_number, 2)
            self.assertEqual(len(contract.version_ids), 1)

    @freeze_time("2027-03-01")
    def test_amendment_due_today_applies_at_once(self):
        contract = self._signed_contract()
        amendment = self._amend(contract, date_effective="2027-03-01")
        amendment.line_ids.price_unit = 120.0
        self._sign_amendment(amendment, when="2027-03-01")
        amendment.with_user(self.contract_user).action_apply()
        self.assertEqual(amendment.state, "applied")
        self.assertEqual(contract.version_number, 2)

    def test_stale_scheduled_amendment_left_to_its_owner(self):
        """Two amendments signed ahead against the same version: the first
        applies on its date, the second is not applied over it; its owner
        gets an activity (once) saying why."""
        with freeze_time("2027-02-15"):
            contract = self._signed_contract()
            first = self._amend(contract, date_effective="2027-03-01")
            first.line_ids.price_unit = 110.0
            second = self._amend(contract, date_effective="2027-04-01")
            second.line_ids.price_unit = 90.0
            self._sign_amendment(first, when="2027-02-15")
            self._sign_amendment(second, when="2027-02-15")
        with freeze_time("2027-03-01"):
            self._run_state_cron(contract, first, second)
            self.assertEqual(first.state, "applied")
        with (
            freeze_time("2027-04-01"),
            mute_logger(
                "odoo.addons.customer_contract.models.customer_contract_workflow_mixin"
            ),
        ):
            self._run_state_cron(contract, first, second)
            self._run_state_cron(contract, first, second)
        self.assertEqual(second.state, "signed")
        self.assertTrue(second.is_stale)
        self.assertEqual(contract.version_number, 2)
        self.assertEqual(contract.line_ids.price_unit, 110.0)
        activities = second.activity_ids.filtered(
            lambda a: a.summary == "Amendment not applied on its effective date"
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.contract_user)
        self.assertIn("now at version 2", str(activities.note))

    # ------------------------------------------------------------------
    # Numbers
    # ------------------------------------------------------------------
    @freeze_time("2027-02-15")
    def test_amendment_numbers_never_reused(self):
        contract = self._signed_contract()
        first = self._amend(contract)
        second = self._amend(contract)
        self.assertEqual((first.number, second.number), (1, 2))
        self.assertEqual(contract.amendment_last_number, 2)
        # A deleted draft leaves its number behind: the next one is 3.
        second.with_user(self.contract_user).unlink()
        third = self._amend(contract)
        self.assertEqual(third.number, 3)

    @freeze_time("2027-02-15")
    def test_nan_and_infinite_refused(self):
        contract = self._create_contract()
        line = contract.line_ids
        for fname, value in (
            ("quantity", float("nan")),
            ("price_unit", float("inf")),
            ("discount", float("-inf")),
        ):
            with (
                self.subTest(field=fname),
                self.assertRefused(
                    ValidationError,
                    rf"{contract.reference}.*must be a finite number",
                ),
            ):
                line.with_user(self.contract_user).write({fname: value})
        with self.assertRefused(ValidationError, "must be a finite number, not nan"):
            self._create_contract(
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.product_service.id,
                            "quantity": float("nan"),
                        }
                    )
                ]
            )
        with self.assertRefused(ValidationError, "Expected Value must be a finite"):
            contract.with_user(self.contract_user).write(
                {"expected_value": float("inf")}
            )
        signed = self._signed_contract()
        amendment = self._amend(signed)
        with self.assertRefused(
            ValidationError, rf"Amendment No. 1 to {signed.reference}.*finite number"
        ):
            amendment.line_ids.with_user(self.contract_user).write(
                {"price_unit": float("nan")}
            )
        self.assertRecordValues(line, [{"quantity": 2.0, "price_unit": 100.0}])
        self.assertEqual(amendment.line_ids.price_unit, 100.0)

    # ------------------------------------------------------------------
    # The customer who signed stays the customer
    # ------------------------------------------------------------------
    def test_signed_contract_keeps_its_customer(self):
        contact = self.env["res.partner"].create(
            {"name": "Moving Contact", "parent_id": self.customer.id, "type": "contact"}
        )
        colleague = self.env["res.partner"].create(
            {"name": "Staying Colleague", "parent_id": self.customer.id}
        )
        azure_portal = new_test_user(
            self.env,
            login="lc_azure_portal",
            groups="base.group_portal",
            partner_id=colleague.id,
        )
        deco_contact = self.env["res.partner"].create(
            {"name": "Deco Reader", "parent_id": self.other_customer.id}
        )
        deco_portal = new_test_user(
            self.env,
            login="lc_deco_portal",
            groups="base.group_portal",
            partner_id=deco_contact.id,
        )
        with freeze_time("2027-02-15"):
            signed = self._create_contract(
                partner_id=contact.id, signatory_id=contact.id
            )
            self._sign(signed, when="2027-01-01")
            applied = self._amend(signed, date_effective="2027-02-15")
            applied.line_ids.price_unit = 120.0
            self._sign_amendment(applied, when="2027-02-15")
            applied.with_user(self.contract_user).action_apply()
            amendment = self._amend(signed, reason="Later")
            draft = self._create_contract(partner_id=contact.id, signatory_id=False)
        self.assertEqual(signed.commercial_partner_id, self.customer)
        version = signed.version_ids
        # The contact joins another company.
        contact.write({"parent_id": self.other_customer.id})
        self.env.invalidate_all()
        self.assertEqual(contact.commercial_partner_id, self.other_customer)
        self.assertEqual(signed.commercial_partner_id, self.customer)
        self.assertEqual(amendment.commercial_partner_id, self.customer)
        self.assertEqual(applied.commercial_partner_id, self.customer)
        self.assertEqual(version.commercial_partner_id, self.customer)
        # A draft follows its contact.
        self.assertEqual(draft.commercial_partner_id, self.other_customer)
        # The portal audience stays the customer who signed.
        contracts = self.env["customer.contract"]
        self.assertIn(signed, contracts.with_user(azure_portal).search([]))
        signed.with_user(azure_portal).check_access("read")
        self.assertNotIn(signed, contracts.with_user(deco_portal).search([]))
        # Its customer entity cannot be written either.
        with self.assertRefused(UserError, "set by the workflow only"):
            signed.with_user(self.contract_manager).write(
                {"commercial_partner_id": self.other_customer.id}
            )


@tagged("post_install", "-at_install")
class TestAmendmentNumberingConcurrency(TransactionCase):
    """Two amendments of one contract drafted at the same moment, each in a
    transaction of its own (as two HTTP requests would): both numbered.

    The data must be committed for the other cursor to see it: it is created
    in a cursor of its own and removed in a cleanup.
    """

    def setUp(self):
        super().setUp()
        self.created = {}
        with self.registry.cursor() as cr:
            self._purge(api.Environment(cr, api.SUPERUSER_ID, {}))
        self.addCleanup(self._remove_committed_data)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            user = new_test_user(
                env,
                login=f"{PREFIX}_user",
                groups="customer_contract.customer_contract_group_user,"
                "customer_contract.customer_contract_group_signatory",
            )
            partner = env["res.partner"].create(
                {"name": f"{PREFIX} customer", "is_company": True}
            )
            signatory = env["res.partner"].create(
                {"name": f"{PREFIX} signatory", "parent_id": partner.id}
            )
            product = env["product.product"].create(
                {"name": f"{PREFIX} service", "type": "service", "list_price": 10.0}
            )
            contract = (
                env["customer.contract"]
                .with_user(user)
                .create(
                    {
                        "name": f"{PREFIX} contract",
                        "partner_id": partner.id,
                        "signatory_id": signatory.id,
                        "date_start": "2027-01-01",
                        "clause_ids": [
                            Command.create({"name": "Parties", "body": "<p>x</p>"})
                        ],
                        "line_ids": [Command.create({"product_id": product.id})],
                    }
                )
            )
            contract._action_sign("Signer", date(2027, 1, 1), user, document=SIGNED_PDF)
            self.user_id, self.contract_id = user.id, contract.id
            self.created = {"product": product.id}

    @classmethod
    def _purge(cls, env):
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
            contracts.amendment_ids.unlink()
            env["mail.message"].search(
                [("model", "=", "customer.contract"), ("res_id", "in", contracts.ids)]
            ).unlink()
            # The ORM refuses to delete contracts past the draft.
            env.cr.execute(
                SQL(
                    "UPDATE customer_contract SET state = 'draft' WHERE id = ANY(%s)",
                    contracts.ids,
                )
            )
            contracts.invalidate_recordset()
            contracts.unlink()
        env["product.product"].with_context(active_test=False).search(
            [("name", "like", PREFIX)]
        ).product_tmpl_id.unlink()
        env["mail.message"].search([("author_id", "in", partners.ids)]).unlink()
        users.unlink()
        partners.exists().unlink()

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            self._purge(api.Environment(cr, api.SUPERUSER_ID, {}))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env = env(context={"active_test": False})
            left = env["customer.contract"].search_count([("name", "like", PREFIX)])
            left += env["res.users"].search_count([("login", "like", PREFIX)])
        self.assertEqual(left, 0, "committed test data left behind")

    def _draft_amendment(self, env, reason):
        return env["customer.contract.amendment"].create(
            {"contract_id": self.contract_id, "reason": reason}
        )

    def _second_in_thread(self, cr, errors, numbers, retries):
        """Draft an amendment, retrying on serialization failures as Odoo
        retries a request (each attempt on a fresh transaction)."""
        try:
            for attempt in range(5):
                # A transaction of the registry itself: looking the registry
                # up again waits for the test runner, which holds it.
                cr.transaction = Transaction(self.registry)
                try:
                    env = api.Environment(cr, self.user_id, {})
                    numbers.append(self._draft_amendment(env, "second").number)
                    env.cr.commit()
                    return
                except psycopg2.errors.SerializationFailure:
                    retries.append(attempt)
                    cr.rollback()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    @mute_logger("odoo.sql_db")
    def test_two_amendments_drafted_at_the_same_moment(self):
        errors, numbers, retries = [], [], []
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            # The second transaction starts (its snapshot is taken) before
            # the first one commits, as two requests at the same moment.
            cr2.execute("SELECT 1")
            first = self._draft_amendment(
                api.Environment(cr1, self.user_id, {}), "first"
            )
            self.assertEqual(first.number, 1)
            # The second one waits for the contract's row, held by the first.
            thread = threading.Thread(
                target=self._second_in_thread, args=(cr2, errors, numbers, retries)
            )
            thread.start()
            thread.join(timeout=1)
            self.assertTrue(thread.is_alive(), "the second did not wait")
            cr1.commit()
            thread.join(timeout=60)
        self.assertFalse(errors)
        # It failed to serialize once, then took the next number.
        self.assertEqual(retries, [0])
        self.assertEqual(numbers, [2])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            contract = env["customer.contract"].browse(self.contract_id)
            self.assertEqual(sorted(contract.amendment_ids.mapped("number")), [1, 2])
            self.assertEqual(contract.amendment_last_number, 2)
