# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time, tagged

from .common import REJECTED_TYPE, ContractApprovalCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-12-01 09:00:00")
class TestApprovalMessages(ContractApprovalCommon):
    """A decision writes one chatter message (with its reason), and the
    owner's "Approval rejected" activity does not outlive the next request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The chatter as users see it: state changes tracked.
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=False, mail_notrack=False)
        )
        cls.rule_manager = cls._create_rule("Sales manager", cls.sales_manager, step=1)
        cls.rule_legal = cls._create_rule("Legal", cls.legal_1, step=2)

    def _flush_tracking(self):
        # Tracking messages are written at the end of the transaction.
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _new_messages(self, contract, decide):
        self._flush_tracking()
        before = contract.message_ids
        decide()
        self._flush_tracking()
        contract.invalidate_recordset(["message_ids"])
        return contract.message_ids - before

    def _rejection_activities(self, contract):
        return contract.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(REJECTED_TYPE)
        )

    def test_one_message_per_decision(self):
        contract = self._create_contract()
        contract.action_request_approval()
        # A step approved, the next one opened: one note.
        messages = self._new_messages(
            contract,
            lambda: self._decide(contract, self.sales_manager, comment="Fine with me"),
        )
        self.assertEqual(len(messages), 1, messages.mapped("body"))
        self.assertIn(
            "Approved by Sam Sales (Sales manager): Fine with me", messages.body
        )
        self.assertEqual(messages.author_id, self.sales_manager.partner_id)
        self.assertNotIn("done", messages.body)
        # The decided activity is done, with the comment, and silent.
        done = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .sudo()
            .search(
                [
                    ("res_model", "=", contract._name),
                    ("res_id", "=", contract.id),
                    ("user_id", "=", self.sales_manager.id),
                ]
            )
        )
        self.assertFalse(done.active)
        self.assertEqual(done.feedback, "Fine with me")
        # The last step approved: one message, with the state change.
        messages = self._new_messages(
            contract, lambda: self._decide(contract, self.legal_1)
        )
        self.assertEqual(len(messages), 1, messages.mapped("body"))
        self.assertIn("Approved by Lea Legal (Legal).", messages.body)
        self.assertIn("can now be signed", messages.body)
        self.assertEqual(
            messages.sudo().tracking_value_ids.mapped("new_value_char"), ["Approved"]
        )
        self.assertEqual(contract.state, "approved")

    def test_one_message_per_rejection(self):
        contract = self._create_contract()
        contract.action_request_approval()
        messages = self._new_messages(
            contract,
            lambda: self._decide(
                contract, self.sales_manager, "reject", "Liability clause missing"
            ),
        )
        self.assertEqual(len(messages), 1, messages.mapped("body"))
        self.assertIn(
            "Rejected by Sam Sales (Sales manager): Liability clause missing",
            messages.body,
        )
        self.assertNotIn("Feedback", messages.body)
        self.assertEqual(
            messages.sudo().tracking_value_ids.mapped("new_value_char"), ["Negotiation"]
        )
        self.assertEqual(len(self._rejection_activities(contract)), 1)

    def test_no_stale_rejection_after_approval_and_signature(self):
        contract = self._create_contract()
        contract.action_request_approval()
        self._decide(contract, self.sales_manager, "reject", "Price too low")
        rejected = self._rejection_activities(contract)
        self.assertEqual(rejected.user_id, self.contract_user)
        # Requested again: the rejection is dealt with.
        contract.with_user(self.contract_user).action_request_approval()
        self.assertFalse(self._rejection_activities(contract))
        self.assertFalse(rejected.active)
        self._decide(contract, self.sales_manager)
        self._decide(contract, self.legal_1)
        self.assertEqual(contract.state, "approved")
        contract.with_user(self.contract_user)._action_sign(
            "Brandon Freeman", "2026-12-01", self.contract_user
        )
        self.assertEqual(contract.state, "signed")
        self.assertFalse(contract.activity_ids)

    def test_rejection_closed_when_signed_without_approval(self):
        contract = self._create_contract()
        contract.action_request_approval()
        self._decide(contract, self.sales_manager, "reject", "Price too low")
        # The rules no longer apply (e.g. archived): signed directly.
        (self.rule_manager | self.rule_legal).sudo().active = False
        contract.with_user(self.contract_user)._action_sign(
            "Brandon Freeman", "2026-12-01", self.contract_user
        )
        self.assertEqual(contract.state, "signed")
        self.assertFalse(self._rejection_activities(contract))
