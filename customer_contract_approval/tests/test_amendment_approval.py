# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from odoo.addons.customer_contract.tests.common import SIGNED_PDF

from .common import ContractApprovalCommon


@tagged("post_install", "-at_install")
@freeze_time("2027-02-15 10:00:00")
class TestAmendmentApproval(ContractApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Amendments only: contracts are signed without approval here.
        cls.rule_finance = cls._create_rule(
            "Finance: change in value",
            cls.finance_1 | cls.finance_2,
            model=cls.amendment_model,
            approval_quorum="any",
            amendment_delta_min=100.0,
            amendment_delta_percent_min=25.0,
        )

    def _signed_contract(self):
        contract = self._create_contract()
        contract._action_sign(
            "Brandon Freeman",
            "2027-01-10",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(contract.state, "active")
        return contract

    def _amend(self, contract, **values):
        """Draft an amendment effective today as the contract user; an
        automatic one is made by the system (as the renewals are)."""
        vals = {
            "contract_id": contract.id,
            "reason": "Price review",
            "date_effective": "2027-02-15",
        }
        vals.update(values)
        env = self.env if vals.get("automatic") else self.env(user=self.contract_user)
        return env["customer.contract.amendment"].create(vals)

    def test_price_increase_needs_finance(self):
        contract = self._signed_contract()
        amendment = self._amend(contract)
        amendment.line_ids.price_unit = 160.0  # 200 -> 320: +120, +60%
        self.assertEqual(amendment.amount_delta, 120.0)
        self.assertTrue(amendment.approval_required)
        with self.assertRefused(UserError, "must be approved before it is signed"):
            amendment.action_open_sign_wizard()
        amendment.action_request_approval()
        self.assertEqual(amendment.state, "to_approve")
        self.assertEqual(amendment.review_ids.definition_id, self.rule_finance)
        self.assertEqual(
            self._approval_activities(amendment).user_id,
            self.finance_1 | self.finance_2,
        )
        # Proposed terms are locked under review.
        with self.assertRefused(UserError, "can no longer be edited"):
            amendment.line_ids.price_unit = 170.0
        self._decide(amendment, self.finance_2, comment="Budgeted")
        self.assertEqual(amendment.state, "approved")
        self.assertEqual(amendment.review_ids.mapped("status"), ["cancel", "approved"])
        self.assertFalse(self._approval_activities(amendment))
        # Approved: signed, then applied as before.
        amendment._action_sign(
            "Brandon Freeman",
            "2027-02-15",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        amendment.action_apply()
        self.assertEqual(amendment.state, "applied")
        self.assertEqual(contract.version_number, 2)
        self.assertEqual(contract.line_ids.price_unit, 160.0)

    def test_request_needs_what_the_signature_needs(self):
        contract = self._signed_contract()
        amendment = self._amend(contract)
        amendment.write({"signatory_id": False})
        amendment.line_ids.price_unit = 160.0
        self.assertTrue(amendment.approval_required)
        with self.assertRefused(
            UserError, "cannot be sent for approval yet: it needs a customer signatory"
        ):
            amendment.action_request_approval()
        self.assertEqual(amendment.state, "draft")
        self.assertFalse(amendment.approval_review_ids)
        amendment.signatory_id = self.signatory
        amendment.action_request_approval()
        self._decide(amendment, self.finance_1)
        amendment._action_sign(
            "Brandon Freeman",
            "2027-02-15",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(amendment.state, "signed")

    def test_one_primary_button_per_state(self):
        user = self.contract_user
        amendment = self._amend(self._signed_contract())
        amendment.line_ids.price_unit = 160.0
        names = self.assertHeader(amendment, user, "action_request_approval")
        self.assertNotIn("action_send_for_signature", names)
        self.assertFalse(amendment.sign_can_mark_signed)
        amendment.action_request_approval()
        self.assertHeader(amendment, user, None)
        self._decide(amendment, self.finance_1)
        self.assertEqual(amendment.state, "approved")
        # Approved: sent for signature (or marked as signed on paper).
        names = self.assertHeader(amendment, user, "action_send_for_signature")
        self.assertNotIn("action_apply", names)
        self.assertTrue(amendment.sign_can_mark_signed)
        amendment._action_sign(
            "Brandon Freeman",
            "2027-02-15",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertHeader(amendment, user, "action_apply")

    def test_small_or_date_only_change_needs_no_approval(self):
        contract = self._signed_contract()
        dates_only = self._amend(contract, date_end="2028-12-31")
        self.assertEqual(dates_only.amount_delta, 0.0)
        self.assertFalse(dates_only.approval_required)
        with self.assertRefused(UserError, "needs no approval"):
            dates_only.action_request_approval()
        dates_only._action_sign(
            "Brandon Freeman",
            "2027-02-15",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(dates_only.state, "signed")
        # A small rise (+10, +5%) is below both thresholds.
        small = self._amend(contract)
        small.line_ids.price_unit = 105.0
        self.assertFalse(small.approval_required)
        # +30% of a small amount: the percentage is enough.
        pct = self._amend(contract)
        pct.line_ids.price_unit = 130.0
        self.assertEqual(pct.amount_delta, 60.0)
        self.assertTrue(pct.approval_required)

    def test_rejected_amendment_back_to_draft(self):
        contract = self._signed_contract()
        amendment = self._amend(contract)
        amendment.line_ids.price_unit = 200.0
        amendment.action_request_approval()
        self._decide(amendment, self.finance_1, "reject", "Too expensive")
        self.assertEqual(amendment.state, "draft")
        self.assertEqual(contract.version_number, 1)
        amendment.line_ids.price_unit = 150.0  # editable again
        amendment.action_request_approval()
        self.assertEqual(len(amendment.approval_review_ids), 4)
        self.assertEqual(len(amendment.review_ids), 2)

    def test_automatic_amendment_goes_to_review_then_applies(self):
        contract = self._signed_contract()
        renewal = self._amend(
            contract, automatic=True, reason="Automatic renewal", date_end="2028-12-31"
        )
        renewal.line_ids.price_unit = 150.0  # uplift above the threshold
        versions = renewal.sudo()._submit_automatic()
        self.assertFalse(versions)
        self.assertEqual(renewal.state, "to_approve")
        self.assertEqual(len(renewal.review_ids), 2)
        # The contract keeps its state and version while the review runs.
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.version_number, 1)
        self.assertEqual(contract.date_end, date(2027, 12, 31))
        # Refused by the approval, or first by the amendment itself (the
        # system, not a user, puts an automatic amendment into force).
        with self.assertRefused(
            UserError, '("Apply" is not possible|not applied by hand)'
        ):
            renewal.with_user(self.contract_user).action_apply()
        # Approved: applied at once, without a signature.
        self._decide(renewal, self.finance_1)
        self.assertEqual(renewal.state, "applied")
        self.assertFalse(renewal.signed_by)
        self.assertEqual(contract.version_number, 2)
        self.assertEqual(contract.date_end, date(2028, 12, 31))
        self.assertEqual(contract.line_ids.price_unit, 150.0)

    def test_automatic_amendment_without_rule_applies_at_once(self):
        contract = self._signed_contract()
        renewal = self._amend(
            contract, automatic=True, reason="Automatic renewal", date_end="2028-12-31"
        )
        versions = renewal.sudo()._submit_automatic()
        self.assertEqual(renewal.state, "applied")
        self.assertEqual(versions.superseded_by_id, renewal)
        self.assertFalse(renewal.review_ids)

    def test_rejected_automatic_amendment_does_not_apply(self):
        contract = self._signed_contract()
        renewal = self._amend(
            contract, automatic=True, reason="Automatic renewal", date_end="2028-12-31"
        )
        renewal.line_ids.price_unit = 150.0
        renewal.sudo()._submit_automatic()
        self._decide(renewal, self.finance_2, "reject", "Uplift not agreed")
        self.assertEqual(renewal.state, "draft")
        self.assertEqual(contract.version_number, 1)
        with self.assertRefused(UserError, "must be approved before it applies"):
            renewal.sudo()._action_apply()
