# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from odoo.tests import freeze_time, tagged
from odoo.tools import SQL, mute_logger

from .common import RenewalCommon

MIXIN_LOGGER = "odoo.addons.customer_contract.models.customer_contract_workflow_mixin"


@tagged("post_install", "-at_install")
class TestRenewalConsistency(RenewalCommon):
    """What a renewal leaves behind: the contract says what it runs on, and a
    renewal that fails is visible on the contract, never only in a log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.error_type = cls.env.ref(
            "customer_contract_renewal.mail_activity_type_renewal_error"
        )

    def _error_activities(self, contract):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.contract"),
                ("res_id", "=", contract.id),
                ("activity_type_id", "=", self.error_type.id),
            ]
        )

    def _notes(self, contract, text):
        return contract.message_ids.filtered(
            lambda m: m.message_type == "notification" and text in (m.body or "")
        )

    def _customer_mails(self, contracts):
        return self.env["mail.mail"].search_count(
            [("model", "=", "customer.contract"), ("res_id", "in", contracts.ids)]
        )

    def test_clauses_state_the_renewed_terms(self):
        """After an automatic renewal, the clauses rendered from the library
        (not edited by hand) state the new term's dates and total.

        Relies on the amendment rendering again the library clauses it
        carries (customer_contract): fails without it.
        """
        contract = self._signed_contract()
        parties = contract.clause_ids.filtered(lambda c: c.name == "Parties")
        payment = contract.clause_ids.filtered(lambda c: c.name == "Payment")
        self.assertIn("2027-01-01", parties.body)
        self.assertIn("200.00", payment.body)
        with freeze_time("2027-12-31"):
            self._run_cron()
        self.assertEqual(contract.version_number, 2)
        self.assertEqual(contract.date_start, date(2028, 1, 1))
        self.assertEqual(contract.amount_untaxed, 220.0)
        self.assertIn("2028-01-01", parties.body)
        self.assertNotIn("2027-01-01", parties.body)
        self.assertIn("220.00", payment.body)
        self.assertNotIn("200.00", payment.body)
        # The previous term keeps its own text in its version.
        version_parties = contract.version_ids.clause_ids.filtered(
            lambda c: c.name == "Parties"
        )
        self.assertIn("2027-01-01", version_parties.body)

    def test_invalid_terms_fail_visibly_and_the_batch_goes_on(self):
        """Renewal terms written before they were checked (here -150%): the
        customer is told nothing, the contract carries the reason, a note and
        an activity for its owner; the other contracts of the batch renew."""
        contracts = self.env["customer.contract"].union(
            *(self._signed_contract(name=f"Support {i}") for i in range(3))
        )
        broken = contracts[1]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE customer_contract SET renewal_uplift = -150 WHERE id = %s",
                broken.id,
            )
        )
        self.env.invalidate_all()
        messages = len(broken.message_ids)
        with freeze_time("2027-11-16"), mute_logger(MIXIN_LOGGER):
            self._run_cron()
        # The reminder (which would announce the uplift) was not sent.
        self.assertFalse(self._reminder_mails(broken))
        self.assertFalse(broken.renewal_reminded)
        for contract in contracts - broken:
            self.assertEqual(len(self._reminder_mails(contract)), 1)
        self.assertRegex(
            broken.renewal_error,
            rf"The reminder of contract {broken.display_name} failed on .*price "
            r"uplift must be a number above -100%",
        )
        activity = self._error_activities(broken)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, broken.user_id)
        self.assertIn("-150", activity.note)
        self.assertEqual(len(self._notes(broken, "price uplift")), 1)
        self.assertEqual(len(broken.message_ids), messages + 1)
        self.assertIn(
            broken,
            self.env["customer.contract"].search([("renewal_error", "!=", False)]),
        )
        # At the end of the term: the others renew and are announced; the
        # broken one neither renews nor tells the customer anything, and its
        # owner keeps one activity.
        with freeze_time("2027-12-31"), mute_logger(MIXIN_LOGGER):
            self._run_cron()
        for contract in contracts - broken:
            self.assertEqual(contract.version_number, 2)
            self.assertEqual(len(self._renewed_mails(contract)), 1)
            self.assertFalse(contract.renewal_error)
        self.assertEqual(broken.version_number, 1)
        self.assertFalse(broken.amendment_ids)
        self.assertEqual(self._customer_mails(broken), 0)
        self.assertEqual(len(self._error_activities(broken)), 1)
        self.assertRegex(broken.renewal_error, "The renewal of contract")
        self.assertEqual(broken.state, "active")

    def test_failure_recorded_then_cleared(self):
        contracts = self.env["customer.contract"].union(
            *(self._signed_contract(name=f"Support {i}") for i in range(3))
        )
        failing = contracts[0]
        Contract = type(self.env["customer.contract"])
        original = Contract._prepare_renewal_amendment_values

        def prepare(contract, renewal, line_values=None):
            if contract.id == failing.id:
                raise ValueError("Price list unreadable")
            return original(contract, renewal, line_values)

        with freeze_time("2027-11-16"):
            self._run_cron()
        mails = self._customer_mails(failing)
        with (
            freeze_time("2027-12-31"),
            patch.object(Contract, "_prepare_renewal_amendment_values", prepare),
            mute_logger(MIXIN_LOGGER),
        ):
            self._run_cron()
        for contract in contracts - failing:
            self.assertEqual(contract.version_number, 2)
        self.assertEqual(failing.version_number, 1)
        self.assertEqual(self._customer_mails(failing), mails)
        self.assertRegex(
            failing.renewal_error,
            r"The renewal of contract .* failed on .*An unexpected error occurred "
            r"\(ValueError: Price list unreadable\)",
        )
        activity = self._error_activities(failing)
        self.assertEqual(len(activity), 1)
        self.assertEqual(len(self._notes(failing, "Price list unreadable")), 1)
        # Fixed: the next run renews it, clears the reason and closes the
        # activity.
        with freeze_time("2027-12-31"):
            self._run_cron()
        self.assertEqual(failing.version_number, 2)
        self.assertFalse(failing.renewal_error)
        self.assertFalse(self._error_activities(failing))
        self.assertEqual(len(self._renewed_mails(failing)), 1)

    def test_announcement_only_once_applied(self):
        """With an approval rule covering the renewal, the customer hears of
        it only once it is approved and applied."""
        module = self.env["ir.module.module"]._get("customer_contract_approval")
        if module.state != "installed":
            self.skipTest("customer_contract_approval is not installed")
        self.env["tier.definition"].create(
            {
                "name": "Amendments raising the value",
                "model_id": self.env["ir.model"]._get_id("customer.contract.amendment"),
                "review_type": "individual",
                "reviewer_id": self.contract_manager.id,
                "definition_domain": "[('amount_delta', '>', 0)]",
            }
        )
        contract = self._signed_contract()
        with freeze_time("2027-12-31"):
            self._run_cron()
            self._run_cron()
        amendment = contract.amendment_ids
        self.assertEqual(amendment.state, "to_approve")
        self.assertFalse(self._renewed_mails(contract))
        self.assertEqual(contract.date_end, date(2027, 12, 31))
        with freeze_time("2028-01-02"):
            amendment.with_user(self.contract_manager)._approval_decide("approve")
            self.assertFalse(self._renewed_mails(contract))
            self._run_cron()
        self.assertEqual(len(self._renewed_mails(contract)), 1)
        self.assertIn("12/31/2028", self._renewed_mails(contract).body_html)

    def test_announcement_failure_keeps_the_renewal(self):
        """An announcement that cannot be sent (e.g. a broken email template)
        leaves the renewal applied, tells the owner, and is sent later."""
        contracts = self.env["customer.contract"].union(
            *(self._signed_contract(name=f"Support {i}") for i in range(2))
        )
        failing = contracts[0]
        Contract = type(self.env["customer.contract"])
        original = Contract._renewal_send_mail

        def send(records, kind):
            if kind == "renewed" and failing in records:
                raise ValueError("Template broken")
            return original(records, kind)

        with (
            freeze_time("2027-12-31"),
            patch.object(Contract, "_renewal_send_mail", send),
            mute_logger(MIXIN_LOGGER),
        ):
            self._run_cron()
        self.assertEqual(set(contracts.mapped("version_number")), {2})
        self.assertFalse(self._renewed_mails(failing))
        self.assertEqual(len(self._renewed_mails(contracts[1])), 1)
        self.assertRegex(
            failing.renewal_error,
            r"The renewal announcement of contract .* failed on .*Template broken",
        )
        self.assertEqual(len(self._error_activities(failing)), 1)
        with freeze_time("2028-01-01"):
            self._run_cron()
        self.assertEqual(len(self._renewed_mails(failing)), 1)
        self.assertFalse(failing.renewal_error)
        self.assertFalse(self._error_activities(failing))
