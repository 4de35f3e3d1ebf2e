# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import freeze_time, tagged

from .common import RenewalCommon


@tagged("post_install", "-at_install")
class TestRenewalApproval(RenewalCommon):
    def test_automatic_renewal_with_uplift_awaits_approval(self):
        """With customer_contract_approval installed as well, a renewal
        amendment raising the value follows the approval rules."""
        contract, amendment = self._awaiting_renewal()
        with freeze_time("2027-12-31"):
            self.assertTrue(amendment.review_ids)
            self.assertEqual(amendment.renewal_id.state, "renewing")
            self.assertEqual(contract.state, "active")
            self.assertEqual(contract.version_number, 1)
            self.assertEqual(contract.date_end, date(2027, 12, 31))
            self.assertEqual(contract.renewal_amendment_id, amendment)
            self._run_cron()
            self.assertEqual(contract.amendment_ids, amendment)
        with freeze_time("2028-01-01"):
            # Awaiting approval: the contract stays active, nothing expires.
            self._run_cron()
            self._run_cron(self.state_cron)
            self.assertEqual(contract.state, "active")
            self.assertEqual(contract.amendment_ids, amendment)

    def _awaiting_renewal(self):
        """An automatic renewal with uplift awaiting the manager's approval."""
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
        amendment = contract.amendment_ids
        self.assertEqual(len(amendment), 1)
        self.assertEqual(amendment.state, "to_approve")
        return contract, amendment

    def test_approved_renewal_applies_and_is_announced(self):
        contract, amendment = self._awaiting_renewal()
        with freeze_time("2028-01-02"):
            amendment.with_user(self.contract_manager)._approval_decide("approve")
            self.assertEqual(amendment.state, "applied")
            self.assertEqual(contract.state, "active")
            self.assertEqual(contract.version_number, 2)
            self.assertEqual(contract.date_end, date(2028, 12, 31))
            self.assertEqual(contract.sudo().renewal_ids[-1:].state, "renewed")
            self.assertFalse(contract.renewal_amendment_id)
            # The customer hears of the renewal once, from the next run.
            self._run_cron()
            self._run_cron()
            self.assertEqual(len(self._renewed_mails(contract)), 1)

    def test_rejected_then_cancelled_renewal_expires(self):
        """A rejected renewal goes back to draft (the contract still waits for
        it); cancelled, the contract is not renewed and expires."""
        contract, amendment = self._awaiting_renewal()
        with freeze_time("2028-01-02"):
            amendment.with_user(self.contract_manager)._approval_decide(
                "reject", "Uplift too high"
            )
            self.assertEqual(amendment.state, "draft")
            self._run_cron()
            self.assertEqual(contract.state, "active")
            self.assertEqual(contract.renewal_amendment_id, amendment)
            amendment.with_user(self.contract_user).action_cancel()
            self.assertEqual(amendment.state, "cancelled")
            self.assertFalse(contract.renewal_amendment_id)
            self.assertFalse(contract.renewal_date)
            self._run_cron()
            self._run_cron()
            self.assertEqual(contract.state, "expired")
            self.assertEqual(contract.version_number, 1)
            self.assertEqual(contract.amendment_ids, amendment)
            renewal = contract.sudo().renewal_ids
            self.assertEqual(len(renewal), 1)
            self.assertEqual(
                (renewal.state, renewal.churn_reason), ("churned", "notice")
            )
            self.assertFalse(self._renewed_mails(contract))
