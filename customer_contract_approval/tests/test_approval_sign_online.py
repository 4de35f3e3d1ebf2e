# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

from PIL import Image

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContractApprovalCommon


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "black").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


SIGNATURE = _png()


@tagged("post_install", "-at_install")
class TestApprovalSignOnline(ContractApprovalCommon):
    """A contract that a rule covers is sent for signature once approved;
    the customer's refusal takes it back to negotiation, to be approved
    again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._create_rule("Sales manager", cls.sales_manager)

    def _approved_contract(self):
        contract = self._create_contract()
        contract.action_negotiate()
        self.assertTrue(contract.approval_required)
        return contract

    def test_send_only_once_approved(self):
        contract = self._approved_contract()
        user_contract = contract.with_user(self.contract_user)
        self.assertFalse(user_contract.sign_can_send)
        with self.assertRefused(UserError, "must be approved before it is signed"):
            user_contract.action_send_for_signature()
        user_contract.action_request_approval()
        self.assertEqual(contract.state, "to_approve")
        self.assertFalse(user_contract.sign_can_send)
        with self.assertRefused(UserError, "only a document ready for signature"):
            user_contract._action_request_signature()
        # Awaiting approval: the customer holding the link cannot sign.
        contract._portal_ensure_token()
        with self.assertRefused(UserError, "has not been sent to you"):
            contract.sudo()._action_customer_sign("Brandon Freeman", SIGNATURE)
        self.assertFalse(contract.signed_by)
        self._decide(contract, self.sales_manager)
        self.assertEqual(contract.state, "approved")
        self.assertTrue(user_contract.sign_can_send)
        self.assertHeader(contract, self.contract_user, "action_send_for_signature")
        user_contract._action_request_signature()
        self.assertEqual(contract.sign_request_state, "customer")
        # Signed by both: out of its approval, signed.
        contract.sudo()._action_customer_sign("Brandon Freeman", SIGNATURE)
        contract.with_user(self.contract_signatory)._action_company_sign(SIGNATURE)
        self.assertRecordValues(
            contract, [{"state": "signed", "sign_request_state": "signed"}]
        )

    def test_declined_goes_back_to_approval(self):
        contract = self._approved_contract()
        contract.with_user(self.contract_user).action_request_approval()
        self._decide(contract, self.sales_manager)
        contract.with_user(self.contract_user)._action_request_signature()
        contract.sudo()._action_customer_decline("Too expensive")
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "negotiation",
                    "sign_request_state": "declined",
                    "sign_decline_reason": "Too expensive",
                }
            ],
        )
        # The approval is history: the edited terms are approved again.
        self.assertTrue(contract.approval_required)
        self.assertFalse(contract.with_user(self.contract_user).sign_can_send)
        with self.assertRefused(UserError, "must be approved before it is signed"):
            contract.with_user(self.contract_user).action_send_for_signature()
        contract.with_user(self.contract_user).name = "Cheaper terms"
        contract.with_user(self.contract_user).action_request_approval()
        self.assertEqual(contract.state, "to_approve")

    def test_changes_requested_after_approval(self):
        contract = self._create_contract()
        contract.action_negotiate()
        contract.with_user(self.contract_user).action_request_approval()
        self._decide(contract, self.sales_manager)
        contract.with_user(self.contract_user)._action_request_signature()
        contract.sudo()._action_customer_request_changes("A second site, please")
        self.assertRecordValues(
            contract, [{"state": "negotiation", "sign_request_state": "none"}]
        )
        self.assertTrue(contract.approval_required)
        self.assertIn(
            "A second site, please",
            contract.activity_ids.filtered(
                lambda a: a.summary == "Changes requested"
            ).note,
        )
